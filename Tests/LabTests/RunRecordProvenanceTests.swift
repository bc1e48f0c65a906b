import Datasets
import Foundation
import Testing
@testable import Lab

/// What a run record says about where it came from: version, commit, processor, user data.
@Suite struct RunRecordProvenanceTests {
    @Test func recordsKeepVersionCommitProcessorAndUserData() throws {
        let entry = ScriptedExperiment.entry(losses: [1])
        let mine = FileManager.default.temporaryDirectory.appendingPathComponent("user-\(UUID()).txt")
        try Data("mine\n".utf8).write(to: mine)
        defer { try? FileManager.default.removeItem(at: mine) }
        let manifest = DatasetManifest(datasets: [DatasetEntry(
            name: "toy", title: "Toy", registry: .pypi, package: "toy", version: "1",
            files: [.init(path: "toy/a.txt", local: "a.txt", sha256: String(repeating: "0", count: 64))],
            licence: "MIT", attribution: "tests", redistributable: true)])
        let store = try DataStore(root: URL(fileURLWithPath: "/nonexistent"), manifest: manifest).using([("toy", "a.txt", mine)])
        let supplied = UserDataFile(dataset: "toy", file: "a.txt", path: mine.standardizedFileURL.path,
                                    sha256: Checksum.sha256(of: Data("mine\n".utf8)))
        let session = try TrainingSession(entry: entry, settings: entry.settings, seed: 1, store: store)
        try session.runEpoch()
        let record = RunRecord(session: session, startedAt: Date())
        #expect(record.version == "0.4.0" && record.version == BuildInfo.version)
        #expect(record.commit == BuildInfo.commit)
        #expect(record.cpu == CPUInfo.current && record.cpu!.cores >= 1)
        #expect(record.userData == [supplied])
        let json = try JSONSerialization.jsonObject(with: record.json()) as! [String: Any]
        #expect(json["version"] as? String == "0.4.0")
        #expect((json["cpu"] as? [String: Any])?["cores"] as? Int == ProcessInfo.processInfo.activeProcessorCount)
        #expect(((json["userData"] as? [[String: Any]])?.first)?["sha256"] as? String == supplied.sha256)
        let decoded = try JSONDecoder().decode(RunRecord.self, from: record.json())
        #expect(decoded.commit == record.commit && decoded.cpu == record.cpu && decoded.userData == record.userData)
    }

    @Test func recordsSavedBeforeVersion04StillLoad() throws {
        let session = try scriptedSession([1])
        try session.runEpoch()
        var json = try JSONSerialization.jsonObject(with: try RunRecord(session: session, startedAt: Date()).json()) as! [String: Any]
        for key in ["version", "commit", "cpu", "userData", "loadedWeights"] { json[key] = nil }
        let old = try JSONDecoder().decode(RunRecord.self, from: try JSONSerialization.data(withJSONObject: json))
        #expect(old.version == nil && old.commit == nil && old.cpu == nil && old.userData.isEmpty && old.loadedWeights == nil)
        #expect(old.blasKernel == json["blasKernel"] as? String)
    }

    @Test func theCPUModelComesFromProcCPUInfo() {
        #expect(CPUInfo.model(fromCPUInfo: "processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC 7763 64-Core Processor\n")
                == "AMD EPYC 7763 64-Core Processor")
        #expect(CPUInfo.model(fromCPUInfo: "processor\t: 0\nCPU implementer\t: 0x41\nCPU part\t: 0xd0c\n") == "ARM CPU part 0xd0c")
        #expect(CPUInfo.model(fromCPUInfo: "") == "unknown")
    }

    @Test func theCommitIsTheCheckoutsHeadOrUnknown() throws {
        // This test binary lives in the checkout's .build folder.
        let checkout = try #require(BuildInfo.checkout(holding: URL(fileURLWithPath: CommandLine.arguments[0])))
        #expect(FileManager.default.fileExists(atPath: checkout.appendingPathComponent("Package.swift").path))
        let git = ProcessRunner()
        if let tool = git.locate("git") {
            let head = try git.run(tool, ["rev-parse", "HEAD"], in: checkout).standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(BuildInfo.commit.hasPrefix(head) && [40, 46].contains(BuildInfo.commit.count), "\(BuildInfo.commit)")
        }
        #expect(BuildInfo.checkout(holding: URL(fileURLWithPath: "/usr/bin/env")) == nil)
        #expect(BuildInfo.commit(executablePath: "/usr/bin/env") == "unknown")
        #expect(BuildInfo.versionLine == "workbench 0.4.0 (commit \(BuildInfo.commit))")
    }
}
