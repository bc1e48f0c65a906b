import ArchitectureSearch
import ArgumentParser
import CLISupport
import Foundation
import Lab
import NeuralNet
import TensorKit

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Measure speed and memory.",
        subcommands: [GemmBench.self, OpsBench.self, TrainBench.self, UIBench.self, NASChildBench.self])
}

/// Seconds per call of `body`, timed over enough repetitions to fill `budget` seconds (best of 3 rounds).
func secondsPerCall(budget: Double = 0.3, _ body: () -> Void) -> Double {
    body()  // warm up
    var repetitions = 1
    while true {
        let start = DispatchTime.now()
        for _ in 0..<repetitions { body() }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        if elapsed > budget / 3 {
            var best = elapsed / Double(repetitions)
            for _ in 0..<2 {
                let again = DispatchTime.now()
                for _ in 0..<repetitions { body() }
                best = min(best, Double(DispatchTime.now().uptimeNanoseconds - again.uptimeNanoseconds) / 1e9 / Double(repetitions))
            }
            return best
        }
        repetitions *= 2
    }
}

struct GemmBench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "gemm", abstract: "sgemm GFLOP/s for n = 64 … 1024.")
    @OptionGroup var engine: EngineOptions

    func run() throws {
        try Console.userErrors { try engine.apply() }
        let status = BLAS.status
        print("OpenBLAS kernel: \(status.kernel)  (OPENBLAS_CORETYPE=\(status.requestedCoreType.isEmpty ? "unset" : status.requestedCoreType), "
              + "\(status.coreTypeChosenByWorkbench ? "chosen by the workbench from the CPU flags" : "left to the user / OpenBLAS"); "
              + "best for this CPU: \(BLAS.bestCoreTypeForThisCPU.isEmpty ? "default" : BLAS.bestCoreTypeForThisCPU))")
        print("threads: \(BLAS.threadCount)  verification against the reference GEMM: max relative error \(status.verificationError)")
        print("     n   GFLOP/s   ms/call")
        var generator = SeededGenerator(seed: 1)
        for n in [64, 128, 256, 512, 1024] {
            let a = (0..<(n * n)).map { _ in generator.nextUniform() }
            let b = (0..<(n * n)).map { _ in generator.nextUniform() }
            var c = [Float](repeating: 0, count: n * n)
            let seconds = secondsPerCall {
                BLAS.gemm(m: n, n: n, k: n, a: a, lda: n, b: b, ldb: n, c: &c, ldc: n)
            }
            print(String(format: "%6d  %8.1f  %8.3f", n, 2 * pow(Double(n), 3) / seconds / 1e9, seconds * 1e3))
        }
    }
}

struct OpsBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ops", abstract: "Per-op overhead on small tensors, and a small linear layer forward + backward.")
    @OptionGroup var engine: EngineOptions

    func run() throws {
        try Console.userErrors { try engine.apply() }
        var generator = SeededGenerator(seed: 1)
        let a = Tensor.randomNormal([4, 4], using: &generator), b = Tensor.randomNormal([4, 4], using: &generator)
        let row = Tensor.randomNormal([4], using: &generator)
        let w = Tensor.randomNormal([4, 4], using: &generator).trainable()
        let cases: [(String, () -> Void)] = [
            ("add [4,4] + [4,4]", { _ = a + b }),
            ("add row broadcast [4,4] + [4]", { _ = a + row }),
            ("multiply [4,4] * scalar", { _ = a * 2 }),
            ("relu [4,4]", { _ = a.relu() }),
            ("tanh [4,4]", { _ = a.tanh() }),
            ("sum [4,4]", { _ = a.sum() }),
            ("matmul [4,4] x [4,4]", { _ = a.matmul(b) }),
            ("softmax [4,4]", { _ = a.softmax() }),
            ("gather 4 rows of [4,4]", { _ = a.gatherRows([0, 3, 1, 2]) }),
            ("add with graph (trainable)", { _ = w + a }),
            ("tanh forward + backward (trainable)", { w.zeroGrad(); w.tanh().sum().backward() }),
        ]
        print("op                                       µs/call")
        for (name, body) in cases {
            let seconds = secondsPerCall(budget: 0.2, body)
            print(name.padding(toLength: 40, withPad: " ", startingAt: 0) + String(format: " %7.2f", seconds * 1e6))
        }
        let layer = Linear(64, 10, using: &generator)
        let x = Tensor.randomNormal([32, 64], using: &generator)
        let labels = (0..<32).map { $0 % 10 }
        let seconds = secondsPerCall {
            layer.zeroGradients()
            Loss.softmaxCrossEntropy(layer(x), labels: labels).backward()
        }
        print(String(format: "linear 64→10, batch 32, forward + CE + backward: %.2f µs", seconds * 1e6))
    }
}

