import Datasets
import Foundation
import Lab

/// `--data NAME=PATH` and `--data NAME/FILE=PATH`: the user's own file in place of a dataset
/// file. NAME is a dataset of data/manifest.json; FILE, the manifest's local name of one of its
/// files, is needed only when the dataset has more than one. The file is read as it is (the
/// manifest's checksum is not checked) and its SHA-256 goes into the run record.
public enum DataOption {
    /// The store with the assignments applied, after checking that each names a dataset `entry`
    /// reads (nil: any dataset) and an existing file.
    public static func apply(_ assignments: [String], to store: DataStore, for entry: ExperimentEntry?) throws -> DataStore {
        guard !assignments.isEmpty else { return store }
        var files: [(dataset: String, file: String, url: URL)] = []
        for assignment in assignments {
            guard let equals = assignment.firstIndex(of: "="), equals != assignment.startIndex,
                  assignment.index(after: equals) != assignment.endIndex else {
                throw UsageError("--data expects NAME=PATH or NAME/FILE=PATH, got '\(assignment)'")
            }
            let target = String(assignment[..<equals]), path = String(assignment[assignment.index(after: equals)...])
            let parts = target.split(separator: "/", maxSplits: 1).map(String.init)
            let names = store.manifest.datasets.map(\.name)
            guard let dataset = store.manifest.datasets.first(where: { $0.name == parts[0] }) else {
                throw UsageError("--data: unknown dataset '\(parts[0])'\(Suggestion.phrase(for: parts[0], among: names)); "
                                 + "datasets: \(names.joined(separator: ", "))")
            }
            if let entry, !entry.descriptor.datasets.contains(dataset.name) {
                throw UsageError("--data: \(entry.descriptor.id) does not read \(dataset.name); "
                                 + "it reads \(entry.descriptor.datasets.joined(separator: ", "))")
            }
            let locals = dataset.files.map(\.local)
            let file: String
            if parts.count == 2 {
                guard locals.contains(parts[1]) else {
                    throw UsageError("--data: \(dataset.name) has no file '\(parts[1])'; its files: \(locals.joined(separator: ", "))")
                }
                file = parts[1]
            } else {
                guard locals.count == 1 else {
                    throw UsageError("--data: \(dataset.name) has \(locals.count) files; name the one to replace: "
                                     + locals.map { "\(dataset.name)/\($0)=PATH" }.joined(separator: ", "))
                }
                file = locals[0]
            }
            var isDirectory: ObjCBool = false
            let url = URL(fileURLWithPath: path)
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else {
                throw UsageError("--data \(target): no file at \(path)")
            }
            guard FileManager.default.isReadableFile(atPath: url.path) else { throw UsageError("--data \(target): \(path) is not readable") }
            files.append((dataset.name, file, url))
        }
        return try store.using(files)
    }
}
