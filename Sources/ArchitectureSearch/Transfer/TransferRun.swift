import Datasets
import Foundation
import Lab
import NeuralNet
import TensorKit
import TopicViews

/// NASNet's central claim at small scale (Zoph et al. 2018): cells found on a small proxy transfer to a
/// larger problem when stacked deeper and wider.
///
/// The proxy measurements come from the committed table `data/nas/nasnet-fashion.tsv`: 100 random
/// two-block NASNet architectures, each trained 3 epochs on 8x8 Fashion-MNIST (2,400 images) in the
/// proxy stack (C = 8; normal, reduction, normal). This run stacks chosen cells into the transfer stack
/// (C = `channels`, N = `repeats`, two reductions: 28 → 14 → 7) and trains them on full-size 28x28
/// Fashion-MNIST, every network on the same minibatches (one step = one minibatch for each, the networks
/// spread over the BLAS threads), testing on the test images (`test-images`, all 10,000 by default) after each epoch:
///
/// - `cells=best-random-hand`: the proxy's best cell, a random cell of the table (drawn with the seed) and
///   a hand-designed CNN with as many parameters as the best cell's network;
/// - `cells=rank`: `rank-cells` cells spread over the table's range of proxy accuracy, for the rank
///   correlation (Spearman ρ, Kendall τ) between proxy and transferred accuracy.
public final class TransferRun: PanelProviding {
    public static let entry = ExperimentEntry(
        ExperimentDescriptor(id: "nas.transfer", title: "NASNet: do proxy cells transfer?", topic: "nas",
                             summary: "The best 8x8-proxy cell, a random cell and a hand-designed CNN of equal size, stacked deeper and wider on 28x28 Fashion-MNIST",
                             datasets: ["fashion-mnist"], epochs: 10,
                             reproduces: Reproduction("best proxy cell test accuracy", 0.852, within: 0.015)),
        settings: settings) { try TransferRun($0) }

    public static let settings: [Hyperparameter] = [
        .choice("cells", "best-random-hand", among: ["best-random-hand", "rank"],
                "best-random-hand: best proxy cell, a random cell, a CNN of equal size; rank: many cells, for the rank correlation"),
        Hyperparameter.integer("rank-cells", 20, in: 2...100, "cells transferred, spread over the range of proxy accuracy")
            .only(when: "cells", is: "rank"),
        .integer("channels", 12, in: 2...64, "C: width of the first cells of the transferred network (the proxy's is 8)"),
        .integer("repeats", 1, in: 1...4, "N: normal cells in each of the three stages (28x28, 14x14, 7x7)"),
        .integer("train-images", 5_000, in: 100...60_000, "28x28 training images used (of 60,000)"),
        .integer("test-images", 10_000, in: 100...10_000, "28x28 test images scored after each epoch (of 10,000)"),
        .real("learning-rate", 5e-3, in: 1e-5...1, logarithmic: true, live: true, "Adam step size of every network"),
        .integer("batch-size", 64, in: 1...1024, live: true, "minibatch size"),
    ]

    /// One network being trained.
    public final class Entrant {
        public let name: String
        /// The NASNet architecture (nil for the hand-designed CNN) and its proxy accuracy.
        public let architecture: NASNetArchitecture?
        public let proxyAccuracy: Double?
        public let parameterCount: Int
        let parameters: [NamedParameter]
        let forward: (Tensor) -> Tensor
        let optimizer: Adam
        /// Test accuracy after each epoch.
        public internal(set) var testAccuracies: [Double] = []
        public internal(set) var lastLoss: Float = .nan

        init(name: String, architecture: NASNetArchitecture?, proxyAccuracy: Double?, parameters: [NamedParameter],
             learningRate: Float, forward: @escaping (Tensor) -> Tensor) {
            self.name = name
            self.architecture = architecture
            self.proxyAccuracy = proxyAccuracy
            self.parameters = parameters
            self.forward = forward
            parameterCount = parameters.reduce(0) { $0 + $1.tensor.count }
            optimizer = Adam(parameters, learningRate: learningRate)
        }
    }

