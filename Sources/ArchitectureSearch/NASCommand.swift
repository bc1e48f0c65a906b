import ArgumentParser
import CLISupport
import Foundation
import Lab
import TensorKit
import TerminalUI

struct NASCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nas", abstract: "Architecture search: build the tabular benchmark, compare strategies, rank ENAS.",
        subcommands: [NASBenchBuild.self, NASMerge.self, NASCompare.self, NASRank.self, NASSpeed.self])
}

/// Parses "i/n".
func parseShard(_ text: String) throws -> (index: Int, count: Int) {
    let parts = text.split(separator: "/").compactMap { Int($0) }
    guard parts.count == 2, parts[1] >= 1, (0..<parts[1]).contains(parts[0]) else {
        throw UsageError("--shard must be i/n with 0 <= i < n, got \(text)")
    }
    return (parts[0], parts[1])
}

/// Runs this executable again with `arguments`, once per element, all at once; throws if any fails
/// (a failure of the work, exit status 1, not of the command line).
func runWorkers(_ argumentLists: [[String]]) throws {
    let processes = try argumentLists.map { arguments -> Process in
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ProjectLocator.executablePath).resolvingSymlinksInPath()
        process.arguments = arguments
        try process.run()
        return process
    }
    for process in processes { process.waitUntilExit() }
    let failed = processes.enumerated().filter { $0.element.terminationStatus != 0 }
    guard failed.isEmpty else {
        throw CommandFailure(failed.map { "worker \($0.offset + 1) of \(processes.count) ended with status \($0.element.terminationStatus)" }
            .joined(separator: "; ") + " (its rows so far are kept; run the same command again to resume)")
    }
}

struct NASBenchBuild: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-build",
        abstract: "Train every architecture of a space once and append its row to a TSV table (resumable, shardable).")
    @Option(help: "Space: cell (729 cells), cell-full (15,625), macro (4,096), nasnet (≈5·10⁸: use --sample).") var space = "cell"
    @Option(help: "Only architecture indices below this.") var limit: Int?
    @Option(help: "Instead of every index: this many distinct indices drawn at random (seed 2018).") var sample: Int?
    @Option(name: .customLong("cell-blocks"), help: "B, blocks per NASNet cell (1 to 3).") var cellBlocks = 2
    @Option(help: "Children's data: digits (UCI digits) or fashion (the 8x8 Fashion-MNIST subset).") var dataset = "digits"
    @Option(help: "Shard i/n: indices with index % n == i.") var shard = "0/1"
    @Option(help: "Worker processes sharing the shard, each one BLAS thread (default: the CPUs this process may run on, its affinity mask).")
    var jobs: Int?
    @Option(help: "Table file (default data/nas/<space>-<dataset>.tsv; with --shard i/n, n > 1: <space>-<dataset>.shard-i-of-n.tsv). Processes of one machine may append to one file; machines sharing a network file system must not (O_APPEND is not atomic over NFS): give each shard its own file and join them with `nas merge`.")
    var out: String?
    @Option(help: "Epochs per child.") var epochs = 5
    @Option(name: .customLong("batch-size"), help: "Minibatch size per child.") var batchSize = 32
    @Option(name: .customLong("learning-rate"), help: "Adam step size per child.") var learningRate: Float = 1e-2
    @Option(help: "Architecture i trains with seed + i.") var seed: UInt64 = 1
    @Flag(help: "No progress on stderr.") var quiet = false
    @OptionGroup var engine: EngineOptions

    func run() throws {
        try Console.userErrors {
            // B = 4 NASNet cells number (100·225·400·625)² ≈ 3·10¹⁹ architectures, past Int's range.
            guard (1...3).contains(cellBlocks), let searchSpace = SearchSpace.named(space, blocks: cellBlocks) else {
                throw UsageError("unknown --space \(space) (or --cell-blocks outside 1...3)")
            }
            guard searchSpace.size <= 1_000_000 || sample != nil || limit != nil else {
                throw UsageError("--space \(space) has \(searchSpace.size) architectures, too many to train each once: "
                                 + "pass --sample N (N drawn at random) or --limit N (the first N)")
            }
            guard (sample ?? 1) >= 1, (limit ?? 1) >= 1 else { throw UsageError("--sample and --limit must be at least 1") }
            guard ["digits", "fashion"].contains(dataset) else { throw UsageError("--dataset must be digits or fashion") }
            let shard = try parseShard(shard)
            let jobs = self.jobs ?? min(BLAS.availableCPUs, 64)
            guard jobs >= 1 && jobs <= 64 else { throw UsageError("--jobs must be from 1 to 64") }
            let name = "data/nas/\(space)-\(dataset)" + (shard.count > 1 ? ".shard-\(shard.index)-of-\(shard.count)" : "") + ".tsv"
            let url = URL(fileURLWithPath: out ?? (projectRoot?.appendingPathComponent(name).path ?? name))
            let sampled = sample.map { BenchmarkBuilder.sampleIndices(of: searchSpace, count: $0, seed: 2018) }
            try BenchmarkBuilder.repair(url)
            let started = Date()
            if jobs > 1 {
                // Worker j takes the indices ≡ shard.index + shard.count · j (mod shard.count · jobs): together, this shard.
                var common: [String] = ["nas", "bench-build", "--space", space, "--jobs", "1", "--threads", "1", "--out", url.path]
                common += ["--epochs", "\(epochs)", "--batch-size", "\(batchSize)", "--learning-rate", "\(learningRate)", "--seed", "\(seed)"]
                common += ["--cell-blocks", "\(cellBlocks)", "--dataset", dataset]
                if let limit { common += ["--limit", "\(limit)"] }
                if let sample { common += ["--sample", "\(sample)"] }
                if quiet { common.append("--quiet") }
                try runWorkers((0..<jobs).map { j in common + ["--shard", "\(shard.index + shard.count * j)/\(shard.count * jobs)"] })
            } else {
                try engine.apply()
                let trainer = ChildTrainer(data: try ChildTrainer.data(dataset, store: try openStore()), epochs: epochs,
                                           batchSize: batchSize, learningRate: learningRate)
                try BenchmarkBuilder(space: searchSpace, trainer: trainer, seed: seed).build(into: url, limit: limit, sample: sampled,
                                                                                            shard: shard) { row, done, total in
                    if !quiet { FileHandle.standardError.write(Data(String(format: "[%d/%d] %@ %.4f %.2fs\n", done, total, row.encoding, row.accuracy, row.seconds).utf8)) }
                }
            }
            if jobs > 1 || shard.count == 1 {
                let table = try BenchmarkTable(contentsOf: url)
                print(String(format: "%@: %d rows; this run %.1f s with %d job(s); best %@ %.4f", url.path, table.rows.count,
                             Date().timeIntervalSince(started), jobs, table.best?.encoding ?? "-", table.best?.accuracy ?? 0))
            }
        }
    }
}

