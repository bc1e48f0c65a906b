import Testing
import NeuralNet
import TensorKit
import Datasets
import Foundation
@testable import Lab

/// A tiny experiment with a controllable loss, to test the session without data.
final class ScriptedExperiment: Experiment {
    static let descriptor = ExperimentDescriptor(id: "test.scripted", title: "Scripted", topic: "basics",
                                                 summary: "losses from a list", datasets: [])
    var descriptor: ExperimentDescriptor { Self.descriptor }
    var hyperparameters = HyperparameterSet([.real("learning-rate", 0.1, in: 1e-4...1, logarithmic: true, live: true, "rate")])
    var losses: [Float]
    var position = 0
    let weight = Tensor.ones([2]).trainable()
    init(losses: [Float]) { self.losses = losses }
    func prepare(_ context: ExperimentContext) throws {}
    var stepsPerEpoch: Int { 2 }
    func step() throws -> StepReport {
        defer { position += 1 }
        return StepReport(loss: losses[position % losses.count], examples: 4)
    }
    func evaluate() throws -> [Metric] { [.accuracy(Double(position) / 10)] }
    var parameters: [NamedParameter] { [NamedParameter("w", weight)] }
}

@Suite struct HyperparameterTests {
    var set = HyperparameterSet([
        .real("learning-rate", 0.01, in: 1e-5...1, logarithmic: true, live: true, "rate"),
        .integer("hidden", 64, in: 1...1024, "units"),
        .choice("optimizer", "adam", among: ["sgd", "adam"], "rule"),
        .flag("bias", true, "use a bias"),
    ])

    @Test mutating func validAssignmentsApply() throws {
        try set.apply(assignments: ["learning-rate=0.5", "hidden=8", "optimizer=sgd", "bias=no"])
        #expect(set.real("learning-rate") == 0.5)
        #expect(set.integer("hidden") == 8)
        #expect(set.choice("optimizer") == "sgd")
        #expect(!set.flag("bias"))
        #expect(set.dictionary == ["learning-rate": "0.5", "hidden": "8", "optimizer": "sgd", "bias": "false"])
    }

    @Test mutating func badInputIsExplainedAndChangesNothing() {
        let before = set
        #expect(throws: LabError.unknownKey("lr", valid: ["learning-rate", "hidden", "optimizer", "bias"])) {
            try set.apply(assignments: ["lr=0.1"])
        }
        #expect(throws: LabError.badValue(key: "hidden", value: "0", expected: "a whole number from 1 to 1024")) {
            try set.set("hidden", from: "0")
        }
        #expect(throws: LabError.badValue(key: "optimizer", value: "adagrad", expected: "one of sgd, adam")) {
            try set.set("optimizer", from: "adagrad")
        }
        #expect(throws: LabError.badValue(key: "learning-rate", value: "nan", expected: "a number from 1e-05 to 1")) {
            try set.set("learning-rate", from: "nan")
        }
        #expect(throws: LabError.badAssignment("hidden")) { try set.apply(assignments: ["hidden"]) }
        #expect(set == before)
    }

    @Test func nudgingStaysInRange() {
        let rate = Hyperparameter.real("lr", 0.6, in: 1e-3...1, logarithmic: true, "rate")
        #expect(rate.nudged(up: true) == .real(1))
        #expect(rate.nudged(up: false) == .real(0.3))
        let choice = Hyperparameter.choice("o", "adam", among: ["sgd", "adam"], "rule")
        #expect(choice.nudged(up: true) == .choice("sgd"))
    }
}

let emptyStore = DataStore(root: URL(fileURLWithPath: "/nonexistent"), manifest: DatasetManifest(datasets: []))

