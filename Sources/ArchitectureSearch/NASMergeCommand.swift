import ArgumentParser
import CLISupport
import Foundation

/// `workbench nas merge`: checks shard files of one benchmark table and writes them as one
/// (`ShardMerge` says what is checked). The output, when it exists, is merged too, so shards can be
/// added to a table as they arrive; it is replaced atomically and only when every check passed.
struct NASMerge: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Check and merge shard files of a benchmark table (duplicates, conflicts, torn lines, kernels).",
        discussion: "Conflicting rows (one index measured differently, or rows built with other epochs or seeds) stop the merge with exit status 1 and write nothing; torn lines are skipped and listed.")
    @Argument(help: "Shard files written by `nas bench-build --shard i/n --out FILE`.") var shards: [String]
    @Option(help: "The merged table (merged too when it exists).") var out: String

    func run() throws {
        try Console.userErrors {
            guard !shards.isEmpty else { throw UsageError("name the shard files to merge") }
            let output = URL(fileURLWithPath: out).standardizedFileURL
            var paths = shards.map { URL(fileURLWithPath: $0).standardizedFileURL }
            for path in paths where !FileManager.default.isReadableFile(atPath: path.path) {
                throw UsageError("\(path.path): no readable file there")
            }
            try OutputPath.check(out, for: "--out")
            if FileManager.default.fileExists(atPath: output.path), !paths.contains(output) { paths.insert(output, at: 0) }
            let inputs = try paths.map { ShardMerge.Shard(name: $0.path, text: try String(contentsOf: $0, encoding: .utf8)) }
            let merged: ShardMerge
            do { merged = try ShardMerge(inputs) } catch let failure as ShardMerge.Failure { throw CommandFailure(failure.description) }
            try Data(merged.text.utf8).write(to: output, options: .atomic)
            print(merged.summary(inputs: inputs.count, output: output.path))
        }
    }
}
