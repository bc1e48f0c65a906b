import Foundation
import Testing
@testable import Datasets

@Suite("Data store")
final class DataStoreTests {
    let scratch: URL
    let store: DataStore

    init() throws {
        scratch = try Fixture.scratchDirectory()
        store = DataStore(root: scratch.appendingPathComponent("cache"),
                          manifest: Fixture.toyManifest([("a.txt", "alpha\n"), ("b.txt", "beta\n")]))
    }

    deinit { try? FileManager.default.removeItem(at: scratch) }

    private func place(_ local: String, _ contents: String) throws {
        try FileManager.default.createDirectory(at: store.directory(for: "toy"), withIntermediateDirectories: true)
        try Data(contents.utf8).write(to: store.location(of: local, in: "toy"))
    }

    /// A checkout keeps its cache inside (git-ignored); an installed copy, which may not be
    /// writable, uses the user's cache directory.
    @Test func rootComesFromTheEnvironmentOrTheProject() throws {
        let checkout = FileManager.default.temporaryDirectory.appendingPathComponent("checkout-\(UUID())")
        try FileManager.default.createDirectory(at: checkout, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: checkout) }
        try Data().write(to: checkout.appendingPathComponent("Package.swift"))
        #expect(DataStore.defaultRoot(projectRoot: checkout, environment: [:]).path == checkout.path + "/data/cache")
        #expect(DataStore.defaultRoot(projectRoot: checkout, environment: ["WORKBENCH_DATA": "/srv/data"]).path == "/srv/data")
        #expect(DataStore.defaultRoot(projectRoot: checkout, environment: ["WORKBENCH_DATA": ""]).path == checkout.path + "/data/cache")
        let installed = URL(fileURLWithPath: "/opt/workbench/share/deep-workbench")
        #expect(DataStore.defaultRoot(projectRoot: installed, environment: ["XDG_CACHE_HOME": "/home/learner/.cache"]).path
                == "/home/learner/.cache/deep-workbench")
        #expect(DataStore.defaultRoot(projectRoot: installed, environment: [:]).path.hasSuffix("/.cache/deep-workbench"))
    }

    @Test func statusGoesFromMissingToUnverifiedToVerified() throws {
        #expect(try store.status(of: "toy") == .missing(files: ["a.txt", "b.txt"]))
        try place("a.txt", "alpha\n")
        #expect(try store.status(of: "toy") == .missing(files: ["b.txt"]))
        try place("b.txt", "beta\n")
        #expect(try store.status(of: "toy") == .presentUnverified)
        #expect(try store.verify("toy") == .verified)
        #expect(try store.status(of: "toy") == .verified)
    }

    @Test func verifyAlwaysRehashesAndReportsExpectedAndActual() throws {
        try place("a.txt", "alpha\n")
        try place("b.txt", "beta\n")
        // Same size and the same whole-second modification time: only a rehash can notice.
        let url = store.location(of: "b.txt", in: "toy")
        let pinned = Date(timeIntervalSince1970: 1_600_000_000)
        try FileManager.default.setAttributes([.modificationDate: pinned], ofItemAtPath: url.path)
        #expect(try store.verify("toy") == .verified)
        try Data("BETA\n".utf8).write(to: url)
        try FileManager.default.setAttributes([.modificationDate: pinned], ofItemAtPath: url.path)
        #expect(try store.status(of: "toy") == .verified)
        let expected = Checksum.sha256(of: Data("beta\n".utf8))
        let actual = Checksum.sha256(of: Data("BETA\n".utf8))
        #expect(try store.verify("toy") == .corrupt(file: "b.txt", expected: expected, actual: actual))
        #expect(try store.status(of: "toy") == .corrupt(file: "b.txt", expected: expected, actual: actual))
    }

    @Test func missingFileErrorNamesTheFetchCommandAndTheManualPlacement() throws {
        do {
            _ = try store.url(of: "a.txt", in: "toy")
            Issue.record("expected a missing-file error")
        } catch let DatasetError.missing(dataset, file, command) {
            #expect(dataset == "toy" && command == "workbench data fetch toy")
            let text = describe(DatasetError.missing(dataset: dataset, file: file, fetchCommand: command))
            #expect(text.contains("workbench data fetch toy"))
            #expect(text.contains("toypkg==1.0"))
            #expect(text.contains("toypkg/data/a.txt"))
            #expect(text.contains(store.location(of: "a.txt", in: "toy").path))
        }
        try place("a.txt", "alpha\n")
        #expect(try store.url(of: "a.txt", in: "toy") == store.location(of: "a.txt", in: "toy"))
    }

    @Test func realManifestMissingErrorForMovieLens() throws {
        let real = DataStore(root: scratch, manifest: try DatasetManifest.load(projectRoot: Fixture.projectRoot))
        #expect {
            try MovieLens100K(store: real)
        } throws: { error in
            let text = describe(error)
            return text.contains("workbench data fetch movielens-100k")
                && text.contains("recbole==1.2.1")
                && text.contains("recbole/dataset_example/ml-100k/ml-100k.inter")
                && text.contains(scratch.appendingPathComponent("movielens-100k/ml-100k.inter").path)
        }
    }

    @Test func importRefusesAChecksumMismatchAndKeepsNothing() throws {
        let wrong = scratch.appendingPathComponent("user-a.txt")
        try Data("not alpha\n".utf8).write(to: wrong)
        #expect {
            try store.importFile(wrong, as: "a.txt", in: "toy")
        } throws: { error in
            guard case let DatasetError.checksumMismatch(_, file, expected, actual) = error else { return false }
            return file == "a.txt" && expected == Checksum.sha256(of: Data("alpha\n".utf8))
                && actual == Checksum.sha256(of: Data("not alpha\n".utf8))
                && describe(error).contains(expected) && describe(error).contains(actual)
        }
        let leftovers = (try? FileManager.default.contentsOfDirectory(atPath: store.directory(for: "toy").path)) ?? []
        #expect(leftovers.filter { !$0.hasPrefix(".verified") } == [])

        let right = scratch.appendingPathComponent("user-a-good.txt")
        try Data("alpha\n".utf8).write(to: right)
        try store.importFile(right, as: "a.txt", in: "toy")
        #expect(try String(contentsOf: store.location(of: "a.txt", in: "toy"), encoding: .utf8) == "alpha\n")
    }

    @Test func checksumOfAFileMatchesTheInMemoryHash() throws {
        #expect(try Checksum.sha256(of: Fixture.url("hello.txt")) == Checksum.sha256(of: Data(contentsOf: Fixture.url("hello.txt"))))
        #expect(Checksum.sha256(of: Data()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }
}
