import Foundation

/// Finds the project folder (the one holding `data/manifest.json` and `lessons/`): a checkout,
/// from any current directory inside it or from its build folder, or an installed copy,
/// `<prefix>/share/deep-workbench` next to `<prefix>/bin/workbench` (`make install`).
public enum ProjectLocator {
    /// Where `make install` puts the lessons and the manifest, under the prefix.
    public static let installedFolder = "share/deep-workbench"

    /// The running executable's path. argv[0] is only the word the shell was given (`workbench`,
    /// found on PATH, says nothing of where it lives), so the kernel's link `/proc/self/exe` comes
    /// first; argv[0] is the fallback where that link does not exist.
    public static let executablePath: String = {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"), path.hasPrefix("/") {
            return path
        }
        return CommandLine.arguments.first ?? ""
    }()

    /// The first folder, walking up from the current directory and then from the executable,
    /// that holds `data/manifest.json` itself or in `share/deep-workbench`.
    public static func projectRoot(executablePath: String = ProjectLocator.executablePath) -> URL? {
        let fileManager = FileManager.default
        var starts = [URL(fileURLWithPath: fileManager.currentDirectoryPath)]
        if !executablePath.isEmpty {
            starts.append(URL(fileURLWithPath: executablePath).resolvingSymlinksInPath().deletingLastPathComponent())
        }
        for (index, start) in starts.enumerated() {
            var folder = start.standardizedFileURL
            while true {
                if fileManager.fileExists(atPath: folder.appendingPathComponent("data/manifest.json").path) { return folder }
                let installed = folder.appendingPathComponent(installedFolder)
                if index == 1, fileManager.fileExists(atPath: installed.appendingPathComponent("data/manifest.json").path) {
                    return installed
                }
                let parent = folder.deletingLastPathComponent()
                if parent.path == folder.path { break }
                folder = parent
            }
        }
        return nil
    }

    /// Whether `root` is a source checkout (it has Package.swift) rather than an installed copy.
    public static func isCheckout(_ root: URL) -> Bool {
        FileManager.default.fileExists(atPath: root.appendingPathComponent("Package.swift").path)
    }

    /// Where saved runs and recordings go: `<checkout>/runs`, or for an installed copy
    /// `$XDG_DATA_HOME/deep-workbench/runs` (default `~/.local/share/deep-workbench/runs`).
    public static func runsFolder(projectRoot root: URL,
                                  environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if isCheckout(root) { return root.appendingPathComponent("runs") }
        let base = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".local/share")
        return base.appendingPathComponent("deep-workbench/runs")
    }
}
