import Datasets
import Foundation
import Lab
import NeuralNet
import TensorKit

/// What training one child architecture measured.
public struct ChildResult: Sendable, Equatable {
    public let architecture: MacroArchitecture
    /// Accuracy on the validation images (row index % 5 == 4), in 0...1.
    public let accuracy: Double
    /// Trainable scalars of the child network.
    public let parameterCount: Int
    /// Wall-clock seconds spent building, training and validating it.
    public let seconds: Double
    /// Mean training loss of the last epoch.
    public let trainLoss: Double
}

/// Trains a child network from scratch for a few epochs with Adam and reports its validation accuracy:
/// the (noisy, cheap) reward every search strategy maximizes.
public struct ChildTrainer: Sendable {
    public let data: ClassificationData
    public var epochs: Int
    public var batchSize: Int
    public var learningRate: Float

    public init(data: ClassificationData, epochs: Int = 2, batchSize: Int = 32, learningRate: Float = 1e-2) {
        self.data = data
        self.epochs = epochs
        self.batchSize = batchSize
        self.learningRate = learningRate
    }

    /// UCI digits as flat 64-pixel rows; validation is row index % 5 == 4 (360 of the 1,797 images).
    public static func digits(store: DataStore) throws -> ClassificationData {
        let images = try UCIDigits.load(store: store)
        let split = Splits.moduloSplit(count: images.count, modulus: 5, testRemainder: 4)
        return ClassificationData(features: images.pixels, featureCount: images.pixelsPerImage, labels: images.labels,
                                  classCount: images.classNames.count, trainIndices: split.train,
                                  heldOutIndices: split.test, heldOutName: "validation")
    }

    /// Builds `architecture`, trains it with its own seed and returns the measurement and the network.
    public func train(_ architecture: MacroArchitecture, seed: UInt64) -> (result: ChildResult, network: ChildNetwork) {
        let start = ContinuousClock.now
        var generator = SeededGenerator(seed: seed)
        let network = ChildNetwork(architecture, using: &generator)
        let optimizer = Adam(network.parameters, learningRate: learningRate)
        var cursor = MinibatchCursor(indices: data.trainIndices, batchSize: batchSize, seed: seed &+ 1)
        var lastEpochLoss = 0.0
        for _ in 0..<epochs {
            var total = 0.0
            for _ in 0..<cursor.stepsPerEpoch {
                let rows = cursor.next(batchSize: batchSize)
                optimizer.zeroGradients()
                let loss = Loss.softmaxCrossEntropy(network(data.batch(rows)), labels: data.labels(rows))
                loss.backward()
                optimizer.step()
                total += Double(loss.scalar)
            }
            lastEpochLoss = total / Double(cursor.stepsPerEpoch)
        }
        let accuracy = data.evaluate { network($0) }.accuracy
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return (ChildResult(architecture: architecture, accuracy: accuracy, parameterCount: network.parameterCount,
                            seconds: seconds, trainLoss: lastEpochLoss), network)
    }
}