struct NASCompare: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Replay random search, evolution, REINFORCE, PNAS and PQT against the table: mean regret ± s.e. over seeds, and evaluations to the optimum.")
    @Option(help: "Seeds per strategy.") var seeds = 20
    @Option(help: "Evaluations per search.") var evaluations = 100
    @Option(name: .customLong("optimum-cap"), help: "Searches go on until they find the table's optimum, up to this many evaluations (0: not measured).")
    var optimumCap = 3000
    @Option(help: "Strategies compared, comma-separated (default: all).") var strategies: String?
    @Option(name: .customLong("set"), help: "key=value for every compared strategy that has the setting (repeatable).")
    var assignments: [String] = []
    @Option(help: "Table file (default data/nas/cell-digits.tsv).") var table: String?
    @Flag(help: "Also draw the regret panel.") var plot = false

    func run() throws {
        try Console.userErrors {
            guard seeds >= 2, evaluations >= 1 else { throw UsageError("need --seeds >= 2 and --evaluations >= 1") }
            guard let url = table.map({ URL(fileURLWithPath: $0) }) ?? BenchmarkTable.committedCellTableURL() else {
                throw UsageError("no table: run workbench nas bench-build")
            }
            let loaded = try BenchmarkTable(contentsOf: url)
            guard optimumCap == 0 || optimumCap >= evaluations else { throw UsageError("--optimum-cap must be 0 or at least --evaluations") }
            let kinds = try strategies.map { list in
                try list.split(separator: ",").map { name in
                    guard let kind = StrategyKind(rawValue: String(name)) else {
                        throw UsageError("unknown strategy \(name); choose from \(StrategyKind.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                    return kind
                }
            } ?? StrategyKind.allCases
            let compared = try kinds.map { kind -> (kind: StrategyKind, settings: HyperparameterSet) in
                var settings = kind.settings
                for assignment in assignments {
                    let key = String(assignment.prefix { $0 != "=" })
                    if settings.has(key) { try settings.apply(assignments: [assignment]) }
                }
                return (kind, settings)
            }
            let comparison = try ReplayComparison(table: loaded, seeds: seeds, evaluations: evaluations, optimumCap: optimumCap,
                                                  strategies: compared)
            print(String(format: "table %@: %d cells, optimum %.4f (%@); %d seeds; replay took %.3f s in all",
                         url.lastPathComponent, loaded.rows.count, loaded.best?.accuracy ?? 0, loaded.best?.encoding ?? "-",
                         seeds, comparison.seconds))
            let checkpoints = [1, 5, 10, 20, 30, 50, 75, 100, 150, 200, 300, 500].filter { $0 <= evaluations }
            print("evals  " + comparison.curves.map { $0.name.padding(toLength: 20, withPad: " ", startingAt: 0) }.joined())
            for n in checkpoints {
                print(String(n).padding(toLength: 7, withPad: " ", startingAt: 0) + comparison.curves.map {
                    String(format: "%.4f ± %.4f", $0.meanRegret[n - 1], $0.standardError[n - 1]).padding(toLength: 20, withPad: " ", startingAt: 0)
                }.joined())
            }
            print("distinct cells evaluated (mean): " + comparison.curves.map { String(format: "%@ %.1f", $0.name, $0.meanDistinct) }.joined(separator: ", "))
            if optimumCap > 0 {
                print("evaluations until the optimum is first evaluated (mean ± s.e. over seeds; a seed that missed counts as \(optimumCap)):")
                for curve in comparison.curves {
                    let (mean, error) = curve.meanEvaluationsToOptimum(cap: optimumCap)
                    print(String(format: "  %@ %.1f ± %.1f  (reached in %d of %d seeds)",
                                 curve.name.padding(toLength: 10, withPad: " ", startingAt: 0), mean, error, curve.reachedOptimum, seeds))
                }
            }
            if plot {
                var buffer = ScreenBuffer(width: 72, height: 14)
                comparison.panel.render(in: Rect(x: 0, y: 0, width: 72, height: 14), into: &buffer,
                                        appearance: Appearance(colorAllowed: false, unicode: true))
                for line in buffer.lines() { print(line) }
            }
        }
    }
}

struct NASRank: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rank", abstract: "Train ENAS's shared supernet, then Kendall τ of shared-weight vs stand-alone (table) accuracy.")
    @Option(help: "Epochs of shared-weight training.") var epochs = 10
    @Option(help: "Cells ranked (0: every cell of the table).") var sample = 0
    @Option(help: "Random seed.") var seed: UInt64 = 1
    @OptionGroup var engine: EngineOptions

    func run() throws {
        try Console.userErrors {
            try engine.apply()
            guard let url = BenchmarkTable.committedCellTableURL() else { throw UsageError("no table: run workbench nas bench-build") }
            let table = try BenchmarkTable(contentsOf: url)
            let started = Date()
            let settings = HyperparameterSet(ENASSearch.settings)
            let enas = ENASSearch(data: try ChildTrainer.digits(store: try openStore()), table: table, seed: seed, settings: settings)
            for _ in 0..<(epochs * enas.stepsPerEpoch) { _ = try enas.step(settings) }
            let trained = Date().timeIntervalSince(started)
            let indices = sample == 0 ? Array(0..<CellSpace.benchmark.size) : enas.rankingIndices(count: sample)
            let tau = enas.ranking(indices: indices) ?? .nan
            let connected = indices.filter { CellSpace.benchmark.architecture(index: $0).isConnected }
            let tauConnected = enas.ranking(indices: connected) ?? .nan
            print(String(format: "ENAS %d epochs (%d steps, %d controller updates) in %.1f s; ranking %d cells took %.1f s",
                         epochs, epochs * enas.stepsPerEpoch, enas.rewards.count, trained, indices.count,
                         Date().timeIntervalSince(started) - trained))
            print(String(format: "Kendall tau (shared-weight vs stand-alone accuracy): %.3f over %d cells; %.3f over the %d connected ones",
                         tau, indices.count, tauConnected, connected.count))
        }
    }
}

