import Foundation
import Testing
import TestSupport

/// The built `workbench` executable, run as a user would. `make test` builds it before the tests.
enum Workbench {
    static var executable: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("workbench")
    }

    struct Outcome { var status: Int32; var stdout: String; var stderr: String }

    static func run(_ arguments: [String], executable: URL = executable, directory: URL = RealData.projectRoot,
                    environment: [String: String] = [:]) throws -> Outcome {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                       stderr: String(decoding: stderr, as: UTF8.self))
    }
}

@Suite(.serialized) struct CLITests {
    @Test func theExecutableWasBuilt() {
        #expect(FileManager.default.isExecutableFile(atPath: Workbench.executable.path),
                "build it first: swift build -c release -Xswiftc -enable-testing --product workbench (make test does)")
    }

    @Test func runPrintsOneJSONRecordAndWritesCSV() throws {
        let csv = FileManager.default.temporaryDirectory.appendingPathComponent("loss-\(UUID()).csv")
        let outcome = try Workbench.run(["run", "basics.mlp-digits", "--epochs", "2", "--seed", "4", "--quiet",
                                         "--set", "hidden=16", "--csv", csv.path])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let record = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as! [String: Any]
        #expect(record["experiment"] as? String == "basics.mlp-digits")
        #expect(record["seed"] as? Int == 4)
        #expect((record["config"] as? [String: String])?["hidden"] == "16")
        let history = record["history"] as! [String: Any]
        #expect((history["epochs"] as! [Any]).count == 2)
        #expect((history["steps"] as! [Any]).count == 90)
        #expect((record["peakMemoryBytes"] as! Int) > 1_000_000)
        #expect(record["finalMetrics"] != nil && record["secondsPerEpoch"] != nil)
        let lines = try String(contentsOf: csv, encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "step,epoch,loss" && lines.count == 91)
        #expect(outcome.stderr.isEmpty)
    }

    /// Without --epochs a run trains the experiment's own default (25 for the biases baseline) and
    /// reaches the figure `workbench list --verbose` promises; `reproduce` says so.
    @Test func defaultsTrainTheExperimentsOwnEpochsAndReproduceItsFigure() throws {
        let run = try Workbench.run(["run", "rec.baseline", "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        let record = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
        #expect(((record["history"] as! [String: Any])["epochs"] as! [Any]).count == 25)
        let list = try Workbench.run(["list", "--verbose"])
        #expect(list.stdout.contains("defaults: 25 epochs; reproduces test RMSE 0.946 ± 0.005 (seed 1)"), "\(list.stdout)")
        let reproduce = try Workbench.run(["reproduce", "rec.baseline"])
        #expect(reproduce.status == 0, "\(reproduce.stderr)")
        #expect(reproduce.stdout.contains("0.946 ± 0.005") && reproduce.stdout.contains(" ok "), "\(reproduce.stdout)")
    }

    /// `make install PREFIX=…` (its copying step, on the binary the tests use): the installed
    /// workbench finds its lessons and manifest from any directory, keeps data in the user's
    /// cache, and comes with completions and a man page; `make uninstall` removes it all.
    @Test func anInstalledWorkbenchWorksFromAnyDirectory() throws {
        let prefix = FileManager.default.temporaryDirectory.appendingPathComponent("prefix-\(UUID())")
        let elsewhere = FileManager.default.temporaryDirectory.appendingPathComponent("elsewhere-\(UUID())")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        defer { for url in [prefix, elsewhere] { try? FileManager.default.removeItem(at: url) } }
        func make(_ target: String) throws -> Int32 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/make")
            process.arguments = ["-s", "-C", RealData.projectRoot.path, target, "PREFIX=\(prefix.path)"]
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            return process.terminationStatus
        }
        #expect(try make("install-files") == 0)
        let installed = prefix.appendingPathComponent("bin/workbench")
        let share = prefix.appendingPathComponent("share")
        for file in ["deep-workbench/data/manifest.json", "deep-workbench/lessons/basics/01-how-a-network-learns.md",
                     "bash-completion/completions/workbench", "zsh/site-functions/_workbench",
                     "fish/vendor_completions.d/workbench.fish", "man/man1/workbench.1"] {
            #expect(FileManager.default.fileExists(atPath: share.appendingPathComponent(file).path), "\(file) not installed")
        }
        let completion = try String(contentsOf: share.appendingPathComponent("bash-completion/completions/workbench"), encoding: .utf8)
        #expect(completion.contains("basics.mlp-digits") && completion.contains("learning-rate="))
        let manual = try String(contentsOf: share.appendingPathComponent("man/man1/workbench.1"), encoding: .utf8)
        #expect(manual.hasPrefix(".TH WORKBENCH 1") && manual.contains("workbench run"))

        let cache = elsewhere.appendingPathComponent("cache")
        // As a shell runs it: the bare word `workbench`, found on PATH (argv[0] then says nothing of where it lives).
        let onPath = ["XDG_CACHE_HOME": cache.path,
                      "PATH": prefix.appendingPathComponent("bin").path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "")]
        let list = try Workbench.run(["workbench", "list"], executable: URL(fileURLWithPath: "/usr/bin/env"), directory: elsewhere,
                                     environment: onPath)
        #expect(list.status == 0 && list.stdout.contains("basics.mlp-digits"), "\(list.stderr)")
        let status = try Workbench.run(["data", "status"], executable: installed, directory: elsewhere,
                                       environment: ["XDG_CACHE_HOME": cache.path, "WORKBENCH_DATA": ""])
        #expect(status.stdout.contains(cache.appendingPathComponent("deep-workbench").path), "\(status.stdout)")
        let run = try Workbench.run(["run", "basics.mlp-digits", "--epochs", "1", "--quiet"], executable: installed,
                                    directory: elsewhere, environment: ["WORKBENCH_DATA": try RealData.store().root.path])
        #expect(run.status == 0 && run.stdout.contains("validation accuracy"), "\(run.stderr)")
        #expect(try make("uninstall") == 0)
        #expect(!FileManager.default.fileExists(atPath: installed.path))
        #expect(!FileManager.default.fileExists(atPath: share.appendingPathComponent("deep-workbench").path))
    }

    @Test func sameSeedSameHistory() throws {
        let arguments = ["run", "basics.mlp-digits", "--epochs", "1", "--seed", "9", "--quiet", "--set", "hidden=8"]
        func losses(_ outcome: Workbench.Outcome) throws -> [Double] {
            let record = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as! [String: Any]
            return ((record["history"] as! [String: Any])["steps"] as! [[String: Any]]).map { $0["loss"] as! Double }
        }
        #expect(try losses(Workbench.run(arguments)) == losses(Workbench.run(arguments)))
    }

    @Test(arguments: [
        (["run", "basics.nope"], "unknown experiment 'basics.nope'; valid ids: basics.mlp-digits, basics.softmax-fashion"),
        (["run", "basics.mlp-digits", "--set", "lr=1"], "unknown hyperparameter 'lr'; valid keys: learning-rate"),
        (["run", "basics.mlp-digits", "--set", "hidden=-3"], "bad value '-3' for hidden: expected a whole number from 1 to 1024"),
        (["run", "basics.mlp-digits", "--set", "optimizer=lbfgs"], "expected one of sgd, momentum, nesterov, adam"),
        (["run", "basics.mlp-digits", "--epochs", "0"], "--epochs must be from 1 to 100000"),
        (["run", "basics.mlp-digits", "--threads", "0"], "--threads must be from 1 to 256"),
        (["data", "fetch", "imagenet"], "unknown dataset 'imagenet'; valid names: movielens-100k"),
    ])
    func badInputGetsAClearErrorAndExitStatus2(_ arguments: [String], _ message: String) throws {
        let outcome = try Workbench.run(arguments)
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains(message), "\(outcome.stderr)")
        #expect(outcome.stdout.isEmpty)
    }

    @Test func missingDataNamesTheFetchCommand() throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("empty-\(UUID())")
        let outcome = try Workbench.run(["run", "basics.mlp-digits", "--epochs", "1", "--quiet"],
                                        environment: ["WORKBENCH_DATA": empty.path])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("workbench data fetch uci-digits"), "\(outcome.stderr)")
    }

    @Test func corruptDataIsRefusedWithExpectedAndActualChecksums() throws {
        // A copy of the digits cache with one byte changed.
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("corrupt-\(UUID())")
        let folder = scratch.appendingPathComponent("uci-digits")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let original = try RealData.store().url(of: "digits.csv.gz", in: "uci-digits")
        var bytes = try Data(contentsOf: original)
        bytes[bytes.count / 2] ^= 0x55
        try bytes.write(to: folder.appendingPathComponent("digits.csv.gz"))
        let outcome = try Workbench.run(["run", "basics.mlp-digits", "--epochs", "1", "--quiet"],
                                        environment: ["WORKBENCH_DATA": scratch.path])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("46abec6b12486ad9e51943373abcf22bbea1b5a51a1619b361570d8893f1464a"), "\(outcome.stderr)")
        #expect(outcome.stdout.isEmpty)
    }

    @Test func lessonsCheckFindsEveryExperimentAndLink() throws {
        let outcome = try Workbench.run(["lessons", "check"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("lessons checked"))
    }

    @Test func listShowsEveryTopic() throws {
        let outcome = try Workbench.run(["list"])
        #expect(outcome.status == 0)
        for topic in ["Basics", "Deep recommenders", "Recursive neural networks", "Spatial transformers",
                      "Multi-task learning", "Architecture search"] {
            #expect(outcome.stdout.contains(topic))
        }
        #expect(outcome.stdout.contains("basics.mlp-digits"))
    }
}
