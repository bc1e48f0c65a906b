import ArgumentParser
import Datasets
import Foundation
import Lab

/// A mistake in how the command was called: printed plainly, exit status 2.
public struct UsageError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Work that failed after the command line was accepted (a file that cannot be written, a run
/// that diverged): printed plainly, exit status 1.
public struct CommandFailure: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Messages on stderr and the exit statuses (README, "Exit status"):
/// 0 success; 1 the work failed (data missing or corrupt, a weights file that does not fit, the
/// run diverged, a file could not be read or written); 2 the command line is wrong (unknown
/// command, option, id, key or value; an output path that cannot be written).
public enum Console {
    public static func warn(_ message: String) { FileHandle.standardError.write(Data("warning: \(message)\n".utf8)) }
    public static func error(_ message: String) { FileHandle.standardError.write(Data("error: \(message)\n".utf8)) }
    public static var stderrIsTerminal: Bool { isatty(2) != 0 }

    /// Runs `body`, turning every error into one message on stderr and an exit status: 2 for a
    /// usage mistake (unknown id, key or value, a bad output path), 1 for everything that failed
    /// while working (missing or corrupt data, a weights file that does not fit, divergence, I/O).
    /// Exit codes thrown by `body` pass through.
    public static func userErrors(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as ExitCode {
            throw error
        } catch let error as CleanExit {
            throw error
        } catch let error as LabError {
            self.error(error.description)
            if case .nonFiniteLoss = error { throw ExitCode(1) }
            throw ExitCode(2)
        } catch let error as UsageError {
            self.error(error.description)
            throw ExitCode(2)
        } catch {
            self.error(describe(error))
            throw ExitCode(1)
        }
    }

    /// One line for any error: its own description when it has one (the workbench's errors),
    /// Foundation's localized text for file-system errors.
    public static func describe(_ error: any Error) -> String {
        if error is CocoaError || error is POSIXError { return error.localizedDescription }
        return String(describing: error)
    }
}

/// The project folder (the one holding data/manifest.json and lessons/), found from the current
/// directory or the executable.
public var projectRoot: URL? { ProjectLocator.projectRoot() }

/// The project's data store, or a clear error when the project folder cannot be found.
public func openStore() throws -> DataStore {
    guard let root = projectRoot else {
        throw UsageError("cannot find the project folder (one with data/manifest.json); run the workbench from inside its checkout")
    }
    return try DataStore.default(projectRoot: root)
}

/// Command-line verbs a topic module adds to `workbench` (the executable lists them).
public protocol TopicCommands {
    static var commands: [any ParsableCommand.Type] { get }
}
