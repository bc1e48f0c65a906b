import Datasets
import Foundation
import Testing
import TestSupport

/// `--version`, `list --json`, `--metrics-csv`, `--save-weights` / `--load-weights`, `--data`,
/// output paths checked before training, and exit statuses, as a user meets them.
@Suite(.serialized) struct ExportAndConventionTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("cli-export-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    func record(_ outcome: Workbench.Outcome) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any], "\(outcome.stderr)")
    }

    /// The numbers of a record, decoded exactly (Foundation's JSONSerialization on Linux may round
    /// the last bit of a Double; JSONDecoder does not).
    struct Numbers: Decodable {
        struct Metric: Decodable { var name: String; var value: Double }
        struct Epoch: Decodable { var epoch: Int; var trainLoss: Double; var metrics: [Metric]; var seconds: Double }
        struct History: Decodable { var epochs: [Epoch] }
        var finalMetrics: [Metric]
        var history: History
    }

    func numbers(_ outcome: Workbench.Outcome) throws -> Numbers {
        try JSONDecoder().decode(Numbers.self, from: Data(outcome.stdout.utf8))
    }

    func gitHead() -> String? {
        let git = ProcessRunner()
        guard let tool = git.locate("git"), let result = try? git.run(tool, ["rev-parse", "HEAD"], in: RealData.projectRoot),
              result.status == 0 else { return nil }
        return result.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func versionPrintsTheVersionAndTheCommit() throws {
        for flag in ["--version", "-V"] {
            let outcome = try Workbench.run([flag])
            #expect(outcome.status == 0, "\(outcome.stderr)")
            #expect(outcome.stdout.hasPrefix("workbench 0.4.0 (commit "), "\(outcome.stdout)")
            if let head = gitHead() { #expect(outcome.stdout.contains(head), "\(outcome.stdout)") }
        }
    }

    @Test func runRecordsVersionCommitAndProcessor() throws {
        let outcome = try Workbench.run(["run", "basics.mlp-digits", "--epochs", "1", "--quiet", "--set", "hidden=8"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let json = try record(outcome)
        #expect(json["version"] as? String == "0.4.0")
        let commit = try #require(json["commit"] as? String)
        if let head = gitHead() { #expect(commit.hasPrefix(head)) }
        let cpu = try #require(json["cpu"] as? [String: Any])
        #expect(cpu["cores"] as? Int == ProcessInfo.processInfo.activeProcessorCount)
        #expect((cpu["model"] as? String)?.isEmpty == false)
        #expect(json["blasKernel"] != nil && json["threads"] != nil)
    }

    @Test func listJSONDescribesEveryExperimentAndItsSettings() throws {
        let outcome = try Workbench.run(["list", "--json"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        let experiments = try #require(json["experiments"] as? [[String: Any]])
        #expect(experiments.count > 30)
        let mlp = try #require(experiments.first { $0["id"] as? String == "basics.mlp-digits" })
        #expect(mlp["topic"] as? String == "basics" && mlp["datasets"] as? [String] == ["uci-digits"])
        #expect(mlp["title"] as? String == "MLP on handwritten digits" && (mlp["summary"] as? String)?.isEmpty == false)
        let settings = try #require(mlp["settings"] as? [[String: Any]])
        let rate = try #require(settings.first { $0["key"] as? String == "learning-rate" })
        #expect(rate["default"] as? Double == 0.01 && rate["live"] as? Bool == true)
        #expect((rate["help"] as? String)?.isEmpty == false)
        #expect((rate["domain"] as? [String: Any])?["kind"] as? String == "real")
        let topics = try #require(json["topics"] as? [[String: Any]])
        #expect(topics.map { $0["id"] as? String } .contains("basics"))
    }

    @Test func metricsCSVHasOneRowPerEpoch() throws {
        let csv = path("metrics.csv")
        let outcome = try Workbench.run(["run", "basics.mlp-digits", "--epochs", "3", "--quiet", "--set", "hidden=8", "--metrics-csv", csv])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let lines = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "epoch,train loss,validation accuracy,validation loss,seconds")
        #expect(lines.count == 4)
        let epochs = try numbers(outcome).history.epochs
        for (line, epoch) in zip(lines.dropFirst(), epochs) {
            let fields = line.split(separator: ",").map { Double($0)! }
            #expect(fields.map(\.bitPattern) == ([Double(epoch.epoch), epoch.trainLoss] + epoch.metrics.map(\.value) + [epoch.seconds]).map(\.bitPattern))
        }
    }

    @Test func savedWeightsLoadAndEvaluateBitForBit() throws {
        let weights = path("mlp.safetensors")
        let trained = try Workbench.run(["run", "basics.mlp-digits", "--epochs", "2", "--seed", "3", "--quiet", "--set", "hidden=16",
                                         "--save-weights", weights])
        #expect(trained.status == 0, "\(trained.stderr)")
        let saved = try numbers(trained).finalMetrics
        // A new process evaluates the loaded weights: the same metrics, to the last bit.
        let evaluated = try Workbench.run(["run", "basics.mlp-digits", "--epochs", "0", "--seed", "3", "--quiet", "--set", "hidden=16",
                                           "--load-weights", weights])
        #expect(evaluated.status == 0, "\(evaluated.stderr)")
        let json = try record(evaluated)
        let loaded = try numbers(evaluated).finalMetrics
        let evaluatedEpochs = try numbers(evaluated).history.epochs
        #expect(saved.count == 2 && evaluatedEpochs.isEmpty)
        #expect(loaded.map(\.value.bitPattern) == saved.map(\.value.bitPattern))
        #expect(loaded.map(\.name) == saved.map(\.name))
        let source = try #require(json["loadedWeights"] as? [String: Any])
        #expect(source["sha256"] as? String == (try Checksum.sha256(of: URL(fileURLWithPath: weights))))
        // Training on from them starts where they left off: the first epoch's loss is the trained one's level.
        let continued = try Workbench.run(["run", "basics.mlp-digits", "--epochs", "1", "--seed", "3", "--quiet", "--set", "hidden=16",
                                           "--load-weights", weights])
        #expect(continued.status == 0, "\(continued.stderr)")
        let firstLoss = try numbers(continued).history.epochs[0].trainLoss
        let untrained = try Workbench.run(["run", "basics.mlp-digits", "--epochs", "1", "--seed", "3", "--quiet", "--set", "hidden=16"])
        let untrainedLoss = try numbers(untrained).history.epochs[0].trainLoss
        #expect(firstLoss < untrainedLoss)
    }

    @Test func weightsThatDoNotFitAreRefusedWithStatus1() throws {
        let weights = path("small.safetensors")
        #expect(try Workbench.run(["run", "basics.mlp-digits", "--epochs", "1", "--quiet", "--set", "hidden=8", "--save-weights", weights]).status == 0)
        let wider = try Workbench.run(["run", "basics.mlp-digits", "--epochs", "1", "--quiet", "--set", "hidden=16", "--load-weights", weights])
        #expect(wider.status == 1)
        #expect(wider.stderr.contains("layers.0.weight has shape [64, 8] in the file but [64, 16] in this model"), "\(wider.stderr)")
        #expect(wider.stderr.contains("hidden=8 (this run: 16)") && wider.stdout.isEmpty)
        let other = try Workbench.run(["run", "basics.softmax-fashion", "--epochs", "1", "--quiet", "--load-weights", weights])
        #expect(other.status == 1)
        #expect(other.stderr.contains("holds weights of basics.mlp-digits, not of basics.softmax-fashion"), "\(other.stderr)")
        let text = path("notes.txt")
        try Data("hello".utf8).write(to: URL(fileURLWithPath: text))
        let notWeights = try Workbench.run(["run", "basics.mlp-digits", "--epochs", "1", "--quiet", "--load-weights", text])
        #expect(notWeights.status == 1 && notWeights.stderr.contains("is not a safetensors file"), "\(notWeights.stderr)")
        let absent = try Workbench.run(["run", "basics.mlp-digits", "--epochs", "1", "--quiet", "--load-weights", path("absent")])
        #expect(absent.status == 2 && absent.stderr.contains("--load-weights \(path("absent")): no readable file there"))
    }

    @Test func userDataTrainsAndIsRecordedWithItsChecksum() throws {
        // The user's file: the first 1,000 digits of the real file, as plain CSV (a format the loader reads).
        let original = try RealData.store().url(of: "digits.csv.gz", in: "uci-digits")
        let text = String(decoding: try Gzip.decompress(Data(contentsOf: original)), as: UTF8.self)
        let mine = folder.appendingPathComponent("my-digits.csv")
        try (text.split(separator: "\n").prefix(1000).joined(separator: "\n") + "\n").write(to: mine, atomically: true, encoding: .utf8)
        let outcome = try Workbench.run(["run", "basics.mlp-digits", "--epochs", "1", "--quiet", "--set", "hidden=8",
                                         "--set", "batch-size=100", "--data", "uci-digits=\(mine.path)"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let json = try record(outcome)
        let supplied = try #require((json["userData"] as? [[String: Any]])?.first)
        #expect(supplied["dataset"] as? String == "uci-digits" && supplied["file"] as? String == "digits.csv.gz")
        #expect(supplied["path"] as? String == mine.path)
        #expect(supplied["sha256"] as? String == (try Checksum.sha256(of: mine)))
        // It trained on the user's 1,000 images: 800 for training, 8 minibatches of 100 (the full file has 1,437: 15).
        #expect(((json["history"] as? [String: Any])?["steps"] as? [Any])?.count == 8)
    }

    @Test(arguments: [
        (["run", "basics.mlp-digits", "--data", "uci-digits"], "--data expects NAME=PATH or NAME/FILE=PATH"),
        (["run", "basics.mlp-digits", "--data", "uci-digit=/etc/passwd"], "unknown dataset 'uci-digit' (did you mean uci-digits?)"),
        (["run", "basics.mlp-digits", "--data", "fashion-mnist=/etc/passwd"], "basics.mlp-digits does not read fashion-mnist"),
        (["run", "basics.softmax-fashion", "--data", "fashion-mnist=/etc/passwd"], "fashion-mnist has 4 files; name the one to replace"),
        (["run", "basics.mlp-digits", "--data", "uci-digits/x.csv=/etc/passwd"], "uci-digits has no file 'x.csv'"),
        (["run", "basics.mlp-digits", "--data", "uci-digits=/nonexistent/file.csv"], "no file at /nonexistent/file.csv"),
    ])
    func badDataOptionsAreUsageErrors(_ arguments: [String], _ message: String) throws {
        let outcome = try Workbench.run(arguments + ["--epochs", "1", "--quiet"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains(message), "\(outcome.stderr)")
    }

    @Test func aBadUsersFileFailsWithStatus1NamingTheLine() throws {
        let mine = folder.appendingPathComponent("broken.csv")
        try "1,2,3\n".write(to: mine, atomically: true, encoding: .utf8)
        let outcome = try Workbench.run(["run", "basics.mlp-digits", "--epochs", "1", "--quiet", "--data", "uci-digits=\(mine.path)"])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains(mine.path), "\(outcome.stderr)")
    }

    @Test(arguments: [
        (["--json", "/nonexistent-dir/run.json"], "--json /nonexistent-dir/run.json: the directory /nonexistent-dir does not exist"),
        (["--csv", "/tmp"], "--csv /tmp is a directory; give a file name"),
        (["--metrics-csv", "/etc/passwd/m.csv"], "--metrics-csv /etc/passwd/m.csv: /etc/passwd is not a directory"),
        (["--save-weights", "/nonexistent-dir/w.safetensors"], "the directory /nonexistent-dir does not exist"),
        (["--json", "/tmp/same-\(UUID())", "--csv", "/tmp/../tmp/same-x"], ""),
    ])
    func badOutputPathsStopBeforeTraining(_ options: [String], _ message: String) throws {
        var options = options
        if message.isEmpty { options[3] = "/tmp/.." + options[1] }  // the same file twice, spelled differently
        let started = Date()
        // 100 epochs would take many seconds: the check must come first.
        let outcome = try Workbench.run(["run", "basics.mlp-digits", "--epochs", "100"] + options)
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains(message.isEmpty ? "--json and --csv both write" : message), "\(outcome.stderr)")
        #expect(!outcome.stderr.contains("preparing") && outcome.stdout.isEmpty)
        #expect(Date().timeIntervalSince(started) < 5)
    }

    @Test(arguments: [
        (["run", "basics.mlp-digits", "--nope"], 2, "error: Unknown option '--nope'"),
        (["run", "basics.mlp-digits", "--epochs", "many"], 2, "error: The value 'many' is invalid for '--epochs <epochs>'"),
        (["run", "basics.mlp-digits", "--set", "learning-rate=fast"], 2, "bad value 'fast' for learning-rate"),
        (["run", "basics.mlp-digit"], 2, "unknown experiment 'basics.mlp-digit' (did you mean basics.mlp-digits?)"),
        (["list", "--jsn"], 2, "error: Unknown option '--jsn'"),
        (["run", "basics.mlp-digits", "--epochs", "2", "--quiet", "--set", "optimizer=sgd", "--set", "learning-rate=10",
          "--set", "weight-decay=0.3"], 1, "the loss became"),
    ])
    func exitStatusesFollowTheConvention(_ arguments: [String], _ status: Int32, _ message: String) throws {
        let outcome = try Workbench.run(arguments)
        #expect(outcome.status == status, "\(outcome.stderr)")
        #expect(outcome.stderr.contains(message), "\(outcome.stderr)")
        #expect(outcome.stdout.isEmpty)
    }
}
