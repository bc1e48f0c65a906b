import NeuralNet
import TensorKit

/// The parameters of a recursive autoencoder (Socher et al. 2011, "Semi-Supervised Recursive
/// Autoencoders for Predicting Sentiment Distributions"), each a trainable tensor so the
/// workbench's optimizers update them; the hand-written backward pass fills their `grad`.
///
///     word vectors     L   [vocabulary, d]   (rows kept at unit length)
///     encoder          W   [d, 2d], b [d]     p = tanh(W [c1; c2] + b) / |tanh(...)|
///     decoder          Wr  [2d, d], br [2d]   [c1'; c2'] = Wr p + br
///     sentiment layer  Wc  [C, d], bc [C]     softmax(Wc p + bc) at every node (C = 0: none)
public final class AutoencoderWeights: ParameterContainer {
    public let dimension: Int
    public let classCount: Int
    public let embedding: Tensor
    public let encoderWeight: Tensor
    public let encoderBias: Tensor
    public let decoderWeight: Tensor
    public let decoderBias: Tensor
    public let classifierWeight: Tensor
    public let classifierBias: Tensor

    /// Random weights: word vectors uniform then normalised, W and Wr Glorot-uniform, biases zero.
    public init(vocabularySize: Int, dimension: Int, classCount: Int, using generator: inout SeededGenerator) {
        self.dimension = dimension
        self.classCount = classCount
        let d = dimension
        embedding = Tensor.randomNormal([vocabularySize, d], using: &generator).trainable()
        encoderWeight = Initializer.glorotUniform.make([d, 2 * d], fanIn: 2 * d, fanOut: d, using: &generator)
        encoderBias = Tensor.zeros([d]).trainable()
        decoderWeight = Initializer.glorotUniform.make([2 * d, d], fanIn: d, fanOut: 2 * d, using: &generator)
        decoderBias = Tensor.zeros([2 * d]).trainable()
        classifierWeight = Initializer.glorotUniform.make([classCount, d], fanIn: d, fanOut: max(classCount, 1), using: &generator)
        classifierBias = Tensor.zeros([classCount]).trainable()
        normaliseWords(Array(0..<vocabularySize))
    }

    public var vocabularySize: Int { embedding.shape[0] }

    public var parameters: [NamedParameter] {
        var list = [NamedParameter("words", embedding), NamedParameter("encoder.weight", encoderWeight),
                    NamedParameter("encoder.bias", encoderBias), NamedParameter("decoder.weight", decoderWeight),
                    NamedParameter("decoder.bias", decoderBias)]
        if classCount > 0 {
            list += [NamedParameter("sentiment.weight", classifierWeight), NamedParameter("sentiment.bias", classifierBias)]
        }
        return list
    }

    /// Rescales the given word vectors to unit length. Parents are unit vectors by construction;
    /// keeping leaves on the same sphere stops the reconstruction error from being lowered by
    /// simply shrinking the word vectors towards zero.
    public func normaliseWords(_ ids: [Int]) {
        let d = dimension
        embedding.data.withUnsafeMutableBufferPointer { table in
            for id in ids {
                var sum: Float = 0
                for j in 0..<d { sum += table[id * d + j] * table[id * d + j] }
                let scale = 1 / max(sum.squareRoot(), 1e-6)
                for j in 0..<d { table[id * d + j] *= scale }
            }
        }
    }

    /// Starts the word vectors from `table` (`[vocabulary, d]`); rows that are all zero (words
    /// the table knows nothing about) keep their random vectors. Rows are put on the unit sphere.
    public func replaceWords(with table: [Float]) {
        let d = dimension
        precondition(table.count == embedding.data.count, "word table shape")
        embedding.data.withUnsafeMutableBufferPointer { words in
            for row in 0..<vocabularySize where (0..<d).contains(where: { table[row * d + $0] != 0 }) {
                for j in 0..<d { words[row * d + j] = table[row * d + j] }
            }
        }
        normaliseWords(Array(0..<vocabularySize))
    }

    /// A copy of the current values, safe to hand to another thread.
    public func snapshot() -> WeightSnapshot {
        WeightSnapshot(dimension: dimension, classCount: classCount, embedding: embedding.data,
                       encoderWeight: encoderWeight.data, encoderBias: encoderBias.data,
                       decoderWeight: decoderWeight.data, decoderBias: decoderBias.data,
                       classifierWeight: classifierWeight.data, classifierBias: classifierBias.data)
    }
}

/// The values of `AutoencoderWeights` at one moment (a Sendable copy; the forward pass reads
/// weights only through this type, so training and panels never share mutable state).
public struct WeightSnapshot: Sendable {
    public var dimension: Int
    public var classCount: Int
    public var embedding: [Float]
    public var encoderWeight: [Float]
    public var encoderBias: [Float]
    public var decoderWeight: [Float]
    public var decoderBias: [Float]
    public var classifierWeight: [Float]
    public var classifierBias: [Float]
}
