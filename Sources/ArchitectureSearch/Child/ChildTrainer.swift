import Datasets
import Foundation
import Lab
import NeuralNet
import TensorKit

/// What training one child architecture measured.
public struct ChildResult: Sendable, Equatable {
    public let architecture: Architecture
    /// Accuracy on the validation images (row index % 5 == 4), in 0...1.
    public let accuracy: Double
    /// Trainable scalars of the child network.
    public let parameterCount: Int
    /// Wall-clock seconds spent building, training and validating it.
    public let seconds: Double
    /// Mean training loss of the last epoch.
    public let trainLoss: Double

    public init(architecture: Architecture, accuracy: Double, parameterCount: Int, seconds: Double, trainLoss: Double) {
        self.architecture = architecture
        self.accuracy = accuracy
        self.parameterCount = parameterCount
        self.seconds = seconds
        self.trainLoss = trainLoss
    }
}

/// Trains a child network from scratch for a few epochs with Adam and reports its validation accuracy:
/// the (noisy, cheap) reward every search strategy maximizes.
public struct ChildTrainer: Sendable {
    public let data: ClassificationData
    public var epochs: Int
    public var batchSize: Int
    public var learningRate: Float
    /// How NASNet cells are stacked into a child (the 8x8 proxy by default).
    public var nasnetStack: NASNetStack

    public init(data: ClassificationData, epochs: Int = 2, batchSize: Int = 32, learningRate: Float = 1e-2,
                nasnetStack: NASNetStack = .proxy) {
        self.data = data
        self.epochs = epochs
        self.batchSize = batchSize
        self.learningRate = learningRate
        self.nasnetStack = nasnetStack
    }

    /// UCI digits as flat 64-pixel rows; validation is row index % 5 == 4 (360 of the 1,797 images).
    public static func digits(store: DataStore) throws -> ClassificationData {
        let images = try UCIDigits.load(store: store)
        let split = Splits.moduloSplit(count: images.count, modulus: 5, testRemainder: 4)
        return ClassificationData(features: images.pixels, featureCount: images.pixelsPerImage, labels: images.labels,
                                  classCount: images.classNames.count, trainIndices: split.train,
                                  heldOutIndices: split.test, heldOutName: "validation")
    }

    /// A Fashion-MNIST subset shrunk to the children's 8x8 input: the first `count` training images, each
    /// padded by 2 to 32x32 and averaged over 4x4 blocks; validation is row index % 5 == 4 as for digits.
    /// (8x8 clothing is coarse: accuracies are far below full-size Fashion-MNIST's.)
    public static func fashion(store: DataStore, count: Int = 3000) throws -> ClassificationData {
        let images = try FashionMNIST.load(.train, store: store, limit: count)
        precondition(images.rows == 28 && images.columns == 28, "Fashion-MNIST images are 28x28")
        var pixels = [Float](repeating: 0, count: images.count * 64)
        for index in 0..<images.count {
            let image = images.image(index), base = image.startIndex
            for y in 0..<32 { for x in 0..<32 {
                let (row, column) = (y - 2, x - 2)
                guard (0..<28).contains(row), (0..<28).contains(column) else { continue }
                pixels[index * 64 + (y / 4) * 8 + x / 4] += image[base + row * 28 + column] / 16
            } }
        }
        let split = Splits.moduloSplit(count: images.count, modulus: 5, testRemainder: 4)
        return ClassificationData(features: pixels, featureCount: 64, labels: images.labels, classCount: images.classNames.count,
                                  trainIndices: split.train, heldOutIndices: split.test, heldOutName: "validation")
    }

    /// The children's data by name: "digits" (UCI digits) or "fashion" (the 8x8 Fashion-MNIST subset).
    public static func data(_ name: String, store: DataStore) throws -> ClassificationData {
        name == "fashion" ? try fashion(store: store) : try digits(store: store)
    }

    /// Builds `architecture`, trains it with its own seed and returns the measurement and the network's parameters.
    public func train(_ architecture: Architecture, seed: UInt64) -> (result: ChildResult, parameters: [NamedParameter]) {
        let start = ContinuousClock.now
        var generator = SeededGenerator(seed: seed)
        let forward: (Tensor) -> Tensor
        let parameters: [NamedParameter]
        switch architecture {
        case .macro(let macro):
            let network = ChildNetwork(macro, using: &generator)
            forward = { network($0) }
            parameters = network.parameters
        case .cell(let cell):
            let network = CellNetwork(cell, using: &generator)
            forward = { network($0, cell: cell) }
            parameters = network.parameters
        case .nasnet(let nasnet):
            let network = NASNetNetwork(nasnet, stack: nasnetStack, using: &generator)
            forward = { network($0) }
            parameters = network.parameters
        }
        let (accuracy, lastEpochLoss) = fit(parameters: parameters, seed: seed, forward: forward)
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let count = parameters.reduce(0) { $0 + $1.tensor.count }
        return (ChildResult(architecture: architecture, accuracy: accuracy, parameterCount: count,
                            seconds: seconds, trainLoss: lastEpochLoss), parameters)
    }

