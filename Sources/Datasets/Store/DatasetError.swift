import Foundation

/// Everything that can go wrong finding, fetching, verifying or parsing a dataset.
/// Each description is a complete sentence a learner can act on.
public enum DatasetError: Error, Equatable, CustomStringConvertible, LocalizedError {
    /// A file is not in the cache; `file` says where it belongs and how to get it by hand.
    case missing(dataset: String, file: MissingFile, fetchCommand: String)
    /// A downloaded or imported file's SHA-256 differs from the manifest's; it was deleted.
    case checksumMismatch(dataset: String, file: String, expected: String, actual: String)
    /// A file in the cache has another SHA-256 than the manifest's; it is left where it is.
    case cachedFileMismatch(dataset: String, file: String, path: String, expected: String, actual: String)
    /// A row of a data file does not have the expected format. `line` counts from 1.
    case malformed(file: String, line: Int, reason: String)
    /// Gzip data that zlib cannot inflate.
    case corruptGzip(reason: String)
    case unknownDataset(name: String, known: [String])
    case invalidManifest(file: String, reason: String)
    /// A program the fetcher needs (python3 with pip, apt-get, dpkg-deb, tar) is not installed.
    case toolMissing(tool: String, command: String, manualSteps: String)
    /// A program ran and failed.
    case commandFailed(command: String, status: Int32, stderrTail: String, manualSteps: String)
    /// The downloaded package does not contain a file the manifest names.
    case fileNotInPackage(dataset: String, path: String, package: String)
    case io(path: String, reason: String)
    /// The data parsed but leaves an experiment nothing to learn from (a user's file with one
    /// rating per user, sessions of one event); `reason` says what is missing.
    case unusable(dataset: String, reason: String)

    public var description: String {
        switch self {
        case let .missing(dataset, file, command):
            return """
            Dataset '\(dataset)' is missing \(file.localName) (expected at \(file.destination.path)).
            Fetch it with:  \(command)
            Without pip or apt-get: get \(file.source), take the file \(file.pathInPackage) out of it, \
            and place it at \(file.destination.path) (its sha256 must be \(file.sha256)).
            """
        case let .checksumMismatch(dataset, file, expected, actual):
            return "Dataset '\(dataset)' file \(file) has the wrong checksum: expected sha256 \(expected), actual \(actual). The file was not kept; fetch it again."
        case let .cachedFileMismatch(dataset, file, path, expected, actual):
            return "Dataset '\(dataset)' file \(file) at \(path) is not the published one: expected sha256 \(expected), actual \(actual). "
                + "The file is left in place. To train on your own file, pass --data \(dataset)/\(file)=PATH "
                + "(its checksum goes into the run record); to restore the published file, delete it and run `\(DataStore.fetchCommand(for: dataset))`."
        case let .malformed(file, line, reason):
            return "\(file):\(line): \(reason)"
        case let .corruptGzip(reason):
            return "Corrupt gzip data: \(reason)"
        case let .unknownDataset(name, known):
            return "Unknown dataset '\(name)'. Known datasets: \(known.joined(separator: ", "))."
        case let .invalidManifest(file, reason):
            return "Invalid dataset manifest \(file): \(reason)"
        case let .toolMissing(tool, command, manualSteps):
            return "Cannot run `\(command)`: \(tool) is not installed.\n\(manualSteps)"
        case let .commandFailed(command, status, stderrTail, manualSteps):
            let tail = stderrTail.isEmpty ? "" : "\n\(stderrTail)"
            return "`\(command)` failed with exit status \(status).\(tail)\n\(manualSteps)"
        case let .fileNotInPackage(dataset, path, package):
            return "Dataset '\(dataset)': the package \(package) has no file \(path)."
        case let .io(path, reason):
            return "\(path): \(reason)"
        case let .unusable(dataset, reason):
            return "Dataset '\(dataset)' leaves this experiment nothing to train on: \(reason)."
        }
    }

    public var errorDescription: String? { description }
}

/// Where a missing file belongs and where to get it by hand.
public struct MissingFile: Equatable, Sendable, CustomStringConvertible {
    /// The file's name in the cache, e.g. `ml-100k.inter`.
    public var localName: String
    /// Where the file must be placed.
    public var destination: URL
    /// The package that carries it, in words (see `DatasetEntry.packageDescription`).
    public var source: String
    /// The file's path inside that package.
    public var pathInPackage: String
    public var sha256: String

    public init(localName: String, destination: URL, source: String, pathInPackage: String, sha256: String) {
        self.localName = localName
        self.destination = destination
        self.source = source
        self.pathInPackage = pathInPackage
        self.sha256 = sha256
    }

    public var description: String { destination.path }
}
