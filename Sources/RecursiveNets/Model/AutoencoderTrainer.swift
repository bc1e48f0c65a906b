import Lab
import NeuralNet
import TensorKit
import Foundation

/// One optimisation step of a recursive autoencoder on a batch of sentences: build the trees
/// (greedy or fixed), run the hand-written backward pass, hand the gradients to an optimizer
/// and put the updated word vectors back on the unit sphere.
public final class AutoencoderTrainer {
    public let weights: AutoencoderWeights
    public let shape: TreeShape
    public let optimizer: any Optimizer
    /// Whether the word vectors learn. Reconstruction alone can be minimised by pulling all word
    /// vectors onto one direction (then every parent is easy to reconstruct and means nothing);
    /// the unsupervised autoencoder therefore keeps its random word vectors by default.
    public var trainsWords = true
    /// Polyak averaging for evaluation: after every step w̄ ← β w̄ + (1 - β) w (Polyak &
    /// Juditsky 1992). Averaged weights wander less from step to step than the last ones, so
    /// the features read from them are steadier. 0 evaluates the last weights.
    public var averageDecay: Float = 0
    private var averaged: WeightSnapshot?

    public init(weights: AutoencoderWeights, shape: TreeShape, optimizer: OptimizerChoice, learningRate: Float) {
        self.weights = weights
        self.shape = shape
        self.optimizer = optimizer.make(weights.parameters, learningRate: learningRate)
    }

    /// Trains on `sentences` (word ids); `labels` (one per sentence) adds the sentiment term
    /// with weight 1 - alpha.
    @discardableResult
    public func step(_ sentences: [[Int]], labels: [Int]?, alpha: Float, learningRate: Float, weightDecay: Float) -> LossBreakdown {
        let snapshot = weights.snapshot()
        let forest = Forest(sentences: sentences, weights: snapshot, shape: shape)
        let (loss, gradients) = forest.lossAndGradients(weights: snapshot, labels: labels, alpha: alpha)
        if Tape.isRecording { recordStages(of: forest, gradients: gradients) }
        weights.embedding.grad = trainsWords ? gradients.embedding : nil
        weights.encoderWeight.grad = gradients.encoderWeight
        weights.encoderBias.grad = gradients.encoderBias
        weights.decoderWeight.grad = gradients.decoderWeight
        weights.decoderBias.grad = gradients.decoderBias
        if weights.classCount > 0 {
            weights.classifierWeight.grad = gradients.classifierWeight
            weights.classifierBias.grad = gradients.classifierBias
        }
        optimizer.learningRate = learningRate
        optimizer.weightDecay = weightDecay
        optimizer.step()
        // No zeroGradients(): every step assigns each grad afresh, and the inspector shows the last ones.
        if trainsWords { weights.normaliseWords(Array(Set(sentences.joined())).sorted()) }
        updateAverage()
        return loss
    }

    /// The stages of the hand-written step, for a tape (the engine's ops do not see them):
    /// the word and node vectors built (every candidate merge of the greedy search included),
    /// the candidates' reconstructions and errors, then the gradients backpropagation through the trees gave.
    private func recordStages(of forest: Forest, gradients: AutoencoderGradients) {
        let d = forest.dimension, words = forest.leafCount, merges = forest.rowCount - forest.leafCount
        Tape.stage("encode", note: "word vectors, then each node p = tanh(We [c1; c2] + be), every candidate merge",
                   shape: [forest.rowCount, d], values: Array(forest.vectors.prefix(forest.rowCount * d)))
        Tape.stage("reconstruct", note: "[c1'; c2'] = Wr p + br for every candidate node", shape: [merges, 2 * d],
                   values: Array(forest.reconstructions[(words * 2 * d)..<(forest.rowCount * 2 * d)]))
        Tape.stage("score", note: "the reconstruction error of each candidate; the greedy tree keeps the lowest",
                   shape: [merges], values: Array(forest.errors[words..<forest.rowCount]))
        let backward = "backpropagation through the trees, by hand (Goller & Küchler 1996)"
        Tape.stage("∂We", note: backward, shape: weights.encoderWeight.shape, values: weights.encoderWeight.data,
                   gradient: gradients.encoderWeight)
        Tape.stage("∂Wr", note: backward, shape: weights.decoderWeight.shape, values: weights.decoderWeight.data,
                   gradient: gradients.decoderWeight)
        if weights.classCount > 0 {
            Tape.stage("∂Wc", note: backward + ", sentiment layer", shape: weights.classifierWeight.shape,
                       values: weights.classifierWeight.data, gradient: gradients.classifierWeight)
        }
        if trainsWords {
            Tape.stage("∂words", note: backward + ", word vectors", shape: weights.embedding.shape, values: weights.embedding.data,
                       gradient: gradients.embedding)
        }
    }