    public let entrants: [Entrant]
    public let stack: NASNetStack
    let data: ClassificationData
    private var cursor: MinibatchCursor

    convenience init(_ context: ExperimentContext) throws {
        guard let url = Self.proxyTableURL(), FileManager.default.fileExists(atPath: url.path) else {
            throw LabError.badValue(key: "cells", value: context.settings.choice("cells"),
                                    expected: "the proxy table data/nas/nasnet-fashion.tsv (workbench nas bench-build --space nasnet --sample 100 --dataset fashion --epochs 3)")
        }
        let data = try Self.fashion(store: context.store, trainImages: context.settings.integer("train-images"),
                                    testImages: context.settings.integer("test-images"))
        try self.init(proxyTable: try BenchmarkTable(contentsOf: url), data: data, seed: context.seed, settings: context.settings)
    }

    /// A run on `data` (28x28 rows) with proxy measurements from `proxyTable` (rows of the two-block NASNet space).
    public init(proxyTable: BenchmarkTable, data: ClassificationData, seed: UInt64, settings: HyperparameterSet) throws {
        let space = SearchSpace.nasnet(.standard)
        let rows = proxyTable.rows.values.sorted { $0.accuracy != $1.accuracy ? $0.accuracy > $1.accuracy : $0.index < $1.index }
        guard rows.count >= 2 else { throw LabError.badValue(key: "cells", value: settings.choice("cells"), expected: "a proxy table of 2 rows or more") }
        func architecture(_ row: BenchmarkTable.Row) throws -> NASNetArchitecture {
            guard case .nasnet(let nasnet)? = space.architecture(encoding: row.encoding) else {
                throw LabError.badValue(key: "cells", value: row.encoding, expected: "a two-block NASNet architecture in the proxy table")
            }
            return nasnet
        }
        stack = NASNetStack(side: 28, channels: settings.integer("channels"), repeats: settings.integer("repeats"), reductions: 2)
        let learningRate = settings.float("learning-rate")
        var generator = SeededGenerator(seed: seed)
        var chooser = generator.split()
        var built: [Entrant] = []
        let stack = self.stack
        func addCell(_ name: String, _ row: BenchmarkTable.Row) throws {
            let cells = try architecture(row)
            let network = NASNetNetwork(cells, stack: stack, using: &generator)
            built.append(Entrant(name: name, architecture: cells, proxyAccuracy: row.accuracy, parameters: network.parameters,
                                    learningRate: learningRate) { network($0) })
        }
        if settings.choice("cells") == "rank" {
            let count = min(settings.integer("rank-cells"), rows.count)
            for i in 0..<count {
                let position = Int((Double(i) * Double(rows.count - 1) / Double(max(count - 1, 1))).rounded())
                try addCell("proxy #\(position + 1)", rows[position])
            }
        } else {
            try addCell("best proxy cell", rows[0])
            try addCell("random cell", rows[1 + chooser.nextInt(below: rows.count - 1)])
            let width = HandDesignedCNN.width(matching: built[0].parameterCount)
            let cnn = HandDesignedCNN(width: width, using: &generator)
            built.append(Entrant(name: "hand-designed CNN", architecture: nil, proxyAccuracy: nil, parameters: cnn.parameters,
                                    learningRate: learningRate) { cnn($0) })
        }
        entrants = built
        self.data = data
        cursor = MinibatchCursor(indices: data.trainIndices, batchSize: settings.integer("batch-size"), seed: seed &+ 1)
    }

    /// The committed proxy table, found from the project root.
    public static func proxyTableURL(root: URL? = nil) -> URL? {
        (root ?? ProjectLocator.projectRoot()).map { $0.appendingPathComponent("data/nas/nasnet-fashion.tsv") }
    }

