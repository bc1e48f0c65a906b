import Testing
import NeuralNet
import TensorKit
import Datasets
import Foundation
import TestSupport
@testable import Lab

/// A tiny experiment with a controllable loss, to test the session without data. It records the
/// learning rate each step saw.
final class ScriptedExperiment: ExperimentRun {
    static func entry(losses: [Float]) -> ExperimentEntry {
        ExperimentEntry(ExperimentDescriptor(id: "test.scripted", title: "Scripted", topic: "basics",
                                             summary: "losses from a list", datasets: []),
                        settings: [.real("learning-rate", 0.1, in: 1e-4...1, logarithmic: true, live: true, "rate"),
                                   .integer("width", 2, in: 1...9, "restart-only")]) { _ in ScriptedExperiment(losses: losses) }
    }
    var losses: [Float]
    var position = 0
    var ratesSeen: [Double] = []
    let weight = Tensor.ones([2]).trainable()
    init(losses: [Float]) { self.losses = losses }
    var stepsPerEpoch: Int { 2 }
    func step(_ settings: HyperparameterSet) throws -> StepReport {
        defer { position += 1 }
        ratesSeen.append(settings.real("learning-rate"))
        return StepReport(loss: losses[position % losses.count], examples: 4)
    }
    func evaluate(_ settings: HyperparameterSet) throws -> [Metric] { [.accuracy(Double(position) / 10)] }
    var parameters: [NamedParameter] { [NamedParameter("w", weight)] }
}

func scriptedSession(_ losses: [Float]) throws -> TrainingSession {
    let entry = ScriptedExperiment.entry(losses: losses)
    return try TrainingSession(entry: entry, settings: entry.settings, seed: 1, store: emptyStore)
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
        let session = try scriptedSession([1, 3])
        let first = try session.runEpoch()
        #expect(first.epoch == 1 && first.trainLoss == 2)
        #expect(first.metrics == [.accuracy(0.2)])
        try session.runEpoch()
        #expect(session.history.steps.map(\.loss) == [1, 3, 1, 3])
        // Steps are numbered by the epoch they belong to, as the epoch records are (from 1).
        #expect(session.history.steps.map(\.epoch) == [1, 1, 2, 2])
        #expect(session.history.epochs.map(\.epoch) == [1, 2])
        #expect(session.history.bestMetrics == [.accuracy(0.4)])
        #expect(session.history.lossCSV == "step,epoch,loss\n1,1,1.0\n2,1,3.0\n3,2,1.0\n4,2,3.0\n")
    }

    @Test func nonFiniteLossStopsWithAnExplanation() throws {
        let session = try scriptedSession([1, .infinity])
        try session.step()
        #expect(throws: LabError.nonFiniteLoss(step: 2, value: .infinity)) { try session.step() }
        #expect(session.history.steps.count == 1)
        #expect(LabError.nonFiniteLoss(step: 2, value: .infinity).description.contains("lower learning rate"))
        #expect(LabError.nonFiniteLoss(step: 2, value: -.nan).description.contains("became NaN at step 2"))
    }

    /// A long history is kept as at most `maxSteps` averaged points, each at its bucket's last
    /// step; a NaN stays visible; a short one is left as it is.
    @Test func longHistoriesCompactIntoAveragedBuckets() {
        var history = RunHistory()
        history.steps = (1...10).map { StepPoint(step: $0, epoch: ($0 + 4) / 5, loss: Float($0)) }
        #expect(history.compacted(maxSteps: 10) == history)
        let four = history.compacted(maxSteps: 4)  // buckets of 3: 1-3, 4-6, 7-9, 10
        #expect(four.steps.map(\.step) == [3, 6, 9, 10])
        #expect(four.steps.map(\.loss) == [2, 5, 8, 10])
        #expect(four.steps.map(\.epoch) == [1, 2, 2, 2])
        history.steps[4] = StepPoint(step: 5, epoch: 1, loss: .nan)
        #expect(history.compacted(maxSteps: 4).steps[1].loss.isNaN)
        // Components are averaged too, where every step of the bucket has them.
        history.steps = (1...6).map { StepPoint(step: $0, epoch: 1, loss: 1, components: $0 == 2 ? ["a": 9] : ["a": Float($0), "b": 1]) }
        let two = history.compacted(maxSteps: 2)  // buckets 1-3, 4-6
        #expect(two.steps.map(\.components) == [["a": Float(13.0 / 3)], ["a": 5, "b": 1]])  // (1 + 9 + 3) / 3; b only in 4-6
    }

    /// A step's components (a multi-task step's task losses and cosine) are kept with its loss,
    /// written as CSV columns after the loss in the order they first appear, and read back from
    /// JSON; a record without them reads as before.
    @Test func stepComponentsAreKeptAndWrittenAsColumns() throws {
        var history = RunHistory()
        history.steps = [StepPoint(step: 1, epoch: 1, loss: 2, components: ["right, loss": 0.5, "cosine": 0.25]),
                         StepPoint(step: 2, epoch: 1, loss: 3), StepPoint(step: 3, epoch: 1, loss: 4, components: [:])]
        #expect(history.steps[2].components == nil)
        #expect(history.lossCSV == "step,epoch,loss,cosine,\"right, loss\"\n1,1,2.0,0.25,0.5\n2,1,3.0,,\n3,1,4.0,,\n")
        let decoded = try JSONDecoder().decode(RunHistory.self, from: JSONEncoder().encode(history))
        #expect(decoded == history)
        let old = #"{"steps":[{"step":1,"epoch":1,"loss":2}],"epochs":[]}"#
        #expect(try JSONDecoder().decode(RunHistory.self, from: Data(old.utf8)).steps == [StepPoint(step: 1, epoch: 1, loss: 2)])
    }

    @Test func liveChangesApplyFromTheNextStepAndAreLogged() throws {
        let session = try scriptedSession([1])
        try session.step()
        try session.change("learning-rate", to: .real(0.5))
        try session.step()
        try session.change("learning-rate", to: .real(0.5))  // no change, no entry
        #expect(throws: LabError.notLive("width")) { try session.change("width", to: .integer(3)) }
        #expect(session.experiment(as: ScriptedExperiment.self).ratesSeen == [0.1, 0.5])
        #expect(session.changes == [SettingChange(step: 2, key: "learning-rate", from: "0.1", to: "0.5")])
        let record = RunRecord(session: session, startedAt: Date())
        #expect(record.config["learning-rate"] == "0.1", "the record keeps the settings the run started with")
        #expect(record.changes == session.changes)
        let decoded = try JSONDecoder().decode(RunRecord.self, from: try record.json())
        #expect(decoded.changes == record.changes && decoded.id == record.id)
    }

    @Test func recordsSavedBeforeIdsAndChangeLogsStillLoad() throws {
        let session = try scriptedSession([1])
        try session.runEpoch()
        var json = try JSONSerialization.jsonObject(with: try RunRecord(session: session, startedAt: Date()).json()) as! [String: Any]
        json["id"] = nil
        json["changes"] = nil
        let old = try JSONDecoder().decode(RunRecord.self, from: try JSONSerialization.data(withJSONObject: json))
        #expect(old.changes.isEmpty && old.id.hasSuffix("test.scripted-1"))
    }
}

