import TensorKit

/// A multilayer perceptron: Linear, activation (and dropout) repeated; the last layer is linear.
public final class MLP: ParameterContainer {
    public let layers: [Linear]
    public let activation: Activation
    public let dropout: Dropout

    /// `sizes` lists the widths from input to output: `[64, 128, 10]` is one hidden layer.
    public init(sizes: [Int], activation: Activation = .relu, dropout: Float = 0,
                using generator: inout SeededGenerator) {
        precondition(sizes.count >= 2, "an MLP needs at least an input and an output size")
        var layers: [Linear] = []
        for (index, (inputs, outputs)) in zip(sizes, sizes.dropFirst()).enumerated() {
            let isLast = index == sizes.count - 2
            layers.append(Linear(inputs, outputs, initializer: isLast ? .glorotUniform : activation.preferredInitializer,
                                 using: &generator))
        }
        self.layers = layers
        self.activation = activation
        self.dropout = Dropout(rate: dropout)
    }

    public func callAsFunction(_ x: Tensor, training: Bool = false, using generator: inout SeededGenerator) -> Tensor {
        var hidden = x
        for (index, layer) in layers.enumerated() {
            hidden = layer(hidden)
            if index < layers.count - 1 {
                hidden = dropout(activation(hidden), training: training, using: &generator)
            }
        }
        return hidden
    }

    /// Evaluation pass (no dropout).
    public func callAsFunction(_ x: Tensor) -> Tensor {
        var unused = SeededGenerator(seed: 0)
        return self(x, training: false, using: &unused)
    }

    public var parameters: [NamedParameter] {
        layers.enumerated().flatMap { index, layer in layer.parameters.prefixed("layers.\(index)") }
    }
}
