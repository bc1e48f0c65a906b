import Foundation

/// The local cache of fetched datasets: `<root>/<dataset>/<local file name>`.
///
/// The root is `$WORKBENCH_DATA` when set, else `<projectRoot>/data/cache` (git-ignored) in a
/// checkout, or the user's cache directory for an installed copy.
/// `status(of:)` is fast (it trusts a stamp written by the last hash); `verify(_:)` always rehashes.
public struct DataStore: Sendable {
    /// The environment variable that overrides the cache root.
    public static let environmentVariable = "WORKBENCH_DATA"

    public let root: URL
    public let manifest: DatasetManifest
    /// Files the user supplied in place of cached ones (see `using(_:)`): read as they are,
    /// without the manifest's checksum.
    public internal(set) var userFiles: [UserDataFile] = []

    public init(root: URL, manifest: DatasetManifest) {
        self.root = root
        self.manifest = manifest
    }

    /// The store a project uses: manifest from `<projectRoot>/data/manifest.json`, cache at
    /// `$WORKBENCH_DATA` or `<projectRoot>/data/cache`.
    public static func `default`(projectRoot: URL,
                                 environment: [String: String] = ProcessInfo.processInfo.environment) throws -> DataStore {
        DataStore(root: defaultRoot(projectRoot: projectRoot, environment: environment),
                  manifest: try DatasetManifest.load(projectRoot: projectRoot))
    }

    /// `$WORKBENCH_DATA` if set and non-empty; else `<projectRoot>/data/cache` in a checkout (a
    /// folder with Package.swift); else, for an installed copy, `$XDG_CACHE_HOME/deep-workbench`
    /// (default `~/.cache/deep-workbench`), since the installed folder may not be writable.
    public static func defaultRoot(projectRoot: URL,
                                   environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let path = environment[environmentVariable], !path.isEmpty {
            return URL(fileURLWithPath: path, isDirectory: true)
        }
        if FileManager.default.fileExists(atPath: projectRoot.appendingPathComponent("Package.swift").path) {
            return projectRoot.appendingPathComponent("data").appendingPathComponent("cache", isDirectory: true)
        }
        let cache = environment["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache")
        return cache.appendingPathComponent("deep-workbench", isDirectory: true)
    }

    /// The command that fetches a dataset.
    public static func fetchCommand(for dataset: String) -> String { "workbench data fetch \(dataset)" }

    // MARK: - Paths

    /// `<root>/<dataset>`.
    public func directory(for dataset: String) -> URL {
        root.appendingPathComponent(dataset, isDirectory: true)
    }

    /// Where a file of a dataset lives in the cache, whether or not it is there.
    public func location(of file: String, in dataset: String) -> URL {
        directory(for: dataset).appendingPathComponent(file)
    }

    /// The file a loader reads: the user's own when one was supplied (`using(_:)`), else the
    /// cached, checksum-verified file; `DatasetError.missing` naming the fetch command and the
    /// manual steps when it is absent, `.cachedFileMismatch` (expected and actual) when it differs.
    /// The hash comes from the verification stamp while the file is unchanged, so this is cheap.
    public func url(of file: String, in dataset: String) throws -> URL {
        let entry = try manifest.entry(named: dataset)
        guard let spec = entry.file(named: file) else {
            throw DatasetError.invalidManifest(file: "manifest", reason: "dataset '\(dataset)' has no file '\(file)' (it has \(entry.files.map(\.local).joined(separator: ", ")))")
        }
        if let supplied = userFile(file, in: dataset) { return supplied }
        let url = location(of: file, in: dataset)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw DatasetError.missing(dataset: dataset, file: missingFile(spec, of: entry),
                                       fetchCommand: Self.fetchCommand(for: dataset))
        }
        let stamped = VerificationStamp.read(in: directory(for: dataset)).hash(of: spec.local, at: url)
        let actual = try stamped ?? Checksum.sha256(of: url)
        if stamped == nil { try? recordHash(actual, of: spec.local, in: dataset) }
        guard actual == spec.sha256 else {
            throw DatasetError.cachedFileMismatch(dataset: dataset, file: spec.local, path: url.path, expected: spec.sha256, actual: actual)
        }
        return url
    }

    func missingFile(_ spec: DatasetEntry.File, of entry: DatasetEntry) -> MissingFile {
        MissingFile(localName: spec.local, destination: location(of: spec.local, in: entry.name),
                    source: entry.packageDescription, pathInPackage: spec.path, sha256: spec.sha256)
    }

    // MARK: - Status and verification

    /// Missing, present-unverified, verified or corrupt, from file existence and the stamp (no hashing).
    public func status(of dataset: String) throws -> DatasetStatus {
        let entry = try manifest.entry(named: dataset)
        let directory = directory(for: dataset)
        let absent = entry.files.filter { !FileManager.default.fileExists(atPath: directory.appendingPathComponent($0.local).path) }
        if !absent.isEmpty { return .missing(files: absent.map(\.local)) }
        let stamp = VerificationStamp.read(in: directory)
        var allVerified = true
        for spec in entry.files {
            guard let hash = stamp.hash(of: spec.local, at: directory.appendingPathComponent(spec.local)) else {
                allVerified = false
                continue
            }
            if hash != spec.sha256 { return .corrupt(file: spec.local, expected: spec.sha256, actual: hash) }
        }
        return allVerified ? .verified : .presentUnverified
    }

    /// Rehashes every file of the dataset, records the result in the stamp and returns the status.
    @discardableResult
    public func verify(_ dataset: String) throws -> DatasetStatus {
        let entry = try manifest.entry(named: dataset)
        let directory = directory(for: dataset)
        let absent = entry.files.filter { !FileManager.default.fileExists(atPath: directory.appendingPathComponent($0.local).path) }
        if !absent.isEmpty { return .missing(files: absent.map(\.local)) }
        var stamp = VerificationStamp()
        var result = DatasetStatus.verified
        for spec in entry.files {
            let url = directory.appendingPathComponent(spec.local)
            let actual = try Checksum.sha256(of: url)
            stamp.record(spec.local, at: url, sha256: actual)
            if actual != spec.sha256, result == .verified {
                result = .corrupt(file: spec.local, expected: spec.sha256, actual: actual)
            }
        }
        try stamp.write(in: directory)
        return result
    }

    /// True when the file is present and its hash (from the stamp, or freshly computed) matches.
    func isVerified(_ spec: DatasetEntry.File, in dataset: String) -> Bool {
        let directory = directory(for: dataset)
        let url = directory.appendingPathComponent(spec.local)
        guard FileManager.default.fileExists(atPath: url.path) else { return false }
        if let hash = VerificationStamp.read(in: directory).hash(of: spec.local, at: url) { return hash == spec.sha256 }
        guard let actual = try? Checksum.sha256(of: url) else { return false }
        try? recordHash(actual, of: spec.local, in: dataset)
        return actual == spec.sha256
    }

    func recordHash(_ sha256: String, of local: String, in dataset: String) throws {
        let directory = directory(for: dataset)
        var stamp = VerificationStamp.read(in: directory)
        stamp.record(local, at: directory.appendingPathComponent(local), sha256: sha256)
        try stamp.write(in: directory)
    }
}
