import Datasets
import Foundation

/// The project's fetched datasets, for tests that train on slices of real data.
/// `make test` fetches them first; a test that needs one fails with the fetch command when it is missing.
public enum RealData {
    /// The repository root: three levels above this file (Tests/TestSupport/RealData.swift).
    public static let projectRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static func store() throws -> DataStore { try DataStore.default(projectRoot: projectRoot) }
}
