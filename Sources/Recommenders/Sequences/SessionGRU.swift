import NeuralNet
import TensorKit

/// GRU4Rec's network (Hidasi et al. 2016): the current item, one-hot, into a GRU layer, then a
/// score for every item from the hidden state:
///
///     h_t = GRU(onehot(item_t), h_{t-1})           [B, H]
///     r̂_t = h_t Wᵀ + b                             [B, items]   (W: [items, H], an output vector per item)
///
/// One-hot times the GRU's input weights is a row lookup (`GRUCell.callAsFunction(oneHot:hidden:)`).
public final class SessionGRU: ParameterContainer {
    public let cell: GRUCell
    /// The output vectors W `[items, H]` and biases b `[items]`.
    public let output: Tensor, outputBias: Tensor

    public init(itemCount: Int, hiddenSize: Int, using generator: inout SeededGenerator) {
        cell = GRUCell(inputSize: itemCount, hiddenSize: hiddenSize, using: &generator)
        output = Tensor.randomNormal([itemCount, hiddenSize], standardDeviation: 0.1, using: &generator).trainable()
        outputBias = Tensor.zeros([itemCount]).trainable()
    }

    public var itemCount: Int { output.shape[0] }
    public var hiddenSize: Int { cell.hiddenSize }

    /// The next hidden state of each row of `hidden` after reading `items`.
    public func step(_ items: [Int], hidden: Tensor) -> Tensor { cell(oneHot: items, hidden: hidden) }

    /// Scores of every item: `[B, items]`.
    public func scores(_ hidden: Tensor) -> Tensor {
        hidden.affine(weight: output, bias: outputBias, transposeWeight: true)
    }

    /// Scores of the given items only (the minibatch's targets as each other's negatives):
    /// `[B, items.count]`, column j for `items[j]`.
    public func scores(_ hidden: Tensor, of items: [Int]) -> Tensor {
        hidden.matmul(output.gatherRows(items), transposeOther: true) + outputBias.reshaped([-1, 1]).gatherRows(items).reshaped([items.count])
    }

    /// The hidden state after reading each of `sessions` (no gradients): `[sessions.count, H]`.
    public func state(after sessions: [[Int]]) -> Tensor {
        withoutGradients {
            var hidden = cell.initialState(batch: sessions.count)
            let longest = sessions.map(\.count).max() ?? 0
            for position in 0..<longest {
                // Sessions already finished repeat their state: feed any item, keep the old row.
                let items = sessions.map { position < $0.count ? $0[position] : 0 }
                let next = step(items, hidden: hidden)
                var values = next.data
                for (row, session) in sessions.enumerated() where position >= session.count {
                    for j in 0..<hiddenSize { values[row * hiddenSize + j] = hidden.data[row * hiddenSize + j] }
                }
                hidden = Tensor(shape: next.shape, data: values)
            }
            return hidden
        }
    }

    public var parameters: [NamedParameter] {
        cell.parameters.prefixed("gru") + [NamedParameter("output.weight", output), NamedParameter("output.bias", outputBias)]
    }
}

/// The losses GRU4Rec trains with, over scores r̂ of the targets (i) and negatives (j).
public enum SessionLoss: String, CaseIterable, Sendable {
    /// Softmax cross-entropy over all items: -log softmax(r̂)_i.
    case crossEntropy = "cross-entropy"
    /// TOP1 (Hidasi et al. 2016): 1/N_S Σ_j σ(r̂_j − r̂_i) + σ(r̂_j²), j over the targets of all the
    /// minibatch's lanes. The mean runs over the whole B x B matrix, the diagonal (j = i, adding
    /// σ(0) + σ(r̂_i²)) and lanes that share a target included, as the authors' code does.
    case top1
    /// BPR (Rendle et al. 2009) over the same samples: −1/N_S Σ_j log σ(r̂_i − r̂_j) (the diagonal adds log 2).
    case bpr

    public static var names: [String] { allCases.map(\.rawValue) }

    /// The mean loss of a minibatch whose hidden states are `hidden` and next items `targets`.
    func loss(_ model: SessionGRU, hidden: Tensor, targets: [Int]) -> Tensor {
        switch self {
        case .crossEntropy:
            return Loss.softmaxCrossEntropy(model.scores(hidden), labels: targets)
        case .top1, .bpr:
            // scores[a, b] = r̂ of lane b's target for lane a: the diagonal holds the positives.
            let scores = model.scores(hidden, of: targets)
            let positive = scores.pickColumns(Array(targets.indices)).reshaped([-1, 1])
            if self == .top1 { return ((scores - positive).sigmoid() + scores.squared().sigmoid()).mean() }
            return (positive - scores).negated().softplus().mean()  // -log σ(x) = softplus(-x)
        }
    }
}

extension Tensor {
    /// -x.
    func negated() -> Tensor { self * -1 }
}
