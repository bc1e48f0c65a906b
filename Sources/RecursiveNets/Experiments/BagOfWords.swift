import Foundation
import Lab
import NeuralNet
import TensorKit

/// The baseline to beat: logistic regression on a bag of words (which words occur, order
/// ignored), over the same split and vocabulary rules as the recursive nets:
///
///     p(y | s) = softmax(sum over distinct words w of s of V[w] + c)
///
/// The features are sparse, so the forward and backward passes add only the rows of the words
/// present (the gradient of V[w] is the sum of (p - onehot(y)) over the sentences holding w).
public final class BagOfWords: ExperimentRun {
    public static let entry = ExperimentEntry(
        ExperimentDescriptor(id: "rnn.bow", title: "Bag-of-words logistic regression", topic: "recursive-nets",
                             summary: "Which words occur, order ignored: the sentiment baseline for the recursive nets",
                             datasets: ["polarity"], epochs: 10, reproduces: Reproduction("test accuracy", 0.69, within: 0.035)),
        settings: [
        .real("learning-rate", 0.05, in: 1e-5...10, logarithmic: true, live: true, "step size of the optimizer"),
        .choice("optimizer", "adagrad", among: OptimizerChoice.names, "update rule"),
        .real("weight-decay", 1e-3, in: 0...1, live: true, "L2 penalty on the word weights"),
        .integer("batch-size", 32, in: 1...3600, live: true, "sentences per minibatch (applies from the next epoch)"),
        .integer("min-count", 2, in: 1...20, "words seen fewer times in training become <unk>"),
        .integer("train-size", 3600, in: 10...3600, "training sentences used"),
        .integer("test-size", 400, in: 10...400, "test sentences used"),
        ]) { try BagOfWords($0) }

    let corpus: SentenceCorpus
    private let bags: [[Int]]
    private let wordWeights: Tensor
    private let bias: Tensor
    private let optimizer: any Optimizer
    private var cursor: MinibatchCursor
    private(set) var testPredictions: [Int] = []

    init(_ context: ExperimentContext) throws {
        let hyperparameters = context.settings
        let corpus = try SentenceCorpus.load(store: context.store, minimumCount: hyperparameters.integer("min-count"),
                                             trainSize: hyperparameters.integer("train-size"),
                                             testSize: hyperparameters.integer("test-size"))
        bags = corpus.sentences.map { Array(Set($0)).sorted() }
        wordWeights = Tensor.zeros([corpus.vocabulary.count, 2]).trainable()
        bias = Tensor.zeros([2]).trainable()
        optimizer = OptimizerChoice(rawValue: hyperparameters.choice("optimizer"))!
            .make([NamedParameter("words", wordWeights), NamedParameter("bias", bias)],
                  learningRate: hyperparameters.float("learning-rate"))
        cursor = MinibatchCursor(indices: corpus.trainIndices, batchSize: hyperparameters.integer("batch-size"), seed: context.seed &+ 1)
        self.corpus = corpus
    }

    public var stepsPerEpoch: Int { cursor.stepsPerEpoch }

    /// p(positive) - style two-class probabilities for sentence `index`.
    private func probabilities(_ index: Int) -> (Float, Float) {
        var z0 = bias.data[0], z1 = bias.data[1]
        for word in bags[index] { z0 += wordWeights.data[2 * word]; z1 += wordWeights.data[2 * word + 1] }
        let largest = max(z0, z1)
        let e0 = expf(z0 - largest), e1 = expf(z1 - largest)
        return (e0 / (e0 + e1), e1 / (e0 + e1))
    }

    public func step(_ hyperparameters: HyperparameterSet) throws -> StepReport {
        optimizer.follow(hyperparameters)
        let rows = cursor.next(batchSize: hyperparameters.integer("batch-size"))
        var wordGradient = [Float](repeating: 0, count: wordWeights.count)
        var biasGradient: [Float] = [0, 0]
        var loss: Float = 0
        for index in rows {
            let (p0, p1) = probabilities(index)
            let label = corpus.labels[index]
            loss -= logf(max(label == 1 ? p1 : p0, 1e-30))
            let g0 = (p0 - (label == 0 ? 1 : 0)) / Float(rows.count), g1 = (p1 - (label == 1 ? 1 : 0)) / Float(rows.count)
            biasGradient[0] += g0
            biasGradient[1] += g1
            for word in bags[index] { wordGradient[2 * word] += g0; wordGradient[2 * word + 1] += g1 }
        }
        wordWeights.grad = wordGradient
        bias.grad = biasGradient
        optimizer.step()
        optimizer.zeroGradients()
        return StepReport(loss: loss / Float(rows.count), examples: rows.count)
    }

    public func evaluate(_ hyperparameters: HyperparameterSet) throws -> [Metric] {
        var correct = 0, loss = 0.0
        testPredictions = corpus.testIndices.map { probabilities($0).1 > 0.5 ? 1 : 0 }
        for (index, guess) in zip(corpus.testIndices, testPredictions) {
            let (p0, p1) = probabilities(index)
            loss -= Double(logf(max(corpus.labels[index] == 1 ? p1 : p0, 1e-30)))
            if guess == corpus.labels[index] { correct += 1 }
        }
        let count = Double(max(corpus.testIndices.count, 1))
        return [.accuracy(Double(correct) / count, name: "test accuracy"), .loss(loss / count, name: "test loss")]
    }

    public var parameters: [NamedParameter] { [NamedParameter("words", wordWeights), NamedParameter("bias", bias)] }
}
