import Foundation

/// Files a command will write, checked before any work starts so that a typo in a path costs
/// nothing: the folder must exist and be writable, and the path must not be a folder.
public enum OutputPath {
    /// Throws a `UsageError` naming the option and saying what is wrong with `path`.
    public static func check(_ path: String, for option: String) throws {
        let fileManager = FileManager.default
        let url = URL(fileURLWithPath: path)
        var isDirectory: ObjCBool = false
        if path.isEmpty || path.hasSuffix("/") { throw UsageError("\(option) '\(path)' names no file") }
        if fileManager.fileExists(atPath: url.path, isDirectory: &isDirectory) {
            guard !isDirectory.boolValue else { throw UsageError("\(option) \(path) is a directory; give a file name") }
        }
        // Files are written atomically (a temporary file in the same folder, then a rename), so what
        // must be writable is the folder, whether or not the file exists.
        let folder = url.deletingLastPathComponent()
        guard fileManager.fileExists(atPath: folder.path, isDirectory: &isDirectory) else {
            throw UsageError("\(option) \(path): the directory \(folder.path) does not exist")
        }
        guard isDirectory.boolValue else { throw UsageError("\(option) \(path): \(folder.path) is not a directory") }
        guard fileManager.isWritableFile(atPath: folder.path) else {
            throw UsageError("\(option) \(path): the directory \(folder.path) is not writable")
        }
    }

    /// Writes `data` to `path` atomically (a temporary file, then a rename); a failure is a
    /// `CommandFailure` (exit status 1) naming the option and the path.
    public static func write(_ data: Data, to path: String, for option: String) throws {
        do { try data.write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
            throw CommandFailure("cannot write \(option) \(path): \(error.localizedDescription)")
        }
    }
}
