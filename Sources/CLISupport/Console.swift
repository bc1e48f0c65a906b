import ArgumentParser
import Datasets
import Foundation
import Lab

/// A mistake in how the command was called: printed plainly, exit status 2.
public struct UsageError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Messages on stderr and the exit statuses of errors a user can fix.
public enum Console {
    public static func warn(_ message: String) { FileHandle.standardError.write(Data("warning: \(message)\n".utf8)) }
    public static func error(_ message: String) { FileHandle.standardError.write(Data("error: \(message)\n".utf8)) }
    public static var stderrIsTerminal: Bool { isatty(2) != 0 }

    /// Runs `body`, turning the errors a user can fix into a message and an exit status: 2 for a
    /// usage mistake (unknown id, key or value), 1 for missing or corrupt data.
    public static func userErrors(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as LabError {
            self.error(error.description)
            throw ExitCode(2)
        } catch let error as UsageError {
            self.error(error.description)
            throw ExitCode(2)
        } catch let error as DatasetError {
            self.error(error.description)
            throw ExitCode(1)
        }
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