/// `workbench nas speed` (also `workbench bench nas`).
public struct NASSpeed: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "speed",
        abstract: "Child evaluations per minute on digits: the reference MLP and CNN (issue targets 180 and 90) and a NASNet proxy child.")
    @Option(help: "Epochs per child.") var epochs = 10
    @Option(help: "Children per reference and process.") var children = 4
    @Option(name: .customLong("batch-size"), help: "Minibatch size per child.") var batchSize = 32
    @Option(help: "Processes training children at once (each one BLAS thread).") var jobs = 2
    @Option(help: "Only this reference (mlp, cnn or nasnet).") var only: String?
    @Flag(name: .customLong("in-process"), help: "Train the children on --jobs threads of this process (as the screen does) instead of processes.")
    var inProcess = false
    @Flag(help: "Print only 'kind seconds children' (worker mode).") var raw = false
    @OptionGroup var engine: EngineOptions

    public init() {}

    public func run() throws {
        try Console.userErrors {
            let kinds = try only.map { name -> [ReferenceChild] in
                guard let kind = ReferenceChild(rawValue: name) else { throw UsageError("--only must be mlp, cnn or nasnet") }
                return [kind]
            } ?? ReferenceChild.allCases
            if inProcess {
                try engine.apply()
                try measureInProcess(kinds.filter { $0.architecture != nil })
                return
            }
            if jobs > 1 {
                for kind in kinds {
                    let started = Date()
                    try runWorkers((0..<jobs).map { j in ["nas", "speed", "--jobs", "1", "--threads", "1", "--raw", "--only", kind.rawValue,
                                                         "--epochs", "\(epochs)", "--children", "\(children)", "--batch-size", "\(batchSize)"] })
                    let seconds = Date().timeIntervalSince(started)
                    print(String(format: "%@: %d children of %d epochs (batch %d) in %.2f s with %d processes: %.1f per minute%@",
                                 kind.rawValue, children * jobs, epochs, batchSize, seconds, jobs, Double(children * jobs) / seconds * 60,
                                 kind.target))
                }
                if !raw && only == nil {
                    // The screen trains its children on threads of one process: the same NASNet children that way.
                    try engine.apply()
                    try measureInProcess([.nasnet])
                }
                return
            }
            try engine.apply()
            let trainer = ChildTrainer(data: try ChildTrainer.digits(store: try openStore()), epochs: epochs, batchSize: batchSize)
            for kind in kinds {
                let started = Date()
                var accuracies: [Double] = []
                for child in 0..<children { accuracies.append(kind.train(with: trainer, seed: UInt64(child + 1))) }
                let seconds = Date().timeIntervalSince(started)
                if !raw {
                    print(String(format: "%@: %d children of %d epochs (batch %d) in %.2f s, 1 process: %.1f per minute%@; mean accuracy %.3f",
                                 kind.rawValue, children, epochs, batchSize, seconds, Double(children) / seconds * 60,
                                 kind.target, accuracies.reduce(0, +) / Double(children)))
                }
            }
        }
    }

    /// `children · jobs` children of each kind, `jobs` at a time on as many threads of this process.
    func measureInProcess(_ kinds: [ReferenceChild]) throws {
        let trainer = ChildTrainer(data: try ChildTrainer.digits(store: try openStore()), epochs: epochs, batchSize: batchSize)
        for kind in kinds {
            let started = Date()
            var accuracies: [Double] = []
            for round in 0..<children {
                let jobs = (0..<self.jobs).map { j in (architecture: kind.architecture!, seed: UInt64(round * self.jobs + j + 1)) }
                accuracies += trainer.trainConcurrently(jobs).map(\.result.accuracy)
            }
            let seconds = Date().timeIntervalSince(started)
            print(String(format: "%@: %d children of %d epochs (batch %d) in %.2f s, 1 process, %d threads: %.1f per minute%@; mean accuracy %.3f",
                         kind.rawValue, accuracies.count, epochs, batchSize, seconds, jobs, Double(accuracies.count) / seconds * 60,
                         kind.target, accuracies.reduce(0, +) / Double(accuracies.count)))
        }
    }
}

extension ReferenceChild {
    /// " (target N)" for the references the issue set a target for.
    var target: String {
        switch self {
        case .mlp: " (target 180)"
        case .cnn: " (target 90)"
        case .nasnet: ""
        }
    }
}
