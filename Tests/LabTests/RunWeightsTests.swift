import Datasets
import Foundation
import NeuralNet
import TensorKit
import Testing
import TestSupport
@testable import Lab

/// A small real experiment for the weights tests: an MLP with one hidden layer on the UCI
/// digits (every fifth image held out), trained with Adam.
final class DigitsProbe: ExperimentRun {
    static func entry(id: String = "test.digits-probe") -> ExperimentEntry {
        ExperimentEntry(ExperimentDescriptor(id: id, title: "Digits probe", topic: "basics", summary: "an MLP on the UCI digits",
                                             datasets: ["uci-digits"]),
                        settings: [.real("learning-rate", 0.01, in: 1e-4...1, logarithmic: true, live: true, "rate"),
                                   .integer("hidden", 16, in: 1...64, "hidden units")]) { try DigitsProbe($0) }
    }

    let data: ClassificationData
    let model: MLP
    let optimizer: Adam
    var cursor: MinibatchCursor

    init(_ context: ExperimentContext) throws {
        let images = try UCIDigits.load(store: context.store)
        let split = Splits.moduloSplit(count: images.count, modulus: 5, testRemainder: 4)
        data = ClassificationData(features: images.pixels, featureCount: 64, labels: images.labels, classCount: 10,
                                  trainIndices: split.train, heldOutIndices: split.test, heldOutName: "validation")
        var generator = SeededGenerator(seed: context.seed)
        model = MLP(sizes: [64, context.settings.integer("hidden"), 10], using: &generator)
        optimizer = Adam(model.parameters, learningRate: 0.01)
        cursor = MinibatchCursor(indices: data.trainIndices, batchSize: 64, seed: context.seed)
    }

    var stepsPerEpoch: Int { cursor.stepsPerEpoch }
    func step(_ settings: HyperparameterSet) throws -> StepReport {
        let rows = cursor.next()
        let loss = optimizer.minimize(following: settings) { Loss.softmaxCrossEntropy(model(data.batch(rows)), labels: data.labels(rows)) }
        return StepReport(loss: loss.scalar, examples: rows.count)
    }
    func evaluate(_ settings: HyperparameterSet) throws -> [Metric] {
        let result = data.evaluate { model($0) }
        return [.accuracy(result.accuracy, name: "validation accuracy"), .loss(result.loss, name: "validation loss")]
    }
    var parameters: [NamedParameter] { model.parameters }
}

@Suite(.serialized) struct RunWeightsTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("run-weights-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func trained(_ assignments: [String] = [], seed: UInt64 = 1, epochs: Int = 2) throws -> (TrainingSession, URL) {
        let session = try DigitsProbe.entry().session(assignments, seed: seed)
        for _ in 0..<epochs { try session.runEpoch() }
        let url = folder.appendingPathComponent("weights-\(UUID()).safetensors")
        try session.weightsFile().write(to: url)
        return (session, url)
    }

    @Test func loadedWeightsEvaluateBitForBitAsTheyDidWhenSaved() throws {
        let (source, url) = try trained()
        let saved = source.history.epochs.last!.metrics
        let fresh = try DigitsProbe.entry().session()
        #expect(try fresh.evaluate().map(\.value.bitPattern) != saved.map(\.value.bitPattern))  // untrained: different
        #expect(try fresh.loadWeights(from: url).isEmpty)
        let loaded = try fresh.evaluate()
        #expect(loaded.map(\.name) == saved.map(\.name))
        #expect(loaded.map(\.value.bitPattern) == saved.map(\.value.bitPattern))
        #expect(fresh.loadedWeights == WeightsSource(path: url.path, sha256: try Checksum.sha256(of: url)))
        // The run record says where the weights came from; training on from them works.
        try fresh.runEpoch()
        let record = RunRecord(session: fresh, startedAt: Date())
        #expect(record.loadedWeights?.path == url.path)
        #expect(try JSONDecoder().decode(RunRecord.self, from: record.json()).loadedWeights == record.loadedWeights)
    }

    @Test func theMetadataSaysWhatTheWeightsAre() throws {
        let (_, url) = try trained(["hidden=8"], seed: 3, epochs: 1)
        let file = try SafeTensors.decode(Data(contentsOf: url))
        #expect(file.metadata["experiment"] == "test.digits-probe")
        #expect(file.metadata["seed"] == "3" && file.metadata["epochs"] == "1" && file.metadata["version"] == BuildInfo.version)
        #expect(file.metadata["commit"] == BuildInfo.commit)
        let settings = try JSONDecoder().decode([String: String].self, from: Data(file.metadata["settings"]!.utf8))
        #expect(settings == ["learning-rate": "0.01", "hidden": "8"])
        #expect(file.entries.map(\.name) == ["layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias"])
        #expect(file.entries.map(\.shape) == [[64, 8], [8], [8, 10], [10]])
    }

    @Test func filesThatDoNotFitAreRefusedByNameAndChangeNothing() throws {
        let (_, url) = try trained(["hidden=8"], epochs: 1)
        let target = try DigitsProbe.entry().session(["hidden=16"])
        let before = target.run.parameters.map(\.tensor.data)
        #expect {
            try target.loadWeights(from: url)
        } throws: { error in
            "\(error)" == "\(url.path) does not fit this model: layers.0.weight has shape [64, 8] in the file but [64, 16] in this model "
                + "(the file was saved with hidden=8 (this run: 16))"
        }
        #expect(target.run.parameters.map(\.tensor.data) == before)
        #expect(target.loadedWeights == nil)

        let other = try DigitsProbe.entry(id: "test.other-probe").session(["hidden=8"])
        #expect(throws: WeightsFileError.otherExperiment(path: url.path, file: "test.digits-probe", run: "test.other-probe")) {
            try other.loadWeights(from: url)
        }

        let text = folder.appendingPathComponent("notes.txt")
        try Data("these are not weights".utf8).write(to: text)
        #expect { try target.loadWeights(from: text) } throws: { "\($0)".hasPrefix("\(text.path) is not a safetensors file: ") }
        #expect { try target.loadWeights(from: folder.appendingPathComponent("absent")) } throws: {
            "\($0)".hasPrefix("cannot read the weights file \(folder.appendingPathComponent("absent").path)")
        }
    }

    @Test func aFileFromElsewhereLoadsByNamesWithAWarningAndAnotherSeedIsMentioned() throws {
        let (source, url) = try trained(epochs: 1)
        let bare = folder.appendingPathComponent("bare.safetensors")
        try SafeTensors.encode(source.run.parameters, metadata: [:]).write(to: bare)
        let target = try DigitsProbe.entry().session()
        #expect(try target.loadWeights(from: bare) == ["\(bare.path) does not say which experiment it belongs to; loading it by tensor names"])
        let otherSeed = try DigitsProbe.entry().session(seed: 5)
        #expect(try otherSeed.loadWeights(from: url).first?.contains("was trained with seed 1; this run uses seed 5") == true)
    }
}
