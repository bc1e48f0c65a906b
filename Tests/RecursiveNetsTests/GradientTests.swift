import Testing
import TensorKit
import TestSupport
@testable import RecursiveNets

/// The hand-written backward pass of the recursive autoencoder against the autodiff engine and
/// against finite differences.
@Suite struct AutoencoderGradientTests {
    static let sentences = [[1, 2, 3, 4, 5], [2, 6], [7], [3, 1, 4]]
    static let labels = [1, 0, 1, 0]

    static func weights(dimension: Int = 4, classes: Int = 2, seed: UInt64 = 3) -> WeightSnapshot {
        var generator = SeededGenerator(seed: seed)
        let model = AutoencoderWeights(vocabularySize: 8, dimension: dimension, classCount: classes, using: &generator)
        // Non-zero biases so their gradients are exercised.
        model.encoderBias.data = model.encoderBias.data.indices.map { Float($0 % 3) * 0.1 - 0.1 }
        model.decoderBias.data = model.decoderBias.data.indices.map { Float($0 % 4) * 0.05 }
        model.classifierBias.data = model.classifierBias.data.indices.map { Float($0) * 0.2 }
        return model.snapshot()
    }

    static func largestDifference(_ a: [Float], _ b: [Float]) -> Float {
        zip(a, b).map { Swift.abs($0 - $1) }.max() ?? 0
    }

    @Test(arguments: TreeShape.allCases, [Float(1), 0.2])
    func handWrittenBackwardMatchesAutodiff(shape: TreeShape, alpha: Float) {
        let weights = Self.weights()
        let forest = Forest(sentences: Self.sentences, weights: weights, shape: shape)
        let labels: [Int]? = alpha < 1 ? Self.labels : nil
        let (loss, gradients) = forest.lossAndGradients(weights: weights, labels: labels, alpha: alpha)
        let reference = AutodiffReference(weights)
        let referenceLoss = reference.loss(forest, labels: labels, alpha: alpha)
        referenceLoss.backward()
        #expect(Swift.abs(loss.total - referenceLoss.scalar) < 1e-5, "\(loss) vs \(referenceLoss.scalar)")
        let fast = [gradients.embedding, gradients.encoderWeight, gradients.encoderBias, gradients.decoderWeight,
                    gradients.decoderBias] + (labels == nil ? [] : [gradients.classifierWeight, gradients.classifierBias])
        for (index, values) in fast.enumerated() {
            let slow = reference.all[index].grad ?? [Float](repeating: 0, count: values.count)
            #expect(Self.largestDifference(values, slow) < 1e-5, "parameter \(index): \(values) vs \(slow)")
        }
    }

    /// Composition p = tanh(W [c1; c2] + b) / |.| and the weighted reconstruction error,
    /// checked by finite differences with respect to the children and all four weights.
    @Test func compositionAndReconstructionPassFiniteDifferences() {
        var tensors = TestTensors(seed: 5)
        let inputs = [tensors.uniform([1, 3]), tensors.uniform([1, 3]), tensors.uniform([3, 6], -0.7...0.7), tensors.uniform([3]),
                      tensors.uniform([6, 3], -0.7...0.7), tensors.uniform([6])]
        let result = GradientCheck.check(inputs, epsilon: 1e-2) { x in
            let (parent, error) = AutodiffReference.compose(x[0], x[1], leftWords: 2, rightWords: 3, encoderWeight: x[2], encoderBias: x[3],
                                                            decoderWeight: x[4], decoderBias: x[5])
            return Tensor.concatenate([parent, error.reshaped([1, 1])], axis: 1)
        }
        #expect(result.worstError < 2e-2, "\(result)")
    }

    /// The fast engine's gradient against central differences of its own loss (a fixed tree,
    /// so a step cannot change the structure).
    @Test func handWrittenBackwardPassesFiniteDifferences() {
        let weights = Self.weights(dimension: 3)
        let (_, gradients) = Forest(sentences: Self.sentences, weights: weights, shape: .balanced)
            .lossAndGradients(weights: weights, labels: Self.labels, alpha: 0.5)
        func loss(_ changed: WeightSnapshot) -> Double {
            Double(Forest(sentences: Self.sentences, weights: changed, shape: .balanced)
                .lossAndGradients(weights: changed, labels: Self.labels, alpha: 0.5).0.total)
        }
        let paths: [(WritableKeyPath<WeightSnapshot, [Float]>, [Float])] = [
            (\.embedding, gradients.embedding), (\.encoderWeight, gradients.encoderWeight), (\.encoderBias, gradients.encoderBias),
            (\.decoderWeight, gradients.decoderWeight), (\.decoderBias, gradients.decoderBias),
            (\.classifierWeight, gradients.classifierWeight), (\.classifierBias, gradients.classifierBias),
        ]
        var worst = 0.0
        let epsilon: Float = 1e-2
        for (path, analytic) in paths {
            for index in analytic.indices {
                var plus = weights, minus = weights
                plus[keyPath: path][index] += epsilon
                minus[keyPath: path][index] -= epsilon
                let numeric = (loss(plus) - loss(minus)) / (2 * Double(epsilon))
                let exact = Double(analytic[index])
                worst = max(worst, Swift.abs(exact - numeric) / max(1, Swift.abs(exact), Swift.abs(numeric)))
            }
        }
        #expect(worst < 5e-3, "worst relative error \(worst)")
    }

    /// The hand-written step shows its stages on a tape: the nodes built, their reconstructions
    /// and errors, then each weight's gradient as the optimizer received it.
    @Test func aRecordedStepListsTheHandWrittenStages() {
        var generator = SeededGenerator(seed: 4)
        let weights = AutoencoderWeights(vocabularySize: 8, dimension: 4, classCount: 2, using: &generator)
        let trainer = AutoencoderTrainer(weights: weights, shape: .greedy, optimizer: .sgd, learningRate: 0)
        let tape = Tape.record {
            trainer.step(Self.sentences, labels: Self.labels, alpha: 0.2, learningRate: 0, weightDecay: 0)
        }
        #expect(tape.operations.map(\.name) == ["encode", "reconstruct", "score", "∂We", "∂Wr", "∂Wc", "∂words"])
        let words = Self.sentences.reduce(0) { $0 + $1.count }
        #expect(tape.operations[0].shape[1] == 4 && tape.operations[0].shape[0] > words)
        #expect(tape.operations[2].shape == [tape.operations[0].shape[0] - words])
        #expect(tape.operations[3].outputGradient?.gradient.values == weights.encoderWeight.grad)
        #expect(tape.operations[5].outputGradient?.gradient.values == weights.classifierWeight.grad)
        #expect(tape.operations.prefix(3).allSatisfy { $0.outputGradient == nil })
    }
}
