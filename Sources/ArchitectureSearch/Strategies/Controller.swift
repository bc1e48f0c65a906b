import Foundation
import NeuralNet
import TensorKit

/// The recurrent controller of Zoph and Le (2017), for any space of decisions: an LSTM that emits one decision
/// per time step. At step t it reads the embedding of the previous choice (a start token at t = 0),
///
///     (h_t, c_t) = LSTM(e(a_{t-1}), (h_{t-1}, c_{t-1}))
///     p(a_t | a_<t) = softmax(h_t W_t + b_t)        (one head per decision, choiceCounts[t] outputs)
///
/// and samples a_t from it. The log-probability of the whole architecture is Σ_t log p(a_t | a_<t),
/// kept as a graph so REINFORCE can differentiate it.
public final class Controller: ParameterContainer {
    let embedding: Embedding
    let cell: LSTMCell
    let heads: [Linear]
    /// Row of the embedding table for choice c of decision t: offsets[t] + c (row 0 is the start token).
    let offsets: [Int]

    /// Choices per decision.
    public let choiceCounts: [Int]

    public init(choiceCounts counts: [Int], hiddenSize: Int = 32, embeddingSize: Int = 16, using generator: inout SeededGenerator) {
        choiceCounts = counts
        var offsets: [Int] = []
        var next = 1
        for count in counts {
            offsets.append(next)
            next += count
        }
        self.offsets = offsets
        embedding = Embedding(count: next, dimension: embeddingSize, using: &generator)
        cell = LSTMCell(inputSize: embeddingSize, hiddenSize: hiddenSize, using: &generator)
        heads = counts.map { Linear(hiddenSize, $0, using: &generator) }
    }

    /// Samples one decision sequence; returns it with its log-probability (a scalar graph node) and the summed
    /// entropy of the decision distributions (a plain number, for watching the controller converge).
    public func sample(using generator: inout SeededGenerator) -> (decisions: [Int], logProbability: Tensor, entropy: Float) {
        let sample = sampleWithEntropy(using: &generator)
        return (sample.decisions, sample.logProbability, sample.entropy.scalar)
    }

    /// `sample` with the summed entropy H = -Σ_t Σ_c p log p kept as a graph node, for an entropy bonus.
    public func sampleWithEntropy(using generator: inout SeededGenerator) -> (decisions: [Int], logProbability: Tensor, entropy: Tensor) {
        var state = cell.initialState(batch: 1)
        var input = embedding([0])
        var logProbability: Tensor?
        var decisions: [Int] = []
        var entropy: Tensor?
        for (t, head) in heads.enumerated() {
            state = cell(input, state: state)
            let logProbabilities = head(state.hidden).logSoftmax()
            let probabilities = logProbabilities.data.map { expf($0) }
            let stepEntropy = -(logProbabilities.exp() * logProbabilities).sum()
            entropy = entropy.map { $0 + stepEntropy } ?? stepEntropy
            let choice = Self.draw(probabilities, using: &generator)
            decisions.append(choice)
            let picked = logProbabilities.pickColumns([choice])
            logProbability = logProbability.map { $0 + picked } ?? picked
            input = embedding([offsets[t] + choice])
        }
        return (decisions, logProbability!.sum(), entropy!)
    }

    /// log p(a) of each given decision sequence, by teacher forcing (every sequence read at once as a
    /// batch): `[sequences.count]`, a graph for maximum-likelihood training (PQT).
    public func logProbabilities(of sequences: [[Int]]) -> Tensor {
        precondition(!sequences.isEmpty && sequences.allSatisfy { $0.count == heads.count }, "need sequences of \(heads.count) decisions")
        var state = cell.initialState(batch: sequences.count)
        var input = embedding(Array(repeating: 0, count: sequences.count))
        var total: Tensor?
        for (t, head) in heads.enumerated() {
            state = cell(input, state: state)
            let choices = sequences.map { $0[t] }
            let picked = head(state.hidden).logSoftmax().pickColumns(choices)
            total = total.map { $0 + picked } ?? picked
            input = embedding(choices.map { offsets[t] + $0 })
        }
        return total!
    }

    /// An index drawn with the given probabilities (inverse CDF).
    static func draw(_ probabilities: [Float], using generator: inout SeededGenerator) -> Int {
        let u = generator.nextUniform() * probabilities.reduce(0, +)
        var cumulative: Float = 0
        for (index, p) in probabilities.enumerated() {
            cumulative += p
            if u < cumulative { return index }
        }
        return probabilities.count - 1
    }

    public var parameters: [NamedParameter] {
        embedding.parameters.map { NamedParameter("embedding.\($0.name)", $0.tensor) }
            + cell.parameters.map { NamedParameter("lstm.\($0.name)", $0.tensor) }
            + heads.enumerated().flatMap { t, head in head.parameters.map { NamedParameter("head\(t + 1).\($0.name)", $0.tensor) } }
    }
}
