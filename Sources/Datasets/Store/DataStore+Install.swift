import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension DataStore {
    /// Copies a file the user obtained by hand into the cache, after checking its SHA-256.
    ///
    /// A mismatch throws `DatasetError.checksumMismatch` and leaves the cache untouched.
    @discardableResult
    public func importFile(_ source: URL, as local: String, in dataset: String) throws -> URL {
        let entry = try manifest.entry(named: dataset)
        guard let spec = entry.file(named: local) else {
            throw DatasetError.invalidManifest(file: "manifest", reason: "dataset '\(dataset)' has no file '\(local)'")
        }
        return try install(source, as: spec, in: dataset)
    }

    /// Copies `source` to a temporary sibling of `<root>/<dataset>/<local>`, hashes the copy, and
    /// renames it into place only if the hash matches `spec`; records the hash in the stamp.
    func install(_ source: URL, as spec: DatasetEntry.File, in dataset: String) throws -> URL {
        let directory = directory(for: dataset)
        try Self.createDirectory(directory)
        // Hash the staged copy, not the source, so what lands in the cache is what was checked.
        let staged = directory.appendingPathComponent(".\(spec.local).partial-\(getpid())")
        try? FileManager.default.removeItem(at: staged)
        do { try FileManager.default.copyItem(at: source, to: staged) } catch {
            try? FileManager.default.removeItem(at: staged)
            throw DatasetError.io(path: source.path, reason: "cannot copy into the cache (\(error.localizedDescription))")
        }
        let actual: String
        do { actual = try Checksum.sha256(of: staged) } catch {
            try? FileManager.default.removeItem(at: staged)
            throw error
        }
        guard actual == spec.sha256 else {
            try? FileManager.default.removeItem(at: staged)
            throw DatasetError.checksumMismatch(dataset: dataset, file: spec.local, expected: spec.sha256, actual: actual)
        }
        let destination = directory.appendingPathComponent(spec.local)
        try Self.atomicRename(staged, to: destination)
        try recordHash(actual, of: spec.local, in: dataset)
        return destination
    }

    static func createDirectory(_ url: URL) throws {
        do { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) } catch {
            throw DatasetError.io(path: url.path, reason: "cannot create directory (\(error.localizedDescription))")
        }
    }

    /// `rename(2)`: replaces `destination` in one step, so readers see the old file or the new one.
    static func atomicRename(_ source: URL, to destination: URL) throws {
        guard rename(source.path, destination.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: source)
            throw DatasetError.io(path: destination.path, reason: "cannot move \(source.path) into place (\(reason))")
        }
    }
}
