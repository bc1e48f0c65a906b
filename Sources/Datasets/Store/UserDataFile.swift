import Foundation

/// A file the user supplies in place of a dataset file (`workbench run --data NAME=PATH`): the
/// loaders read it instead of the cached copy, without checking it against the manifest's
/// checksum. Its own SHA-256 goes into the run record, so the run still says exactly what it
/// trained on.
public struct UserDataFile: Codable, Sendable, Equatable {
    /// The manifest's dataset name ("uci-digits").
    public var dataset: String
    /// The manifest's local name of the file it replaces ("digits.csv.gz").
    public var file: String
    /// The absolute path of the user's file.
    public var path: String
    /// Its SHA-256, computed when the run was set up.
    public var sha256: String

    public init(dataset: String, file: String, path: String, sha256: String) {
        self.dataset = dataset
        self.file = file
        self.path = path
        self.sha256 = sha256
    }
}

extension DataStore {
    /// The same store, reading `files` in place of the cached files they replace. Each must name a
    /// dataset and file of the manifest; its checksum is taken here.
    public func using(_ files: [(dataset: String, file: String, url: URL)]) throws -> DataStore {
        var store = self
        for supplied in files {
            let entry = try manifest.entry(named: supplied.dataset)
            guard entry.file(named: supplied.file) != nil else {
                throw DatasetError.invalidManifest(file: "manifest", reason: "dataset '\(supplied.dataset)' has no file '\(supplied.file)' "
                                                   + "(it has \(entry.files.map(\.local).joined(separator: ", ")))")
            }
            let url = supplied.url.standardizedFileURL
            let record = UserDataFile(dataset: supplied.dataset, file: supplied.file, path: url.path,
                                      sha256: try Checksum.sha256(of: url))
            store.userFiles.removeAll { $0.dataset == record.dataset && $0.file == record.file }
            store.userFiles.append(record)
        }
        return store
    }

    /// The user's file that replaces `file` of `dataset`, if any.
    func userFile(_ file: String, in dataset: String) -> URL? {
        userFiles.first { $0.dataset == dataset && $0.file == file }.map { URL(fileURLWithPath: $0.path) }
    }
}
