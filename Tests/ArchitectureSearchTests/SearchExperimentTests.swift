import Lab
import Testing
import TestSupport
@testable import ArchitectureSearch

/// Each strategy searches on the real digits for a few children and must behave as its paper says.
@Suite(.serialized) struct SearchExperimentTests {
    /// One epoch of `steps` evaluations of `kind`.
    func run(_ kind: StrategyKind, steps: Int, seed: UInt64 = 1, space: String = "macro",
             _ assignments: [String] = []) throws -> (SearchRun, [StepReport], TrainingSession) {
        // One child per step, so that steps and children correspond (two at once: NASNetSpaceTests).
        let session = try SearchRun.entry(kind).session(["evaluations-per-epoch=\(steps)", "space=\(space)", "parallel-children=1"] + assignments,
                                                        seed: seed)
        var reports: [StepReport] = []
        try session.runEpoch { reports.append($0) }
        return (session.experiment(as: SearchRun.self), reports, session)
    }

    func expectSensible(_ experiment: SearchRun, _ reports: [StepReport], steps: Int, _ session: TrainingSession) throws {
        #expect(reports.count == steps && experiment.history.count == steps)
        for (report, result) in zip(reports, experiment.history) {
            #expect(result.accuracy > 0 && result.accuracy <= 1)
            #expect(abs(Double(report.loss) - (1 - result.accuracy)) < 1e-6)
            #expect(experiment.space.architecture(decisions: experiment.space.decisions(of: result.architecture)!) == result.architecture)
            #expect(result.parameterCount >= (experiment.space == .macro ? 650 : 170) && result.seconds > 0)
        }
        // Two epochs beat chance (10 %) by far for most children; heavy pooling before a thin conv can fail.
        #expect(experiment.history.filter { $0.accuracy > 0.5 }.count * 2 >= experiment.history.count, "\(experiment.history.map { "\($0.architecture) \($0.accuracy) loss \($0.trainLoss)" })")
        let metrics = try session.evaluate()
        #expect(metrics.first { $0.name == "best accuracy" }?.value == experiment.history.map(\.accuracy).max())
        #expect(metrics.first { $0.name == "evaluations" }?.value == Double(steps))
        #expect(metrics.first { $0.name == "distinct architectures" }?.value == Double(Set(experiment.history.map(\.architecture)).count))
    }

    @Test func randomSearchEvaluatesDistinctRealChildren() throws {
        let (experiment, reports, session) = try run(.random, steps: 4)
        try expectSensible(experiment, reports, steps: 4, session)
        #expect(Set(experiment.history.map(\.architecture)).count > 1)
        #expect(experiment.best!.accuracy > 0.85, "\(experiment.history.map { "\($0.architecture) \($0.accuracy) loss \($0.trainLoss)" })")
    }

    @Test func evolutionFillsThePopulationThenMutatesAndAges() throws {
        let (experiment, reports, session) = try run(.evolution, steps: 6, ["population=3", "sample-size=2"])
        try expectSensible(experiment, reports, steps: 6, session)
        // Aging: the population holds the 3 youngest; the first 3 (the random ones) died of old age.
        let evolution = try #require(experiment.strategy as? RegularizedEvolution)
        #expect(evolution.population.count == 3)
        #expect(evolution.population.map(\.birth) == [3, 4, 5])
        // Each child after the first 3 is a one-decision mutation of a member alive when it was born.
        for index in 3..<6 {
            let child = experiment.space.decisions(of: experiment.history[index].architecture)!
            let candidates = experiment.history[(index - 3)..<index].map { experiment.space.decisions(of: $0.architecture)! }
            #expect(candidates.contains { zip($0, child).filter { $0 != $1 }.count == 1 })
        }
    }

