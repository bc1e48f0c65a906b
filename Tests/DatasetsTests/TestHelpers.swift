import Foundation
@testable import Datasets

/// Paths of the bundled fixtures and of scratch folders.
enum Fixture {
    static var directory: URL {
        Bundle.module.url(forResource: "Fixtures", withExtension: nil)!
    }

    static func url(_ name: String) -> URL { directory.appendingPathComponent(name) }

    /// A fresh empty folder under the system temporary directory.
    static func scratchDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("datasets-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The repository root: three levels above this file (Tests/DatasetsTests/TestHelpers.swift).
    static let projectRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A manifest with one dataset `toy` of the given files (local name -> contents), from PyPI.
    static func toyManifest(_ files: [(local: String, contents: String)],
                            registry: DatasetEntry.Registry = .pypi, notice: String? = nil) -> DatasetManifest {
        DatasetManifest(datasets: [DatasetEntry(
            name: "toy", title: "Toy data", registry: registry, package: "toypkg", version: "1.0",
            files: files.map { DatasetEntry.File(path: "toypkg/data/\($0.local)", local: $0.local,
                                                 sha256: Checksum.sha256(of: Data($0.contents.utf8))) },
            licence: "MIT", attribution: "Made up for tests.", redistributable: notice == nil, notice: notice)])
    }
}

/// The text of an error, as a user would see it.
func describe(_ error: any Error) -> String {
    (error as? DatasetError)?.description ?? "\(error)"
}
