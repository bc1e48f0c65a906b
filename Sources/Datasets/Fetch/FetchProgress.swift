/// One step of a fetch, reported to the caller's callback (the CLI prints it, the TUI shows it).
public struct FetchProgress: Sendable, Equatable, CustomStringConvertible {
    public enum Phase: String, Sendable {
        /// Licence terms the user must read (shown before downloading).
        case notice
        /// Every file is already verified; nothing to do.
        case skipped
        case downloading
        case extracting
        case verifying
        case installing
        /// A non-fatal remark (e.g. falling back to another package version).
        case warning
        case done
    }

    public var dataset: String
    public var phase: Phase
    public var message: String

    public init(dataset: String, phase: Phase, message: String) {
        self.dataset = dataset
        self.phase = phase
        self.message = message
    }

    public var description: String { "[\(dataset)] \(phase.rawValue): \(message)" }
}

/// The result of fetching one dataset in `Fetcher.fetchAll`.
public struct FetchOutcome: Sendable {
    public var dataset: String
    public var result: Result<DatasetStatus, DatasetError>
}
