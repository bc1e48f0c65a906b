import Foundation

/// The small JSON file `<root>/<dataset>/.verified.json` that remembers the last hash of each
/// file with its size and modification time, so `DataStore.status(of:)` need not rehash.
struct VerificationStamp: Codable, Equatable {
    struct Record: Codable, Equatable {
        var sha256: String
        var size: Int64
        var modified: Double
    }

    var files: [String: Record] = [:]

    static let fileName = ".verified.json"

    static func read(in directory: URL) -> VerificationStamp {
        let url = directory.appendingPathComponent(fileName)
        guard let data = try? Data(contentsOf: url),
              let stamp = try? JSONDecoder().decode(VerificationStamp.self, from: data) else { return VerificationStamp() }
        return stamp
    }

    func write(in directory: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        let url = directory.appendingPathComponent(Self.fileName)
        do { try encoder.encode(self).write(to: url, options: .atomic) } catch {
            throw DatasetError.io(path: url.path, reason: "cannot write the verification stamp (\(error.localizedDescription))")
        }
    }

    /// Size and modification time of a file, or nil when it does not exist.
    static func fingerprint(of url: URL) -> (size: Int64, modified: Double)? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: url.path),
              let size = (attributes[.size] as? NSNumber)?.int64Value,
              let modified = attributes[.modificationDate] as? Date else { return nil }
        return (size, modified.timeIntervalSince1970)
    }

    /// The recorded hash if the file still has the recorded size and modification time.
    func hash(of local: String, at url: URL) -> String? {
        guard let record = files[local], let now = Self.fingerprint(of: url),
              now.size == record.size, now.modified == record.modified else { return nil }
        return record.sha256
    }

    mutating func record(_ local: String, at url: URL, sha256: String) {
        guard let now = Self.fingerprint(of: url) else { files[local] = nil; return }
        files[local] = Record(sha256: sha256, size: now.size, modified: now.modified)
    }
}
