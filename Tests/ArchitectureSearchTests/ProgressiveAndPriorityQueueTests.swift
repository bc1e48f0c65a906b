import Foundation
import Lab
import Testing
import TensorKit
import TestSupport
@testable import ArchitectureSearch

/// PNAS (growth, surrogate, beam) and PQT (queue, maximum likelihood), in replay on the committed
/// table and live on the NASNet space.
@Suite(.serialized) struct ProgressiveAndPriorityQueueTests {
    func table() throws -> BenchmarkTable { try BenchmarkTable(contentsOf: BenchmarkTable.committedCellTableURL(root: RealData.projectRoot)!) }

    @Test func edgeGrowthVisitsEveryCellOnceByNumberOfEdges() {
        let growth = EdgeGrowth(space: .benchmark)
        var level = Set(growth.firstLevel)
        var sizes = [level.count]
        while sizes.count < growth.levels {
            level = Set(level.flatMap(growth.expansions))
            sizes.append(level.count)
        }
        #expect(sizes == [12, 60, 160, 240, 192, 64])  // C(6, b) · 2^b: 728 cells, the empty one aside
        #expect(growth.features(of: growth.firstLevel[0]).reduce(0, +) == 6)
        let cell = Architecture.cell(CellArchitecture(operations: [.conv3x3, .zero, .skip, .zero, .zero, .zero]))
        #expect(growth.neighbours(of: cell).count == 2)  // each non-zero edge switched to the other non-zero op
    }

    @Test func blockGrowthDropsMirroredBlocks() {
        let growth = BlockGrowth(space: .standard)
        #expect(growth.firstLevel.count == 55)  // 10 (input, op) halves: 10 · 11 / 2 unordered pairs
        #expect(growth.expansions(of: growth.firstLevel[0]).count == 120)  // 15 halves for block 2: 15 · 16 / 2
        #expect(growth.expansions(of: growth.expansions(of: growth.firstLevel[0])[0]).isEmpty)
        let features = growth.features(of: growth.firstLevel[7])
        #expect(features.count == growth.featureCount && features.reduce(0, +) == 4)  // one block: four one-hots
        for neighbour in growth.neighbours(of: growth.firstLevel[12]) {
            guard case .nasnet(let nasnet) = neighbour, case .nasnet(let original) = growth.firstLevel[12] else { continue }
            let (a, b) = (nasnet.normal.blocks[0].halves, original.normal.blocks[0].halves)
            #expect(a != b && a.contains(where: b.contains))
        }
    }

    /// Fitted on half of the table, the surrogate ranks the other half far better than chance.
    @Test func surrogateRanksUnseenCells() throws {
        let table = try table()
        let growth = EdgeGrowth(space: .benchmark)
        let cells = (0..<729).map { Architecture.cell(CellSpace.benchmark.architecture(index: $0)) }
        var generator = SeededGenerator(seed: 2)
        let surrogate = Surrogate(featureCount: growth.featureCount, using: &generator)
        let train = cells.indices.filter { $0 % 2 == 0 }, test = cells.indices.filter { $0 % 2 == 1 }
        surrogate.fit(train.map { (growth.features(of: cells[$0]), table.rows[$0]!.accuracy) }, steps: 300, learningRate: 0.01)
        let predicted = surrogate.predict(test.map { growth.features(of: cells[$0]) })
        let tau = Ranking.kendallTau(predicted, test.map { table.rows[$0]!.accuracy })
        #expect(tau > 0.5, "τ = \(tau)")
    }

    @Test func pnasReplayGrowsOneEdgeAtATimeAndNeverRepeats() throws {
        let table = try table()
        let settings = StrategyKind.pnas.settings
        let run = try SearchRun(.pnas, replaying: table, seed: 3, settings: settings)
        let pnas = try #require(run.strategy as? ProgressiveSearch)
        for _ in 0..<12 { run.evaluateNext(settings) }
        let edges = { (result: ChildResult) -> Int in
            guard case .cell(let cell) = result.architecture else { return -1 }
            return cell.operations.filter { $0 != .zero }.count
        }
        #expect(run.history.map(edges) == Array(repeating: 1, count: 12))  // level 1: all 12 one-edge cells
        #expect(pnas.level == 2 && pnas.round.count == 8 && pnas.round.allSatisfy { $0.predicted != nil })
        for _ in 0..<8 { run.evaluateNext(settings) }
        #expect(run.history[12...].allSatisfy { edges($0) == 2 })
        // Each two-edge cell extends one of the measured one-edge cells.
        let first = Set(run.history.prefix(12).map(\.architecture))
        for result in run.history[12...] {
            guard case .cell(let cell) = result.architecture else { continue }
            let parents = cell.operations.indices.filter { cell.operations[$0] != .zero }.map { edge -> Architecture in
                var operations = cell.operations
                operations[edge] = .zero
                return .cell(CellArchitecture(operations: operations))
            }
            #expect(parents.contains(where: first.contains))
        }
        for _ in 0..<80 { run.evaluateNext(settings) }
        #expect(Set(run.history.map(\.architecture)).count == 100)
        let panel = try #require(pnas.panels.first as? SurrogatePanel)
        #expect(panel.points.count >= 2 && panel.tau != nil)
        #expect(confinementViolations(panel).isEmpty)
        #expect(pnas.metrics.map(\.name).contains("surrogate kendall tau"))
    }