    /// Trains `parameters` with Adam for `epochs` epochs on the training rows and returns the validation
    /// accuracy and the last epoch's mean training loss.
    public func fit(parameters: [NamedParameter], seed: UInt64, forward: (Tensor) -> Tensor) -> (accuracy: Double, loss: Double) {
        let optimizer = Adam(parameters, learningRate: learningRate)
        var cursor = MinibatchCursor(indices: data.trainIndices, batchSize: batchSize, seed: seed &+ 1)
        var lastEpochLoss = 0.0
        for _ in 0..<epochs {
            var total = 0.0
            for _ in 0..<cursor.stepsPerEpoch {
                let rows = cursor.next(batchSize: batchSize)
                optimizer.zeroGradients()
                let loss = Loss.softmaxCrossEntropy(forward(data.batch(rows)), labels: data.labels(rows))
                loss.backward()
                optimizer.step()
                total += Double(loss.scalar)
            }
            lastEpochLoss = total / Double(cursor.stepsPerEpoch)
        }
        return (data.evaluate(logits: forward).accuracy, lastEpochLoss)
    }
}

/// The reference children of the speed benchmark: the MLP and CNN (PyTorch, 2 threads, 10 epochs
/// on digits: about 180 per minute for the MLP, 90 for the CNN) and a NASNet proxy child.
public enum ReferenceChild: String, CaseIterable, Sendable {
    /// 64 → 64 → 64 → 10, ReLU.
    case mlp
    /// conv3x3 1→16, ReLU, conv3x3 16→32, ReLU, linear 32·64 → 10 (the macro architecture "c3-16 c3-32 id-16 id-16").
    case cnn
    /// A two-block NASNet architecture on the 8x8 proxy stack (C = 8; normal, reduction, normal).
    case nasnet

    /// The NASNet reference architecture (every operation of the space appears in it).
    public static let nasnetArchitecture = NASNetArchitecture(encoding: "normal 1:sep3+0:id 2:max3+1:sep5 / reduce 0:avg3+1:sep3 1:id+0:max3")!

    /// The architecture trained, for the children that are architectures of a space.
    public var architecture: Architecture? {
        switch self {
        case .mlp: nil
        case .cnn: .macro(MacroArchitecture(encoding: "c3-16 c3-32 id-16 id-16")!)
        case .nasnet: .nasnet(Self.nasnetArchitecture)
        }
    }

    /// Trains one from scratch with `seed`; returns its validation accuracy.
    public func train(with trainer: ChildTrainer, seed: UInt64) -> Double {
        switch self {
        case .mlp:
            var generator = SeededGenerator(seed: seed)
            let network = MLP(sizes: [64, 64, 64, 10], using: &generator)
            return trainer.fit(parameters: network.parameters, seed: seed) { network($0) }.accuracy
        case .cnn, .nasnet:
            return trainer.train(architecture!, seed: seed).result.accuracy
        }
    }
}

extension ChildTrainer {
    /// Trains `jobs` (architecture, seed) at once, one thread each with single-threaded BLAS, and returns
    /// their results in job order. Each child's graph, optimizer and batches are its own; only the
    /// read-only data is shared. With one job it is `train` on the calling thread.
    public func trainConcurrently(_ jobs: [(architecture: Architecture, seed: UInt64)]) -> [(result: ChildResult, parameters: [NamedParameter])] {
        guard jobs.count > 1 else { return jobs.map { train($0.architecture, seed: $0.seed) } }
        let slots = ResultSlots(count: jobs.count)
        // Every product and kernel inside a child stays on its own thread (no nested workers).
        let threads = BLAS.threadCount
        BLAS.threadCount = 1
        defer { BLAS.threadCount = threads }
        BLAS.forEachChunk(of: jobs.count, workers: jobs.count) { _, items in
            for index in items { slots.store(train(jobs[index].architecture, seed: jobs[index].seed), at: index) }
        }
        return slots.values
    }
}

/// Results written by worker threads, each into its own slot of a fixed buffer (no two threads share one).
private final class ResultSlots: @unchecked Sendable {
    typealias Value = (result: ChildResult, parameters: [NamedParameter])
    private let slots: UnsafeMutableBufferPointer<Value?>
    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil)
    }
    deinit {
        slots.deinitialize()
        slots.deallocate()
    }
    func store(_ value: Value, at index: Int) { slots[index] = value }
    var values: [Value] { slots.map { $0! } }
}

extension ChildTrainer {
    /// The first `train` training rows and first `heldOut` held-out rows of `data` (for quick checks).
    public static func subset(_ data: ClassificationData, train: Int, heldOut: Int) -> ClassificationData {
        ClassificationData(features: data.features, featureCount: data.featureCount, labels: data.labels, classCount: data.classCount,
                           trainIndices: Array(data.trainIndices.prefix(train)), heldOutIndices: Array(data.heldOutIndices.prefix(heldOut)),
                           heldOutName: data.heldOutName)
    }
}
