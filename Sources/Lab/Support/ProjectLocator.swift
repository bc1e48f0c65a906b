import Foundation

/// Finds the project folder (the one holding `data/manifest.json` and `lessons/`), so the
/// workbench works from any current directory inside the checkout or from its build folder.
public enum ProjectLocator {
    /// The first folder, walking up from the current directory and then from the executable,
    /// that holds `data/manifest.json`.
    public static func projectRoot(executablePath: String = CommandLine.arguments.first ?? "") -> URL? {
        let fileManager = FileManager.default
        var starts = [URL(fileURLWithPath: fileManager.currentDirectoryPath)]
        if !executablePath.isEmpty {
            starts.append(URL(fileURLWithPath: executablePath).resolvingSymlinksInPath().deletingLastPathComponent())
        }
        for start in starts {
            var folder = start.standardizedFileURL
            while true {
                if fileManager.fileExists(atPath: folder.appendingPathComponent("data/manifest.json").path) { return folder }
                let parent = folder.deletingLastPathComponent()
                if parent.path == folder.path { break }
                folder = parent
            }
        }
        return nil
    }
}