struct TrainBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Seconds per epoch, arithmetic rate and peak memory of an experiment (or of nas.child-cnn / nas.child-mlp, the reference children of `nas speed`).")
    @Argument(help: "Experiment id, or nas.child-cnn / nas.child-mlp.") var id: String
    @Option(help: "Epochs to time (the first is reported separately as warm-up).") var epochs = 3
    @Option(help: "Random seed.") var seed: UInt64 = 1
    @Option(name: .customLong("set"), help: "Set a hyperparameter: --set key=value (repeatable).") var assignments: [String] = []
    @Option(help: "The sgemm peak in GFLOP/s to divide by (default: measured after training, as `bench gemm` measures it).")
    var peak: Double?
    @OptionGroup var engine: EngineOptions

    func run() throws {
        try Console.userErrors {
            guard epochs >= 1 else { throw UsageError("--epochs must be at least 1") }
            guard peak.map({ $0 > 0 }) ?? true else { throw UsageError("--peak must be positive") }
            try engine.apply()
            let workload: any TimedWorkload = try ReferenceChildWorkload(id: id, seed: seed)
                ?? ExperimentWorkload(id: id, seed: seed, assignments: assignments)
            let prepareSeconds = try secondsOf { try workload.prepare() }
            var epochsRun: [(seconds: Double, flops: Int)] = []
            for _ in 0..<epochs { epochsRun.append(try workload.trainEpoch()) }
            let steady = epochsRun.count > 1 ? Array(epochsRun.dropFirst()) : epochsRun
            let seconds = steady.reduce(0) { $0 + $1.seconds } / Double(steady.count)
            let flops = Double(steady.reduce(0) { $0 + $1.flops }) / Double(steady.count)
            print("\(id): \(workload.stepsPerEpoch) steps per epoch, threads \(BLAS.threadCount), kernel \(BLAS.status.kernel), "
                  + "parameters \(workload.parameterCount)")
            print(String(format: "prepare %.3f s; first epoch %.3f s; mean of the rest %.3f s per epoch (training steps only)",
                         prepareSeconds, epochsRun[0].seconds, seconds))
            let (peakRate, peakSource) = peak.map { ($0, "given") } ?? {
                let measured = sgemmPeak()
                return (measured.rate, "at n = \(measured.size)")
            }()
            let rate = flops / max(seconds, 1e-9) / 1e9
            print(String(format: "arithmetic %.3f GFLOP per epoch (matrix products), %.1f GFLOP/s, %.1f%% of the sgemm peak "
                         + "(%.1f GFLOP/s %@, %d threads)",
                         flops / 1e9, rate, 100 * rate / peakRate, peakRate, peakSource, BLAS.threadCount))
            print(String(format: "peak resident memory %.1f MiB", Double(ProcessMemory.peakResidentBytes) / 1_048_576))
            if let metrics = workload.lastMetrics() { print("last epoch: " + metrics) }
        }
    }

    private func secondsOf(_ body: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now()
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }

    /// The best sgemm rate of square products on the current BLAS threads (as `bench gemm`
    /// measures it): what "fraction of peak" divides by.
    private func sgemmPeak() -> (rate: Double, size: Int) {
        var generator = SeededGenerator(seed: 1)
        var best = (rate: 0.0, size: 0)
        for n in [512, 1024] {
            let a = (0..<(n * n)).map { _ in generator.nextUniform() }
            let b = (0..<(n * n)).map { _ in generator.nextUniform() }
            var c = [Float](repeating: 0, count: n * n)
            let seconds = secondsPerCall { BLAS.gemm(m: n, n: n, k: n, a: a, lda: n, b: b, ldb: n, c: &c, ldc: n) }
            let rate = 2 * pow(Double(n), 3) / seconds / 1e9
            if rate > best.rate { best = (rate, n) }
        }
        return best
    }
}

/// What `bench train` times: epochs of training steps, with the matrix products' floating-point
/// work counted over the steps only (evaluation runs after the count is read).
private protocol TimedWorkload {
    var stepsPerEpoch: Int { get }
    var parameterCount: Int { get }
    func prepare() throws
    func trainEpoch() throws -> (seconds: Double, flops: Int)
    func lastMetrics() -> String?
}

/// An experiment of the catalog, driven by a `TrainingSession`.
private final class ExperimentWorkload: TimedWorkload {
    let entry: ExperimentEntry
    let settings: HyperparameterSet
    let seed: UInt64
    private var session: TrainingSession?

    init(id: String, seed: UInt64, assignments: [String]) throws {
        entry = try catalog.entry(id)
        settings = try entry.settings(applying: assignments)
        self.seed = seed
    }

