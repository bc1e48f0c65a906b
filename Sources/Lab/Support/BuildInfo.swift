import Datasets
import Foundation

/// Which workbench this is: the version (a constant, changed by hand at a release) and the git
/// commit of the checkout the program runs from.
///
/// The commit is read when first asked for, not at build time: SwiftPM offers no way to pass a
/// string into the build without a build plugin or a generated source file (which would dirty
/// the checkout). So the program walks up from its own executable to the Deep Workbench checkout
/// holding it (a folder with `.git` and this package's `Package.swift`) and asks git for `HEAD`,
/// adding `-dirty` when tracked files differ from it. Installed elsewhere, without git, or outside
/// a checkout, the commit is "unknown". See DECISIONS.md ("Version and commit").
public enum BuildInfo {
    /// The workbench's version (semantic versioning).
    public static let version = "0.4.0"

    /// The checkout's `HEAD` (40 hex digits, `-dirty` appended when tracked files changed), or "unknown".
    public static let commit: String = commit(executablePath: ProjectLocator.executablePath)

    /// `workbench --version`: "workbench 0.4.0 (commit …)".
    public static var versionLine: String { "workbench \(version) (commit \(commit))" }

    /// The commit of the checkout that holds `executablePath`, or "unknown".
    static func commit(executablePath: String, runner: any CommandRunner = ProcessRunner()) -> String {
        guard !executablePath.isEmpty,
              let checkout = checkout(holding: URL(fileURLWithPath: executablePath).resolvingSymlinksInPath()),
              let git = runner.locate("git") else { return "unknown" }
        // --no-optional-locks: never take the index lock (another git command may be running).
        guard let head = try? runner.run(git, ["--no-optional-locks", "rev-parse", "--verify", "HEAD"], in: checkout),
              head.status == 0 else { return "unknown" }
        let hash = head.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        guard hash.count == 40, hash.allSatisfy(\.isHexDigit) else { return "unknown" }
        let status = try? runner.run(git, ["--no-optional-locks", "status", "--porcelain", "--untracked-files=no"], in: checkout)
        let dirty = status.map { $0.status == 0 && !$0.standardOutput.isEmpty } ?? false
        return dirty ? hash + "-dirty" : hash
    }

    /// The nearest folder above `file` with a `.git` entry (a folder, or a file in a worktree) and
    /// the Deep Workbench `Package.swift`; nil when there is none (an executable installed elsewhere).
    static func checkout(holding file: URL) -> URL? {
        let fileManager = FileManager.default
        var folder = file.deletingLastPathComponent().standardizedFileURL
        while true {
            if fileManager.fileExists(atPath: folder.appendingPathComponent(".git").path) {
                let manifest = (try? String(contentsOf: folder.appendingPathComponent("Package.swift"), encoding: .utf8)) ?? ""
                return manifest.contains("name: \"DeepWorkbench\"") ? folder : nil
            }
            let parent = folder.deletingLastPathComponent()
            if parent.path == folder.path { return nil }
            folder = parent
        }
    }
}