    @Test func reinforceUpdatesTheControllerWithFiniteLogProbabilities() throws {
        let session = try SearchRun.entry(.reinforce).session(["evaluations-per-epoch=1", "space=macro", "parallel-children=1"], seed: 5)
        let experiment = session.experiment(as: SearchRun.self)
        let reinforce = try #require(experiment.strategy as? ReinforceSearch)
        let initial = experiment.parameters.map(\.tensor.data)
        #expect(initial.count == 1 + 3 + 16)  // embedding table, LSTM (3), 8 heads (weight + bias)
        var logProbabilities: [Float] = []
        for _ in 0..<4 {
            try session.step()
            logProbabilities.append(reinforce.lastLogProbability)
            #expect(reinforce.lastEntropy > 0 && reinforce.lastEntropy <= 8.32)
        }
        #expect(logProbabilities.allSatisfy { $0.isFinite && $0 < 0 }, "\(logProbabilities)")
        // log p of one of 4,096 architectures from a near-uniform controller is near −ln 4096 ≈ −8.3.
        #expect(logProbabilities.allSatisfy { $0 > -12 }, "\(logProbabilities)")
        let changed = zip(initial, experiment.parameters.map(\.tensor.data)).contains { $0 != $1 }
        #expect(changed)
        let baseline = try #require(reinforce.baseline)
        let rewards = experiment.history.map(\.accuracy)
        #expect(baseline >= rewards.min()! && baseline <= rewards.max()!)
        #expect(experiment.history.filter { $0.accuracy > 0.5 }.count * 2 >= experiment.history.count, "\(rewards)")
    }

    @Test func cellSpaceChildrenTrainOnRealDigits() throws {
        let (experiment, reports, _) = try run(.random, steps: 3, seed: 2, space: "cell")
        #expect(reports.count == 3)
        #expect(experiment.history.allSatisfy { if case .cell = $0.architecture { true } else { false } })
        // A cell cut off from its input sees a constant and stays near chance; a connected one learns: its
        // training loss falls below ln 10 ≈ 2.30 (the loss of a uniform guess) and it beats chance (10 %).
        for result in experiment.history {
            guard case .cell(let cell) = result.architecture else { continue }
            if cell.isConnected {
                #expect(result.trainLoss < 2.2 && result.accuracy > 0.15, "\(cell) \(result.accuracy) \(result.trainLoss)")
            } else {
                #expect(result.accuracy < 0.3)
            }
        }
        #expect(experiment.history.contains { if case .cell(let cell) = $0.architecture { cell.isConnected } else { false } })
    }

    @Test func fashionChildrenTrainOnTheShrunkFashionSubset() throws {
        let data = try ChildTrainer.fashion(store: try RealData.store(), count: 500)
        #expect(data.featureCount == 64 && data.trainIndices.count == 400 && data.heldOutIndices.count == 100)
        #expect(data.features.allSatisfy { $0 >= 0 && $0 <= 1.0001 } && data.features.max()! > 0.5)
        let (experiment, _, _) = try run(.random, steps: 2, seed: 3, ["dataset=fashion"])
        // 8x8 clothing is coarse, but two epochs on 2,400 images beat chance (10 %) by far.
        #expect(experiment.best!.accuracy > 0.4, "\(experiment.history.map { "\($0.architecture) \($0.accuracy)" })")
    }

    @Test func replayFromTheCatalogShowsRegretAgainstTheStrategies() throws {
        let (experiment, reports, session) = try run(.evolution, steps: 30, seed: 7, space: "cell", ["mode=replay"])
        #expect(reports.count == 30 && experiment.table != nil)
        let titles = session.panels.map(\.title)
        #expect(titles == ["Leaderboard", "Sampled cell", "Accuracy vs parameters", "Regret vs evaluations"])
        let regret = try #require(session.panels.last as? RegretPanel)
        #expect(regret.curves.map(\.name) == ["random", "evolution", "reinforce", "pnas", "pqt", "this run"])
        #expect(regret.curves.last!.regret.count == 30)
        #expect(try session.evaluate().first { $0.name == "regret" }?.value == regret.curves.last!.regret.last)
        // In replay the child-training settings do nothing, so the screen does not offer them.
        #expect(!session.settings.applicable.map(\.key).contains("child-epochs"))
        #expect(experiment.parameters.isEmpty)
    }

    @Test func catalogListsTheStrategies() {
        #expect(ArchitectureSearchTopic.experiments.map(\.descriptor.id)
                == ["nas.random", "nas.evolution", "nas.reinforce", "nas.pnas", "nas.pqt", "nas.enas", "nas.transfer"])
        #expect(ArchitectureSearchTopic.experiments.dropLast().allSatisfy { $0.descriptor.datasets == ["uci-digits"] })
        #expect(ArchitectureSearchTopic.experiments.last?.descriptor.datasets == ["fashion-mnist"])
    }
}