    /// The weights to evaluate and to show: the running average, or the current weights when
    /// averaging is off or no step has been taken.
    public func evaluationWeights() -> WeightSnapshot {
        averageDecay > 0 ? averaged ?? weights.snapshot() : weights.snapshot()
    }

    private func updateAverage() {
        guard averageDecay > 0 else { averaged = nil; return }
        let now = weights.snapshot()
        guard var average = averaged else { averaged = now; return }
        averaged = nil      // keep the arrays uniquely referenced while they are blended
        let beta = averageDecay
        func blend(_ mean: inout [Float], _ value: [Float]) { ParameterAverage.blend(&mean, value, decay: beta) }
        blend(&average.embedding, now.embedding)
        blend(&average.encoderWeight, now.encoderWeight)
        blend(&average.encoderBias, now.encoderBias)
        blend(&average.decoderWeight, now.decoderWeight)
        blend(&average.decoderBias, now.decoderBias)
        blend(&average.classifierWeight, now.classifierWeight)
        blend(&average.classifierBias, now.classifierBias)
        averaged = average
    }
}

/// What a trained autoencoder says about whole sentences.
public struct SentenceEncoding: Sendable {
    /// `[count, 2d]`: the root vector, then the mean of all node vectors (Socher et al. 2011's features).
    public var features: [Float]
    /// Sentiment softmax at each root `[count, classes]` (empty without a sentiment layer).
    public var rootProbabilities: [Float]
    /// Mean reconstruction error per merge over all sentences.
    public var meanReconstructionError: Double
    public var width: Int
}

extension WeightSnapshot {
    /// Builds the trees of `sentences` in chunks and reads off their features.
    public func encode(_ sentences: [[Int]], shape: TreeShape, chunk: Int = 256) -> SentenceEncoding {
        let d = dimension, width = 2 * d
        var encoding = SentenceEncoding(features: [], rootProbabilities: [], meanReconstructionError: 0, width: width)
        var errorSum = 0.0, mergeCount = 0
        for start in stride(from: 0, to: sentences.count, by: chunk) {
            let forest = Forest(sentences: Array(sentences[start..<min(start + chunk, sentences.count)]), weights: self, shape: shape)
            for s in forest.roots.indices {
                let nodes = forest.nodes(ofSentence: s)
                var mean = [Float](repeating: 0, count: d)
                for row in nodes { for j in 0..<d { mean[j] += forest.vectors[row * d + j] } }
                encoding.features += forest.vector(forest.roots[s]) + mean.map { $0 / Float(nodes.count) }
                for row in forest.merges[s] { errorSum += Double(forest.errors[row]) }
                mergeCount += forest.merges[s].count
                if classCount > 0 { encoding.rootProbabilities += sentiment(of: forest.vector(forest.roots[s])) }
            }
        }
        encoding.meanReconstructionError = errorSum / Double(max(mergeCount, 1))
        return encoding
    }

    /// softmax(Wc p + bc) for one node vector.
    public func sentiment(of vector: [Float]) -> [Float] {
        let d = dimension
        var logits = (0..<classCount).map { c in
            (0..<d).reduce(classifierBias[c]) { $0 + classifierWeight[c * d + $1] * vector[$1] }
        }
        let largest = logits.max() ?? 0
        logits = logits.map { expf($0 - largest) }
        let sum = logits.reduce(0, +)
        return logits.map { $0 / sum }
    }
}
