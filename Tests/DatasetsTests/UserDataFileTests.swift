import Foundation
import Testing
@testable import Datasets

/// `--data`: the user's own file in place of a cached one.
@Suite("User data files")
final class UserDataFileTests {
    let scratch: URL
    let store: DataStore

    init() throws {
        scratch = try Fixture.scratchDirectory()
        store = DataStore(root: scratch.appendingPathComponent("cache"),
                          manifest: Fixture.toyManifest([("a.txt", "alpha\n"), ("b.txt", "beta\n")]))
        try FileManager.default.createDirectory(at: store.directory(for: "toy"), withIntermediateDirectories: true)
        try Data("alpha\n".utf8).write(to: store.location(of: "a.txt", in: "toy"))
        try Data("beta\n".utf8).write(to: store.location(of: "b.txt", in: "toy"))
    }

    deinit { try? FileManager.default.removeItem(at: scratch) }

    @Test func theUsersFileIsReadWithoutTheManifestChecksumAndRecordedWithItsOwn() throws {
        let mine = scratch.appendingPathComponent("my-a.txt")
        try Data("my own alpha\n".utf8).write(to: mine)
        let custom = try store.using([("toy", "a.txt", mine)])
        #expect(try custom.url(of: "a.txt", in: "toy") == mine.standardizedFileURL)
        #expect(try custom.url(of: "b.txt", in: "toy") == store.location(of: "b.txt", in: "toy"))  // the other file: the cache's
        #expect(custom.userFiles == [UserDataFile(dataset: "toy", file: "a.txt", path: mine.standardizedFileURL.path,
                                                  sha256: Checksum.sha256(of: Data("my own alpha\n".utf8)))])
        #expect(store.userFiles.isEmpty)  // the original store is unchanged
        // The same file named twice: the last one counts, once.
        let twice = try custom.using([("toy", "a.txt", mine)])
        #expect(twice.userFiles.count == 1)
    }

    @Test func unknownDatasetsAndFilesAreRefused() throws {
        let mine = scratch.appendingPathComponent("my-a.txt")
        try Data("x".utf8).write(to: mine)
        #expect(throws: DatasetError.unknownDataset(name: "nope", known: ["toy"])) { try store.using([("nope", "a.txt", mine)]) }
        #expect { try store.using([("toy", "c.txt", mine)]) } throws: { describe($0).contains("has no file 'c.txt'") }
    }

    @Test func aChangedCachedFileIsRefusedAndTheMessageSaysItIsStillThere() throws {
        let location = store.location(of: "a.txt", in: "toy")
        try Data("changed\n".utf8).write(to: location)
        #expect {
            try store.url(of: "a.txt", in: "toy")
        } throws: { error in
            let text = describe(error)
            return text.contains(Checksum.sha256(of: Data("alpha\n".utf8))) && text.contains(Checksum.sha256(of: Data("changed\n".utf8)))
                && text.contains(location.path) && text.contains("left in place") && !text.contains("not kept")
                && text.contains("--data toy/a.txt=PATH") && text.contains("workbench data fetch toy")
        }
        #expect(FileManager.default.fileExists(atPath: location.path))
    }
}
