import Lab
import Testing
import TensorKit
import TestSupport
@testable import ArchitectureSearch

/// The transfer experiment on a small slice of real 28x28 Fashion-MNIST, and the rank correlations.
@Suite(.serialized) struct TransferTests {
    func proxyTable() throws -> BenchmarkTable {
        try BenchmarkTable(contentsOf: try #require(TransferRun.proxyTableURL(root: RealData.projectRoot)))
    }

    /// A slice: 300 training and 200 test images.
    func slice() throws -> ClassificationData {
        let data = try TransferRun.fashion(store: try RealData.store(), trainImages: 300)
        return ChildTrainer.subset(data, train: 300, heldOut: 200)
    }

    @Test func theCommittedProxyTableHoldsTwoBlockNASNetCells() throws {
        let table = try proxyTable()
        #expect(table.rows.count == 100)
        for row in table.rows.values {
            #expect(SearchSpace.nasnet(.standard).architecture(encoding: row.encoding) != nil, "\(row.encoding)")
            #expect(row.accuracy > 0.1 && row.accuracy < 1 && row.epochs == 3)
        }
    }

    @Test func bestRandomAndHandDesignedTrainOnTheSameBatches() throws {
        var settings = HyperparameterSet(TransferRun.settings)
        try settings.apply(assignments: ["channels=4", "batch-size=50"])
        let run = try TransferRun(proxyTable: try proxyTable(), data: try slice(), seed: 2, settings: settings)
        #expect(run.entrants.map(\.name) == ["best proxy cell", "random cell", "hand-designed CNN"])
        let best = try proxyTable().best!
        #expect(run.entrants[0].proxyAccuracy == best.accuracy)
        #expect(run.entrants[1].proxyAccuracy! < best.accuracy || run.entrants[1].architecture != run.entrants[0].architecture)
        // The CNN's width makes its size the closest to the best cell's network.
        let (cell, cnn) = (run.entrants[0].parameterCount, run.entrants[2].parameterCount)
        let width = HandDesignedCNN.width(matching: cell)
        #expect(cnn == HandDesignedCNN.parameterCount(width: width))
        #expect(abs(HandDesignedCNN.parameterCount(width: width + 1) - cell) >= abs(cnn - cell))
        #expect(abs(HandDesignedCNN.parameterCount(width: width - 1) - cell) >= abs(cnn - cell))
        var losses: [Float] = []
        for _ in 0..<(2 * run.stepsPerEpoch) { losses.append(try run.step(settings).loss) }
        #expect(run.stepsPerEpoch == 6)
        #expect(losses.suffix(2).reduce(0, +) < losses.prefix(2).reduce(0, +), "\(losses)")
        let metrics = try run.evaluate(settings)
        #expect(metrics.map(\.name) == ["best proxy cell test accuracy", "random cell test accuracy", "hand-designed CNN test accuracy"])
        // Two epochs on 300 images: above chance (10 %) for each network.
        #expect(metrics.allSatisfy { $0.value > 0.2 }, "\(metrics)")
        let titles = run.panels(settings).map(\.title)
        #expect(titles == ["Transfer: 8x8 proxy → 28x28", "Test accuracy by epoch", "best proxy cell (proxy accuracy)"])
        for panel in run.panels(settings) { #expect(confinementViolations(panel).isEmpty, "\(panel.title)") }
    }

    @Test func rankModeSpreadsCellsOverTheProxyRangeAndCorrelates() throws {
        var settings = HyperparameterSet(TransferRun.settings)
        try settings.apply(assignments: ["cells=rank", "rank-cells=4", "channels=2", "batch-size=100"])
        let table = try proxyTable()
        let run = try TransferRun(proxyTable: table, data: try slice(), seed: 1, settings: settings)
        let proxies = run.entrants.map { $0.proxyAccuracy! }
        #expect(proxies.count == 4 && proxies == proxies.sorted(by: >))
        #expect(proxies.first == table.best!.accuracy && proxies.last == table.rows.values.map(\.accuracy).min())
        try run.step(settings)
        let metrics = try run.evaluate(settings)
        #expect(metrics.map(\.name).suffix(2) == ["spearman rho", "kendall tau"])
        #expect(run.panels(settings).contains { $0 is TransferScatterPanel })
    }

    @Test func spearmanUsesAverageRanks() {
        #expect(Ranking.ranks([3, 1, 2, 2]) == [4, 1, 2.5, 2.5])
        #expect(Ranking.spearmanRho([1, 2, 3, 4], [10, 20, 30, 40]) == 1)
        #expect(Ranking.spearmanRho([1, 2, 3, 4], [4, 3, 2, 1]) == -1)
        #expect(abs(Ranking.spearmanRho([1, 2, 3, 4, 5], [2, 1, 4, 3, 5]) - 0.8) < 1e-12)  // 1 − 6·4 / (5·24)
        #expect(Ranking.spearmanRho([1, 1, 1], [1, 2, 3]) == 0)
    }
}
