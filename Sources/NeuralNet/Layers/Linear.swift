import TensorKit

/// A fully connected layer: y = x W + b, with `x: [n, inputs]`, `W: [inputs, outputs]`, `b: [outputs]`.
public final class Linear: ParameterContainer {
    public let weight: Tensor
    public let bias: Tensor?

    public init(_ inputs: Int, _ outputs: Int, bias: Bool = true, initializer: Initializer = .glorotUniform,
                using generator: inout SeededGenerator) {
        weight = initializer.make([inputs, outputs], fanIn: inputs, fanOut: outputs, using: &generator)
        self.bias = bias ? Tensor.zeros([outputs]).trainable() : nil
    }

    public var inputs: Int { weight.shape[0] }
    public var outputs: Int { weight.shape[1] }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        if x.rank == 2 { return x.affine(weight: weight, bias: bias) }
        // Any leading axes: fold them into the rows and unfold after.
        let rows = x.reshaped([-1, inputs]).affine(weight: weight, bias: bias)
        return rows.reshaped(Array(x.shape.dropLast()) + [outputs])
    }

    /// The layer's outputs at the entries of `pattern` only (`[n, outputs]` read at a few
    /// entries, such as observed ratings): `[pattern.count]`, in pattern order.
    public func callAsFunction(_ x: Tensor, at pattern: SparsePattern) -> Tensor {
        x.affine(weight: weight, bias: bias, at: pattern)
    }

    public var parameters: [NamedParameter] {
        [NamedParameter("weight", weight)] + (bias.map { [NamedParameter("bias", $0)] } ?? [])
    }
}
