import TensorKit

/// One step of a gated recurrent unit (Cho et al. 2014), in the form GRU4Rec writes it
/// (Hidasi et al. 2016, eqs. 2-5), with biases:
///
///     z = sigmoid(x W_z + h U_z + b_z)             update gate
///     r = sigmoid(x W_r + h U_r + b_r)             reset gate
///     n = tanh(x W_n + (r * h) U_n + b_n)          candidate
///     h' = (1 - z) * h + z * n
///
/// `inputWeight` holds [W_z | W_r | W_n] (`[inputs, 3 hidden]`), `gateWeight` [U_z | U_r]
/// (`[hidden, 2 hidden]`) and `candidateWeight` U_n (`[hidden, hidden]`). A one-hot input x
/// (an item id) multiplies out to a row of `inputWeight`, so `callAsFunction(oneHot:hidden:)`
/// gathers rows instead of multiplying a mostly-zero matrix.
public final class GRUCell: ParameterContainer {
    public let inputWeight: Tensor, gateWeight: Tensor, candidateWeight: Tensor, bias: Tensor
    public let hiddenSize: Int

    public init(inputSize: Int, hiddenSize: Int, using generator: inout SeededGenerator) {
        self.hiddenSize = hiddenSize
        inputWeight = Initializer.glorotUniform.make([inputSize, 3 * hiddenSize], fanIn: inputSize,
                                                     fanOut: hiddenSize, using: &generator)
        gateWeight = Initializer.glorotUniform.make([hiddenSize, 2 * hiddenSize], fanIn: hiddenSize,
                                                    fanOut: hiddenSize, using: &generator)
        candidateWeight = Initializer.glorotUniform.make([hiddenSize, hiddenSize], fanIn: hiddenSize,
                                                         fanOut: hiddenSize, using: &generator)
        bias = Tensor.zeros([3 * hiddenSize]).trainable()
    }

    public var inputSize: Int { inputWeight.shape[0] }

    /// The zero state for a batch: `[batch, hidden]`.
    public func initialState(batch: Int) -> Tensor { Tensor.zeros([batch, hiddenSize]) }

    /// h' from inputs `x: [B, inputs]` and the state `hidden: [B, hidden]`.
    public func callAsFunction(_ x: Tensor, hidden: Tensor) -> Tensor {
        step(projected: x.affine(weight: inputWeight, bias: bias), hidden: hidden)
    }

    /// h' for one-hot inputs given by their indices (x W = the rows of W): `[ids.count, hidden]`.
    public func callAsFunction(oneHot ids: [Int], hidden: Tensor) -> Tensor {
        step(projected: inputWeight.gatherRows(ids) + bias, hidden: hidden)
    }

    /// The recurrence once the input's share `x W + b` (`[B, 3 hidden]`) is known.
    func step(projected: Tensor, hidden: Tensor) -> Tensor {
        let h = hiddenSize
        let gates = (projected.sliced(axis: 1, 0..<(2 * h)) + hidden.matmul(gateWeight)).sigmoid()
        let update = gates.sliced(axis: 1, 0..<h), reset = gates.sliced(axis: 1, h..<(2 * h))
        let candidate = (projected.sliced(axis: 1, (2 * h)..<(3 * h)) + (reset * hidden).matmul(candidateWeight)).tanh()
        return hidden + update * (candidate - hidden)  // (1 - z) h + z n
    }

    public var parameters: [NamedParameter] {
        [NamedParameter("input_weight", inputWeight), NamedParameter("gate_weight", gateWeight),
         NamedParameter("candidate_weight", candidateWeight), NamedParameter("bias", bias)]
    }
}