    /// The first `trainImages` Fashion-MNIST training images and the first `testImages` test images, 28x28, as one set.
    public static func fashion(store: DataStore, trainImages: Int, testImages: Int = 10_000) throws -> ClassificationData {
        let train = try FashionMNIST.load(.train, store: store, limit: trainImages)
        let test = try FashionMNIST.load(.test, store: store, limit: testImages)
        return ClassificationData(features: train.pixels + test.pixels, featureCount: train.pixelsPerImage, labels: train.labels + test.labels,
                                  classCount: train.classNames.count, trainIndices: Array(0..<train.count),
                                  heldOutIndices: Array(train.count..<(train.count + test.count)), heldOutName: "test")
    }

    public var stepsPerEpoch: Int { cursor.stepsPerEpoch }

    /// Runs `body` on every entrant, the entrants spread over the BLAS threads (each on one thread).
    func forEachEntrant(_ body: (Entrant) -> Void) {
        let workers = min(entrants.count, max(1, BLAS.threadCount))
        guard workers > 1 else { return entrants.forEach(body) }
        let threads = BLAS.threadCount
        BLAS.threadCount = 1
        defer { BLAS.threadCount = threads }
        BLAS.forEachChunk(of: entrants.count, workers: workers) { _, items in
            for index in items { body(entrants[index]) }
        }
    }

    public func step(_ settings: HyperparameterSet) throws -> StepReport {
        let rows = cursor.next(batchSize: settings.integer("batch-size"))
        let (images, labels) = (data.batch(rows), data.labels(rows))
        forEachEntrant { entrant in
            entrant.lastLoss = entrant.optimizer.minimize(following: settings) {
                Loss.softmaxCrossEntropy(entrant.forward(images), labels: labels)
            }.scalar
        }
        let mean = entrants.map(\.lastLoss).reduce(0, +) / Float(entrants.count)
        return StepReport(loss: mean, examples: rows.count,
                          components: Dictionary(entrants.map { ($0.name, $0.lastLoss) }, uniquingKeysWith: { a, _ in a }))
    }

    public func evaluate(_ settings: HyperparameterSet) throws -> [Metric] {
        forEachEntrant { entrant in entrant.testAccuracies.append(data.evaluate(logits: entrant.forward).accuracy) }
        var metrics = entrants.map { Metric.accuracy($0.testAccuracies.last!, name: "\($0.name) test accuracy") }
        if let correlation = rankCorrelation {
            metrics.append(Metric("spearman rho", correlation.spearman, higherIsBetter: true))
            metrics.append(Metric("kendall tau", correlation.kendall, higherIsBetter: true))
        }
        return metrics
    }

    /// Spearman ρ and Kendall τ between proxy and latest test accuracy over the NASNet entrants (3 or more).
    public var rankCorrelation: (spearman: Double, kendall: Double)? {
        let cells = entrants.filter { $0.proxyAccuracy != nil && !$0.testAccuracies.isEmpty }
        guard cells.count >= 3 else { return nil }
        let (proxy, test) = (cells.map { $0.proxyAccuracy! }, cells.map { $0.testAccuracies.last! })
        return (Ranking.spearmanRho(proxy, test), Ranking.kendallTau(proxy, test))
    }

    public var parameters: [NamedParameter] {
        entrants.flatMap { entrant in entrant.parameters.map { NamedParameter("\(entrant.name).\($0.name)", $0.tensor) } }
    }

    public func panels(_ settings: HyperparameterSet) -> [any TopicPanel] {
        var panels: [any TopicPanel] = [TransferTablePanel(entrants: entrants, stack: stack)]
        if entrants.contains(where: { $0.testAccuracies.count >= 1 }) {
            panels.append(TransferCurvesPanel(entrants: entrants))
        }
        if entrants.filter({ $0.proxyAccuracy != nil }).count >= 3 {
            panels.append(TransferScatterPanel(entrants: entrants, correlation: rankCorrelation))
        }
        if let best = entrants.first?.architecture, let proxy = entrants.first?.proxyAccuracy {
            panels.append(NASNetCellPanel(architecture: best, accuracy: proxy, title: "\(entrants[0].name) (proxy accuracy)"))
        }
        return panels
    }
}
