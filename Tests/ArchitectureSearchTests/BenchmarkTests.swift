import Foundation
import Lab
import Testing
import TestSupport
@testable import ArchitectureSearch
import TensorKit

/// The tabular benchmark: building (shards, resume, repair), the committed table, replays, ranking.
@Suite(.serialized) struct BenchmarkTests {
    /// Digits with a 300-image training slice, so a child trains in a blink.
    static func slice() throws -> ClassificationData {
        let full = try ChildTrainer.digits(store: try RealData.store())
        return ClassificationData(features: full.features, featureCount: full.featureCount, labels: full.labels,
                                  classCount: full.classCount, trainIndices: Array(full.trainIndices.prefix(300)),
                                  heldOutIndices: full.heldOutIndices, heldOutName: "validation")
    }

    @Test func shardsAndResumeWriteExactlyTheMissingRows() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("nas-\(UUID()).tsv")
        defer { try? FileManager.default.removeItem(at: url) }
        let builder = BenchmarkBuilder(space: .cell(.benchmark), trainer: ChildTrainer(data: try Self.slice(), epochs: 1), seed: 3)
        let first = try builder.build(into: url, limit: 7, shard: (1, 2))
        #expect(first.map(\.index) == [1, 3, 5])
        // An interrupted write leaves a partial line; the next build cuts it off and appends after it.
        try BenchmarkBuilder.append("6\t|zero~0|+|ze", to: url)
        let text = try String(contentsOf: url, encoding: .utf8)
        try Data(text.dropLast().utf8).write(to: url)  // no final newline
        #expect(BenchmarkTable(text: try String(contentsOf: url, encoding: .utf8)).rows.count == 3)
        let second = try builder.build(into: url, limit: 7)
        #expect(second.map(\.index) == [0, 2, 4, 6])
        #expect(try builder.build(into: url, limit: 7).isEmpty)  // resume: nothing left
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
        #expect(lines.first.map(String.init) == BenchmarkTable.header)
        #expect(lines.count == 8)
        let table = try BenchmarkTable(contentsOf: url)
        #expect(Set(table.rows.keys) == Set(0..<7))
        for row in table.rows.values {
            #expect(SearchSpace.cell(.benchmark).architecture(index: row.index).encoding == row.encoding)
            #expect(row.epochs == 1 && row.seed == 3 + UInt64(row.index) && row.seconds > 0 && row.parameters >= 170)
        }
        // Indices below 9 only vary edges out of nodes 1 and 2, which receive nothing: every such cell is cut
        // off from its input and stays near chance.
        #expect(table.rows.values.allSatisfy { !CellSpace.benchmark.architecture(index: $0.index).isConnected && $0.accuracy < 0.3 })
    }

    @Test func committedTableCoversTheCellSpace() throws {
        let table = try BenchmarkTable(contentsOf: try #require(BenchmarkTable.committedCellTableURL(root: RealData.projectRoot)))
        #expect(table.covers(.cell(.benchmark)))
        let best = try #require(table.best)
        #expect(best.accuracy > 0.9)
        // Cells cut off from their input cannot beat chance by much; the best connected ones are far above it.
        let cutOff = table.rows.values.filter { !CellSpace.benchmark.architecture(index: $0.index).isConnected }
        #expect(!cutOff.isEmpty && cutOff.allSatisfy { $0.accuracy < 0.3 })
    }

    @Test func replayIsMonotoneAndBoundedByTheOptimum() throws {
        let table = try BenchmarkTable(contentsOf: try #require(BenchmarkTable.committedCellTableURL(root: RealData.projectRoot)))
        let optimum = try #require(table.best).accuracy
        for (kind, settings) in ReplayComparison.strategies {
            let experiment = try SearchRun(kind, replaying: table, seed: 4)
            var bestSoFar: [Double] = []
            for _ in 0..<100 { bestSoFar.append(max(bestSoFar.last ?? 0, experiment.evaluateNext(settings).accuracy)) }
            #expect(zip(bestSoFar, bestSoFar.dropFirst()).allSatisfy { $0 <= $1 })
            #expect(bestSoFar.last! <= optimum)
            let metrics = try experiment.evaluate(settings)
            #expect(metrics.first { $0.name == "regret" }?.value == optimum - bestSoFar.last!)
            // Every looked-up accuracy is the table's.
            for result in experiment.history {
                #expect(table.rows[experiment.space.index(of: result.architecture)!]!.accuracy == result.accuracy)
            }
        }
    }

    @Test func comparisonCurvesFallAndRandomFindsTheOptimumGivenTheWholeSpace() throws {
        let table = try BenchmarkTable(contentsOf: try #require(BenchmarkTable.committedCellTableURL(root: RealData.projectRoot)))
        let comparison = try ReplayComparison(table: table, seeds: 5, evaluations: 60)
        #expect(comparison.curves.map(\.name) == ["random", "evolution", "reinforce", "pnas", "pqt"])
        for curve in comparison.curves {
            #expect(zip(curve.meanRegret, curve.meanRegret.dropFirst()).allSatisfy { $0 >= $1 })
            #expect(curve.meanRegret.last! < curve.meanRegret.first!)
            #expect(curve.standardError.allSatisfy { $0 >= 0 })
        }
        // Random search with replacement over 729 cells: after 3,000 draws it has seen the optimum.
        let long = try ReplayComparison(table: table, seeds: 2, evaluations: 3000, strategies: [ReplayComparison.strategies[0]])
        #expect(long.curves[0].meanRegret.last! == 0)
    }

    /// The entropy bonus keeps REINFORCE exploring: with it the controller tries many more distinct
    /// cells in 100 replayed evaluations than without it (and a faster step).
    @Test func entropyBonusKeepsTheControllerExploring() throws {
        let table = try BenchmarkTable(contentsOf: try #require(BenchmarkTable.committedCellTableURL(root: RealData.projectRoot)))
        func reinforce(_ assignments: [String]) throws -> (kind: StrategyKind, settings: HyperparameterSet) {
            var settings = StrategyKind.reinforce.settings
            try settings.apply(assignments: assignments)
            return (.reinforce, settings)
        }
        let bonus = try ReplayComparison(table: table, seeds: 5, evaluations: 100, strategies: [try reinforce([])])
        let greedy = try ReplayComparison(table: table, seeds: 5, evaluations: 100,
                                          strategies: [try reinforce(["entropy-weight=0", "controller-learning-rate=0.02"])])
        #expect(bonus.curves[0].meanDistinct > greedy.curves[0].meanDistinct + 20,
                "\(bonus.curves[0].meanDistinct) vs \(greedy.curves[0].meanDistinct) distinct cells")
    }

    @Test func controllerEntropyNodeMatchesItsValue() {
        var generator = SeededGenerator(seed: 3)
        let controller = Controller(choiceCounts: [3, 3, 2], using: &generator)
        let sample = controller.sampleWithEntropy(using: &generator)
        // Uniform over 3, 3, 2 choices would be 2 ln 3 + ln 2; a fresh controller is close to it.
        let uniform = Float(2 * log(3.0) + log(2.0))
        #expect(sample.entropy.scalar > 0.9 * uniform && sample.entropy.scalar <= uniform + 1e-4)
        sample.entropy.backward()
        #expect(controller.parameters.contains { ($0.tensor.grad ?? []).contains { $0 != 0 } }, "the bonus reaches the controller")
    }

    @Test func kendallTauOnHandExamples() {
        #expect(Ranking.kendallTau([1, 2, 3, 4], [10, 20, 30, 40]) == 1)
        #expect(Ranking.kendallTau([1, 2, 3, 4], [4, 3, 2, 1]) == -1)
        // Pairs of [1,2,3] vs [1,3,2]: (1,2) C, (1,3) C, (2,3) D → (2 − 1) / 3.
        #expect(abs(Ranking.kendallTau([1, 2, 3], [1, 3, 2]) - 1.0 / 3) < 1e-12)
        // With a tie in b: a = [1,2,3], b = [1,1,2]: C = 2, D = 0, tied only in b: 1 → 2 / sqrt(3 · 2).
        #expect(abs(Ranking.kendallTau([1, 2, 3], [1, 1, 2]) - 2 / 6.0.squareRoot()) < 1e-12)
        #expect(Ranking.kendallTau([1, 1, 1], [1, 2, 3]) == 0)
    }
}
