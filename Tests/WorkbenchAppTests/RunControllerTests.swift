import Datasets
import Foundation
import Lab
import NeuralNet
import TensorKit
import Testing
@testable import WorkbenchApp

/// A scripted experiment: losses come from a list, and every `reshapeEvery` steps its one
/// parameter is replaced by a tensor of another size (as an architecture search does with each
/// new child network).
final class ScriptedExperiment: ExperimentRun {
    static func entry(losses: [Float] = [], reshapeEvery: Int = 0) -> ExperimentEntry {
        ExperimentEntry(ExperimentDescriptor(id: "test.scripted", title: "Scripted", topic: "basics",
                                             summary: "losses from a script", datasets: []),
                        settings: [.real("learning-rate", 0.1, in: 1e-6...100, logarithmic: true, live: true, "step size"),
                                   .integer("width", 3, in: 1...10, "parameter size")]) { context in
            ScriptedExperiment(losses: losses, reshapeEvery: reshapeEvery, width: context.settings.integer("width"))
        }
    }
    let losses: [Float]
    let reshapeEvery: Int
    private var weight: Tensor
    private var steps = 0

    init(losses: [Float], reshapeEvery: Int, width: Int) {
        self.losses = losses
        self.reshapeEvery = reshapeEvery
        weight = Tensor.zeros([width]).trainable()
    }

    var stepsPerEpoch: Int { 4 }

    func step(_ settings: HyperparameterSet) throws -> StepReport {
        steps += 1
        if reshapeEvery > 0, steps % reshapeEvery == 0 { weight = Tensor.zeros([weight.count + 2]).trainable() }
        weight.data = weight.data.map { $0 + Float(settings.real("learning-rate")) }
        let loss = losses.isEmpty ? 1 / Float(steps) : losses[(steps - 1) % losses.count]
        return StepReport(loss: loss, examples: 1)
    }

    func evaluate(_ settings: HyperparameterSet) throws -> [Metric] { [.loss(Double(1) / Double(max(steps, 1)), name: "validation loss")] }
    var parameters: [NamedParameter] { [NamedParameter("weight", weight)] }
}

@Suite struct RunControllerTests {
    static func controller(budget: Int = 2, running: Bool = false,
                           entry: ExperimentEntry = ScriptedExperiment.entry()) -> RunController {
        let store = DataStore(root: FileManager.default.temporaryDirectory, manifest: DatasetManifest(datasets: []))
        return RunController(entry: entry, seed: 1, store: store, epochBudget: budget, startRunning: running)
    }

    /// Advances until the controller has no work left (or `limit` units).
    static func drain(_ controller: RunController, limit: Int = 1_000) {
        var count = 0
        while controller.wantsWork && count < limit { controller.advance(); count += 1 }
    }

    @Test func pausedRunStepsOnceThenAnEpochOnCommand() {
        let controller = Self.controller()
        Self.drain(controller)
        #expect(controller.state == .paused)
        controller.perform(.stepOnce)
        Self.drain(controller)
        #expect(controller.snapshot(withPanels: false).stepCount == 1)
        controller.perform(.stepEpoch)
        Self.drain(controller)
        let snapshot = controller.snapshot(withPanels: false)
        #expect(snapshot.stepCount == 4)
        #expect(snapshot.completedEpochs == 1)
        #expect(controller.state == .paused)
    }

    @Test func runningStopsAtTheBudgetWithAFreshInspector() {
        let controller = Self.controller(budget: 2, running: true)
        Self.drain(controller)
        let snapshot = controller.snapshot(withPanels: false)
        #expect(controller.state == .finished)
        #expect(snapshot.stepCount == 8)
        // The last step of the run is always measured: 8 steps of +0.1 on three values.
        #expect(snapshot.inspector.count == 1)
        #expect(abs(snapshot.inspector[0].valueNorm - (3 * 0.8 * 0.8).squareRoot()) < 1e-5)
        #expect(abs((snapshot.inspector[0].updateNorm ?? 0) - (3 * 0.01).squareRoot()) < 1e-5)
    }

    @Test func parametersThatChangeShapeBetweenStepsDoNotCrashTheInspector() {
        let controller = Self.controller(budget: 3, entry: ScriptedExperiment.entry(reshapeEvery: 2))
        Self.drain(controller)
        for _ in 0..<6 {
            controller.perform(.stepOnce)
            Self.drain(controller)
        }
        let stats = controller.snapshot(withPanels: false).inspector
        #expect(stats.count == 1)
        #expect(stats[0].shape == [9])  // three reshapes of +2
        #expect(stats[0].updateNorm == nil, "a tensor made during the step has no update to show")
        controller.perform(.stepOnce)
        Self.drain(controller)
        #expect(controller.snapshot(withPanels: false).inspector[0].updateNorm != nil)
    }

    @Test func divergenceStopsAndRestartLowersTheLearningRate() {
        let controller = Self.controller(running: true, entry: ScriptedExperiment.entry(losses: [1, .nan]))
        Self.drain(controller)
        guard case .diverged = controller.state else { Issue.record("expected divergence, got \(controller.state)"); return }
        #expect(controller.snapshot(withPanels: false).divergenceSteps == [2])
        controller.perform(.restartWithLowerLearningRate)
        controller.advance()  // prepare
        #expect(abs(controller.snapshot(withPanels: false).hyperparameters.real("learning-rate") - 0.01) < 1e-12)
        #expect(controller.state == .running)
    }

    @Test func liveEditsApplyAtOnceRestartOnlyEditsWaitForRestart() {
        let controller = Self.controller()
        Self.drain(controller)
        controller.perform(.set(key: "learning-rate", value: .real(1)))
        controller.perform(.set(key: "width", value: .integer(5)))
        #expect(controller.snapshot(withPanels: false).pendingRestartKeys == ["width"])
        controller.perform(.stepOnce)
        Self.drain(controller)
        #expect(controller.snapshot(withPanels: false).inspector[0].shape == [3])
        #expect(abs(controller.snapshot(withPanels: false).inspector[0].valueNorm - 3.0.squareRoot()) < 1e-5)
        controller.perform(.restart)
        Self.drain(controller)
        controller.perform(.stepOnce)
        Self.drain(controller)
        let snapshot = controller.snapshot(withPanels: false)
        #expect(snapshot.inspector[0].shape == [5])
        #expect(snapshot.pendingRestartKeys.isEmpty)
    }
}
