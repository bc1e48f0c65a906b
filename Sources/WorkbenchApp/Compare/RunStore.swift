import Foundation
import Lab

/// Saved runs: `runs/<date>-<experiment>-seed<seed>/` with `run.json`, `loss.csv`, `metrics.csv`
/// (one row per epoch), `screen.txt` and, when given, `weights.safetensors` (the parameters;
/// `workbench run ID --load-weights` starts from them).
enum RunStore {
    /// Writes a run; returns its folder.
    static func save(_ record: RunRecord, weights: Data? = nil, screen: [String], in folder: URL) throws -> URL {
        let stamp = record.startedAt.replacingOccurrences(of: ":", with: "-")
        let directory = folder.appendingPathComponent("\(stamp)-\(record.experiment)-seed\(record.seed)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        // run.json keeps at most 20,000 step points (averaged), so compare reads it back quickly;
        // loss.csv keeps every step.
        var compact = record
        compact.history = record.history.compacted()
        try compact.json().write(to: directory.appendingPathComponent("run.json"), options: .atomic)
        try record.history.lossCSV.write(to: directory.appendingPathComponent("loss.csv"), atomically: true, encoding: .utf8)
        try record.history.metricsCSV.write(to: directory.appendingPathComponent("metrics.csv"), atomically: true, encoding: .utf8)
        if let weights { try weights.write(to: directory.appendingPathComponent("weights.safetensors"), options: .atomic) }
        try (screen.joined(separator: "\n") + "\n").write(to: directory.appendingPathComponent("screen.txt"),
                                                           atomically: true, encoding: .utf8)
        return directory
    }

    /// Every readable `run.json` under `folder`, oldest first; unreadable ones are skipped.
    static func load(from folder: URL) -> [RunRecord] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.sorted().compactMap { name in
            let file = folder.appendingPathComponent(name).appendingPathComponent("run.json")
            guard let data = try? Data(contentsOf: file) else { return nil }
            return try? JSONDecoder().decode(RunRecord.self, from: data)
        }
    }
}