    var stepsPerEpoch: Int { session?.stepsPerEpoch ?? 0 }
    var parameterCount: Int { session?.run.parameters.reduce(0) { $0 + $1.tensor.count } ?? 0 }
    func prepare() throws { session = try TrainingSession(entry: entry, settings: settings, seed: seed, store: try openStore()) }

    func trainEpoch() throws -> (seconds: Double, flops: Int) {
        guard let session else { preconditionFailure("prepare() first") }
        let before = BLAS.floatingPointOperations
        while !session.epochIsComplete { _ = try session.step() }
        let flops = BLAS.floatingPointOperations - before
        return (try session.finishEpoch().seconds, flops)
    }

    func lastMetrics() -> String? {
        session?.history.epochs.last.map { $0.metrics.map { String(format: "%@ %.4f", $0.name, $0.value) }.joined(separator: ", ") }
    }
}

/// A reference child of `nas speed` (`nas.child-cnn`: conv 3x3 16, conv 3x3 32, linear;
/// `nas.child-mlp`: 64-64; `nas.child-nasnet`: the two-block NASNet proxy child), trained as
/// `ChildTrainer.fit` trains it (Adam 1e-2, batch 32, UCI digits), one epoch at a time. A child
/// evaluation of `nas speed` is such epochs plus a validation pass.
private final class ReferenceChildWorkload: TimedWorkload {
    /// What `prepare` builds: the data, the network's forward pass, its optimizer and the batches.
    private struct Prepared {
        let data: ClassificationData
        let forward: (Tensor) -> Tensor
        let optimizer: Adam
        var cursor: MinibatchCursor
    }

    let kind: ReferenceChild
    let seed: UInt64
    private var prepared: Prepared?
    private var accuracy: Double?
    static let batchSize = 32

    init?(id: String, seed: UInt64) throws {
        guard id.hasPrefix("nas.child-") else { return nil }
        guard let kind = ReferenceChild(rawValue: String(id.dropFirst("nas.child-".count))) else {
            throw UsageError("unknown reference child \(id); use "
                             + ReferenceChild.allCases.map { "nas.child-\($0.rawValue)" }.joined(separator: ", "))
        }
        self.kind = kind
        self.seed = seed
    }

    var stepsPerEpoch: Int { prepared?.cursor.stepsPerEpoch ?? 0 }
    var parameterCount: Int { prepared?.optimizer.parameters.reduce(0) { $0 + $1.tensor.count } ?? 0 }

    func prepare() throws {
        let data = try ChildTrainer.digits(store: try openStore())
        var generator = SeededGenerator(seed: seed)
        let forward: (Tensor) -> Tensor
        let parameters: [NamedParameter]
        switch kind {
        case .mlp:
            let network = MLP(sizes: [64, 64, 64, 10], using: &generator)
            (forward, parameters) = ({ network($0) }, network.parameters)
        case .cnn:
            let network = ChildNetwork(MacroArchitecture(encoding: "c3-16 c3-32 id-16 id-16")!, using: &generator)
            (forward, parameters) = ({ network($0) }, network.parameters)
        case .nasnet:
            let network = NASNetNetwork(ReferenceChild.nasnetArchitecture, stack: .proxy, using: &generator)
            (forward, parameters) = ({ network($0) }, network.parameters)
        }
        prepared = Prepared(data: data, forward: forward, optimizer: Adam(parameters, learningRate: 1e-2),
                            cursor: MinibatchCursor(indices: data.trainIndices, batchSize: Self.batchSize, seed: seed &+ 1))
    }

    func trainEpoch() throws -> (seconds: Double, flops: Int) {
        guard var state = prepared else { preconditionFailure("prepare() first") }
        let before = BLAS.floatingPointOperations
        let start = DispatchTime.now()
        for _ in 0..<state.cursor.stepsPerEpoch {
            let rows = state.cursor.next(batchSize: Self.batchSize)
            state.optimizer.zeroGradients()
            Loss.softmaxCrossEntropy(state.forward(state.data.batch(rows)), labels: state.data.labels(rows)).backward()
            state.optimizer.step()
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        let flops = BLAS.floatingPointOperations - before
        accuracy = state.data.evaluate(logits: state.forward).accuracy
        prepared = state
        return (seconds, flops)
    }

    func lastMetrics() -> String? { accuracy.map { String(format: "validation accuracy %.4f", $0) } }
}

/// `workbench bench nas`: child evaluations per minute (the same measurement as `workbench nas speed`,
/// listed with the other benchmarks).
struct NASChildBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nas", abstract: "Child evaluations per minute on digits: MLP, CNN and NASNet proxy children (same as `workbench nas speed`).")
    @OptionGroup var speed: ArchitectureSearch.NASSpeed

    func run() throws { try speed.run() }
}
