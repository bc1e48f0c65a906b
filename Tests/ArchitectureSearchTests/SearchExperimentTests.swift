import Lab
import Testing
import TestSupport
@testable import ArchitectureSearch

/// Each strategy searches on the real digits for a few children and must behave as its paper says.
@Suite(.serialized) struct SearchExperimentTests {
    func run(_ experiment: SearchExperiment, steps: Int, seed: UInt64 = 1) throws -> [StepReport] {
        try experiment.hyperparameters.set("evaluations-per-epoch", from: "\(steps)")
        let session = TrainingSession(experiment: experiment, seed: seed, store: try RealData.store())
        try session.prepare()
        var reports: [StepReport] = []
        try session.runEpoch { reports.append($0) }
        return reports
    }

    func expectSensible(_ experiment: SearchExperiment, _ reports: [StepReport], steps: Int) throws {
        #expect(reports.count == steps && experiment.history.count == steps)
        for (report, result) in zip(reports, experiment.history) {
            #expect(result.accuracy > 0 && result.accuracy <= 1)
            #expect(abs(Double(report.loss) - (1 - result.accuracy)) < 1e-6)
            #expect(MacroArchitecture(decisions: result.architecture.decisions) == result.architecture)
            #expect(result.parameterCount >= 650 && result.seconds > 0)
        }
        // Two epochs beat chance (10 %) by far for most children; heavy pooling before a thin conv can fail.
        #expect(experiment.history.filter { $0.accuracy > 0.5 }.count * 2 >= experiment.history.count, "\(experiment.history.map { "\($0.architecture) \($0.accuracy) loss \($0.trainLoss)" })")
        let metrics = try experiment.evaluate()
        #expect(metrics.first { $0.name == "best accuracy" }?.value == experiment.history.map(\.accuracy).max())
        #expect(metrics.first { $0.name == "evaluations" }?.value == Double(steps))
    }

    @Test func randomSearchEvaluatesDistinctRealChildren() throws {
        let experiment = RandomSearch()
        let reports = try run(experiment, steps: 4)
        try expectSensible(experiment, reports, steps: 4)
        #expect(Set(experiment.history.map(\.architecture)).count > 1)
        #expect(experiment.best!.accuracy > 0.85, "\(experiment.history.map { "\($0.architecture) \($0.accuracy) loss \($0.trainLoss)" })")
    }

    @Test func evolutionFillsThePopulationThenMutatesAndAges() throws {
        let experiment = RegularizedEvolution()
        try experiment.hyperparameters.set("population", from: "3")
        try experiment.hyperparameters.set("sample-size", from: "2")
        let reports = try run(experiment, steps: 6)
        try expectSensible(experiment, reports, steps: 6)
        // Aging: the population holds the 3 youngest; the first 3 (the random ones) died of old age.
        #expect(experiment.population.count == 3)
        #expect(experiment.population.map(\.birth) == [3, 4, 5])
        // Each child after the first 3 is a one-decision mutation of a member alive when it was born.
        for index in 3..<6 {
            let child = experiment.history[index].architecture.decisions
            let candidates = experiment.history[(index - 3)..<index].map(\.architecture.decisions)
            #expect(candidates.contains { zip($0, child).filter { $0 != $1 }.count == 1 })
        }
    }

    @Test func reinforceUpdatesTheControllerWithFiniteLogProbabilities() throws {
        let experiment = ReinforceSearch()
        try experiment.hyperparameters.set("evaluations-per-epoch", from: "1")
        let session = TrainingSession(experiment: experiment, seed: 5, store: try RealData.store())
        try session.prepare()
        let initial = experiment.parameters.map(\.tensor.data)
        #expect(initial.count == 1 + 3 + 16)  // embedding table, LSTM (3), 8 heads (weight + bias)
        var logProbabilities: [Float] = []
        for _ in 0..<4 {
            try session.step()
            logProbabilities.append(experiment.lastLogProbability)
            #expect(experiment.lastEntropy > 0 && experiment.lastEntropy <= 8.32)
        }
        #expect(logProbabilities.allSatisfy { $0.isFinite && $0 < 0 }, "\(logProbabilities)")
        // log p of one of 4,096 architectures from a near-uniform controller is near −ln 4096 ≈ −8.3.
        #expect(logProbabilities.allSatisfy { $0 > -12 }, "\(logProbabilities)")
        let changed = zip(initial, experiment.parameters.map(\.tensor.data)).contains { $0 != $1 }
        #expect(changed)
        let baseline = try #require(experiment.baseline)
        let rewards = experiment.history.map(\.accuracy)
        #expect(baseline >= rewards.min()! && baseline <= rewards.max()!)
        #expect(experiment.history.filter { $0.accuracy > 0.5 }.count * 2 >= experiment.history.count, "\(rewards)")
    }

    @Test func catalogListsTheThreeStrategies() {
        #expect(ArchitectureSearchTopic.experiments.map(\.descriptor.id) == ["nas.random", "nas.evolution", "nas.reinforce"])
        #expect(ArchitectureSearchTopic.experiments.allSatisfy { $0.descriptor.datasets == ["uci-digits"] })
    }
}
