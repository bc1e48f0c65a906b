import TensorKit

/// One step of a long short-term memory cell (Hochreiter & Schmidhuber 1997):
///
///     [i, f, g, o] = x W_x + h W_h + b          (four blocks of `hidden` columns)
///     c' = sigmoid(f) * c + sigmoid(i) * tanh(g)
///     h' = sigmoid(o) * tanh(c')
///
/// The forget-gate bias starts at 1 so early gradients flow through the cell state.
public final class LSTMCell: ParameterContainer {
    public let inputWeight: Tensor, hiddenWeight: Tensor, bias: Tensor
    public let hiddenSize: Int

    public init(inputSize: Int, hiddenSize: Int, using generator: inout SeededGenerator) {
        self.hiddenSize = hiddenSize
        inputWeight = Initializer.glorotUniform.make([inputSize, 4 * hiddenSize], fanIn: inputSize,
                                                     fanOut: hiddenSize, using: &generator)
        hiddenWeight = Initializer.glorotUniform.make([hiddenSize, 4 * hiddenSize], fanIn: hiddenSize,
                                                      fanOut: hiddenSize, using: &generator)
        var biasValues = [Float](repeating: 0, count: 4 * hiddenSize)
        for j in hiddenSize..<(2 * hiddenSize) { biasValues[j] = 1 }
        bias = Tensor(shape: [4 * hiddenSize], data: biasValues).trainable()
    }

    /// The zero state for a batch.
    public func initialState(batch: Int) -> (hidden: Tensor, cell: Tensor) {
        (Tensor.zeros([batch, hiddenSize]), Tensor.zeros([batch, hiddenSize]))
    }

    public func callAsFunction(_ x: Tensor, state: (hidden: Tensor, cell: Tensor)) -> (hidden: Tensor, cell: Tensor) {
        let gates = x.affine(weight: inputWeight, bias: bias) + state.hidden.matmul(hiddenWeight)
        let h = hiddenSize
        let input = gates.sliced(axis: 1, 0..<h).sigmoid()
        let forget = gates.sliced(axis: 1, h..<(2 * h)).sigmoid()
        let candidate = gates.sliced(axis: 1, (2 * h)..<(3 * h)).tanh()
        let output = gates.sliced(axis: 1, (3 * h)..<(4 * h)).sigmoid()
        let cell = forget * state.cell + input * candidate
        return (output * cell.tanh(), cell)
    }

    public var parameters: [NamedParameter] {
        [NamedParameter("input_weight", inputWeight), NamedParameter("hidden_weight", hiddenWeight),
         NamedParameter("bias", bias)]
    }
}
