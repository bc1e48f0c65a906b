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
        commandName: "train", abstract: "Seconds per epoch and peak memory of an experiment.")
    @Argument(help: "Experiment id.") var id: String
    @Option(help: "Epochs to time (the first is reported separately as warm-up).") var epochs = 3
    @Option(help: "Random seed.") var seed: UInt64 = 1
    @Option(name: .customLong("set"), help: "Set a hyperparameter: --set key=value (repeatable).") var assignments: [String] = []
    @OptionGroup var engine: EngineOptions

    func run() throws {
        try Console.userErrors {
            guard epochs >= 1 else { throw UsageError("--epochs must be at least 1") }
            try engine.apply()
            let entry = try catalog.entry(id)
            let settings = try entry.settings(applying: assignments)
            let store = try openStore()
            var prepared: TrainingSession?
            let prepareSeconds = try secondsOf {
                prepared = try TrainingSession(entry: entry, settings: settings, seed: seed, store: store)
            }
            let session = prepared!
            var trainSeconds: [Double] = []
            for _ in 0..<epochs { trainSeconds.append(try session.runEpoch().seconds) }
            let steady = trainSeconds.count > 1 ? Array(trainSeconds.dropFirst()) : trainSeconds
            print("\(id): \(session.stepsPerEpoch) steps per epoch, threads \(BLAS.threadCount), kernel \(BLAS.status.kernel)")
            print(String(format: "prepare %.3f s; first epoch %.3f s; mean of the rest %.3f s per epoch (training steps only)",
                         prepareSeconds, trainSeconds[0], steady.reduce(0, +) / Double(steady.count)))
            print(String(format: "peak resident memory %.1f MiB", Double(ProcessMemory.peakResidentBytes) / 1_048_576))
            if let last = session.history.epochs.last {
                print("last epoch: " + last.metrics.map { String(format: "%@ %.4f", $0.name, $0.value) }.joined(separator: ", "))
            }
        }
    }

    private func secondsOf(_ body: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now()
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }
}

/// `workbench bench nas`: child evaluations per minute (the same measurement as `workbench nas speed`,
/// listed with the other benchmarks).
struct NASChildBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nas", abstract: "Child evaluations per minute on digits: MLP, CNN and NASNet proxy children (same as `workbench nas speed`).")
    @OptionGroup var speed: ArchitectureSearch.NASSpeed

    func run() throws { try speed.run() }
}