    @Test func controllerScoresAGivenSequenceAsItSampledIt() {
        var generator = SeededGenerator(seed: 6)
        let controller = Controller(choiceCounts: NASNetSpace.standard.choiceCounts, using: &generator)
        let samples = (0..<3).map { _ in controller.sample(using: &generator) }
        let scored = controller.logProbabilities(of: samples.map(\.decisions))
        #expect(scored.shape == [3])
        for (sample, value) in zip(samples, scored.data) { #expect(abs(sample.logProbability.scalar - value) < 1e-4) }
    }

    @Test func pqtKeepsTheBestDistinctArchitecturesAndLearnsThem() throws {
        let table = try table()
        let settings = StrategyKind.pqt.settings
        let run = try SearchRun(.pqt, replaying: table, seed: 4, settings: settings)
        let pqt = try #require(run.strategy as? PriorityQueueTraining)
        for _ in 0..<60 { run.evaluateNext(settings) }
        var best: [Architecture: Double] = [:]
        for result in run.history { best[result.architecture] = max(best[result.architecture] ?? 0, result.accuracy) }
        let expected = best.values.sorted(by: >).prefix(10)
        #expect(pqt.queue.count == 10)
        #expect(pqt.queue.map(\.accuracy) == Array(expected))
        #expect(Set(pqt.queue.map(\.decisions)).count == 10)
        // Maximum likelihood on the queue: the queue becomes likelier than a uniform controller makes it;
        // without the entropy bonus, far likelier (and the search narrows).
        let uniform = -log(3.0) * 6
        #expect(pqt.likelihoods.last! > uniform + 0.5, "\(pqt.likelihoods.suffix(3)) vs uniform \(uniform)")
        var greedy = settings
        try greedy.set("entropy-weight", to: .real(0))
        let narrow = try SearchRun(.pqt, replaying: table, seed: 4, settings: greedy)
        for _ in 0..<60 { narrow.evaluateNext(greedy) }
        let narrowPQT = try #require(narrow.strategy as? PriorityQueueTraining)
        #expect(narrowPQT.likelihoods.last! > max(uniform + 1.2, pqt.likelihoods.last!), "\(narrowPQT.likelihoods.suffix(3))")
        #expect(Set(narrow.history.map(\.architecture)).count < Set(run.history.map(\.architecture)).count)
        let panel = try #require(pqt.panels.first as? PriorityQueuePanel)
        #expect(panel.entries.count == 10 && confinementViolations(panel).isEmpty)
    }

    /// Every stand-alone strategy searches the NASNet space live: two real children each, trained at once.
    @Test(arguments: [StrategyKind.random, .evolution, .reinforce, .pnas, .pqt])
    func strategiesSearchTheNASNetSpaceLive(_ kind: StrategyKind) throws {
        let session = try SearchRun.entry(kind).session(["space=nasnet", "evaluations-per-epoch=2", "child-epochs=1",
                                                         "beam=2", "first-level=2", "population=2", "queue-size=2"]
                                                        .filter { kind.settings.has(String($0.split(separator: "=")[0])) }, seed: 5)
        let run = session.experiment(as: SearchRun.self)
        let report = try session.step()
        #expect(report.examples == 2 && run.history.count == 2)
        #expect(run.history.allSatisfy { $0.accuracy > 0.3 }, "\(run.history.map { "\($0.architecture) \($0.accuracy)" })")
        if kind == .pnas {
            // Level 1 of PNAS: one-block cells, one structure for both roles.
            for result in run.history {
                guard case .nasnet(let nasnet) = result.architecture else { continue }
                #expect(nasnet.normal.blocks.count == 1 && nasnet.normal == nasnet.reduction)
            }
            try session.step()
            let grown = run.history[2...].compactMap { result -> Int? in
                guard case .nasnet(let nasnet) = result.architecture else { return nil }
                return nasnet.normal.blocks.count
            }
            #expect(grown == [2, 2])
        }
        _ = try session.evaluate()
        for panel in session.panels { #expect(confinementViolations(panel).isEmpty, "\(panel.title)") }
    }

    @Test func compareListsFiveStrategiesAndEvaluationsToTheOptimum() throws {
        let comparison = try ReplayComparison(table: try table(), seeds: 3, evaluations: 30, optimumCap: 729 * 3)
        #expect(comparison.curves.map(\.name) == ["random", "evolution", "reinforce", "pnas", "pqt"])
        for curve in comparison.curves {
            #expect(curve.meanRegret.count == 30 && curve.meanRegret.allSatisfy { $0 >= 0 })
            #expect(zip(curve.meanRegret, curve.meanRegret.dropFirst()).allSatisfy { $0 >= $1 })
            #expect(curve.evaluationsToOptimum.count == 3)
            #expect(curve.evaluationsToOptimum.allSatisfy { ($0 ?? 1) >= 1 && ($0 ?? 0) <= 729 * 3 })
        }
        // Random search finds any given cell of 729 within 2,187 draws with probability 1 − (728/729)^2187 ≈ 95 %.
        #expect(comparison.curves[0].reachedOptimum >= 2)
    }
}