@Suite struct SessionTests {
    @Test func epochsRecordMeanLossAndMetrics() throws {
        let session = TrainingSession(experiment: ScriptedExperiment(losses: [1, 3]), seed: 1, store: emptyStore)
        try session.prepare()
        let first = try session.runEpoch()
        #expect(first.epoch == 1 && first.trainLoss == 2)
        #expect(first.metrics == [.accuracy(0.2)])
        try session.runEpoch()
        #expect(session.history.steps.map(\.loss) == [1, 3, 1, 3])
        #expect(session.history.steps.map(\.epoch) == [0, 0, 1, 1])
        #expect(session.history.bestMetrics == [.accuracy(0.4)])
        #expect(session.history.lossCSV == "step,epoch,loss\n1,0,1.0\n2,0,3.0\n3,1,1.0\n4,1,3.0\n")
    }

    @Test func nonFiniteLossStopsWithAnExplanation() throws {
        let session = TrainingSession(experiment: ScriptedExperiment(losses: [1, .infinity]), seed: 1, store: emptyStore)
        try session.prepare()
        try session.step()
        #expect(throws: LabError.nonFiniteLoss(step: 2, value: .infinity)) { try session.step() }
        #expect(session.history.steps.count == 1)
        #expect(LabError.nonFiniteLoss(step: 2, value: .infinity).description.contains("lower learning rate"))
    }

    @Test func steppingBeforePrepareIsAnError() {
        let session = TrainingSession(experiment: ScriptedExperiment(losses: [1]), seed: 1, store: emptyStore)
        #expect(throws: LabError.notPrepared) { try session.step() }
    }
}

@Suite struct CatalogAndBatchingTests {
    @Test func unknownIdsListTheValidOnes() {
        let catalog = ExperimentCatalog(topics: Topic.all, entries: [ExperimentEntry(ScriptedExperiment.descriptor) {
            ScriptedExperiment(losses: [1])
        }])
        #expect(throws: LabError.unknownExperiment("nope", valid: ["test.scripted"])) { try catalog.make("nope") }
        #expect(catalog.entries(inTopic: "basics").count == 1)
    }

    @Test func lessonCheckFlagsCodeWiderThanTheReadingColumn() {
        let catalog = ExperimentCatalog(topics: Topic.all, entries: [ExperimentEntry(ScriptedExperiment.descriptor) {
            ScriptedExperiment(losses: [1])
        }])
        let fits = "    " + String(repeating: "x", count: Lesson.readingWidth - 2)
        let body = "# T\n\n\(fits)\n\(fits)y\n[run](run:test.scripted)"
        let lesson = Lesson(topic: "basics", slug: "01-t", number: 1, title: "T", experiments: ["test.scripted"], body: body)
        #expect(LessonCatalog(lessons: [lesson]).problems(against: catalog)
                == ["lessons/basics/01-t.md: body line 4 is code wider than the 100-column reading view"])
    }

    @Test func cursorCoversEveryIndexOncePerEpochAndIsSeeded() {
        var cursor = MinibatchCursor(indices: Array(0..<10), batchSize: 4, seed: 3)
        #expect(cursor.stepsPerEpoch == 3)
        let epoch = (0..<3).flatMap { _ in cursor.next() }
        #expect(epoch.sorted() == Array(0..<10))
        var again = MinibatchCursor(indices: Array(0..<10), batchSize: 4, seed: 3)
        #expect((0..<3).flatMap { _ in again.next() } == epoch)
        let nextEpoch = (0..<3).flatMap { _ in cursor.next() }
        #expect(nextEpoch.sorted() == Array(0..<10) && nextEpoch != epoch)
    }

    @Test func classificationDataBatchesAndEvaluates() {
        let data = ClassificationData(features: [1, 0, 0, 1, 1, 0], featureCount: 2, labels: [0, 1, 0], classCount: 2,
                                      trainIndices: [0, 1], heldOutIndices: [1, 2], heldOutName: "validation")
        #expect(data.batch([2, 1]).data == [1, 0, 0, 1])
        let perfect = data.evaluate { x in x * 10 }  // logits = 10 x: picks the hot feature
        #expect(perfect.accuracy == 1)
        #expect(perfect.predictions == [1, 0])
    }
}