let basics = Topic(id: "basics", title: "Basics", summary: "")

@Suite struct CatalogAndBatchingTests {
    @Test func mistypedNamesGetTheClosestSuggestions() {
        #expect(Suggestion.closest(to: "rec.biasedmf", among: ["rec.biased-mf", "rec.baseline", "rec.svdpp"]) == ["rec.biased-mf"])
        #expect(Suggestion.closest(to: "lerning-rate", among: ["learning-rate", "batch-size"]) == ["learning-rate"])
        #expect(Suggestion.closest(to: "zzzzzz", among: ["learning-rate", "batch-size"]).isEmpty)
        #expect(Suggestion.editDistance("kitten", "sitting") == 3)
        #expect(LabError.unknownKey("hiden", valid: ["hidden", "dropout"]).description
                == "unknown hyperparameter 'hiden' (did you mean hidden?); valid keys: hidden, dropout")
    }

    @Test func conditionalSettingsAreApplicableOnlyWithTheirCondition() throws {
        var set = HyperparameterSet([.choice("mode", "train", among: ["train", "replay"], "mode"),
                                     Hyperparameter.integer("epochs", 2, in: 1...9, "epochs").only(when: "mode", is: "train")])
        #expect(set.applicable.map(\.key) == ["mode", "epochs"])
        try set.set("mode", from: "replay")
        #expect(set.applicable.map(\.key) == ["mode"])
    }

    @Test func unknownIdsListTheValidOnes() {
        let catalog = ExperimentCatalog(topics: [basics], entries: [ScriptedExperiment.entry(losses: [1])])
        #expect(throws: LabError.unknownExperiment("nope", valid: ["test.scripted"])) { try catalog.entry("nope") }
        #expect(catalog.entries(inTopic: "basics").count == 1)
    }

    @Test func lessonCheckFlagsCodeWiderThanTheReadingColumn() {
        let catalog = ExperimentCatalog(topics: [basics], entries: [ScriptedExperiment.entry(losses: [1])])
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
