import ArgumentParser
import CLISupport
import Datasets
import Foundation
import Lab

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Train an experiment headless and print its run record as JSON.",
        discussion: """
        Output paths are checked before training starts. Exit status: 0 success, 1 the work failed \
        (data missing or corrupt, a weights file that does not fit, the loss diverged, a file could not be \
        written), 2 the command line is wrong.
        """)

    @Argument(help: "Experiment id (see `workbench list`).", completion: .list(experimentIDs))
    var id: String

    @Option(help: "Epochs to train (default: the experiment's own, see `workbench list`; 0 with --load-weights only evaluates the loaded weights).")
    var epochs: Int?

    @Option(help: "Random seed (same seed, same loss history).")
    var seed: UInt64 = 1

    @Option(name: .customLong("set"), help: "Set a hyperparameter: --set key=value (repeatable).", completion: .list(settingKeys))
    var assignments: [String] = []

    @Option(name: .customLong("data"), help: ArgumentHelp(
        "Train on your own file in place of a dataset's: --data NAME=PATH, or NAME/FILE=PATH for a dataset of several files (repeatable).",
        valueName: "name=path"))
    var dataFiles: [String] = []

    @Option(help: ArgumentHelp("Also write the run record to this JSON file.", valueName: "file"))
    var json: String?

    @Option(help: ArgumentHelp("Write the per-step loss history (step, epoch, loss, and the step's parts where the experiment reports them, such as a multi-task step's task losses and gradient cosine) to this CSV file.", valueName: "file"))
    var csv: String?

    @Option(name: .customLong("metrics-csv"), help: ArgumentHelp(
        "Write one row per epoch (epoch, train loss, each metric, seconds) to this CSV file.", valueName: "file"))
    var metricsCSV: String?

    @Option(name: .customLong("save-weights"), help: ArgumentHelp(
        "Write the trained parameters to this safetensors file.", valueName: "file"))
    var saveWeights: String?

    @Option(name: .customLong("load-weights"), help: ArgumentHelp(
        "Start from the parameters in this safetensors file (saved by --save-weights for the same experiment).", valueName: "file"))
    var loadWeights: String?

    @Flag(help: "No progress on stderr.")
    var quiet = false

    @OptionGroup var engine: EngineOptions

    func run() throws {
        try Console.userErrors {
            if let epochs {
                guard epochs >= 0 && epochs <= 100_000 else { throw UsageError("--epochs must be from 1 to 100000, got \(epochs)") }
                guard epochs > 0 || loadWeights != nil else {
                    throw UsageError("--epochs must be from 1 to 100000, got 0 (0 is for evaluating --load-weights FILE)")
                }
            }
            try engine.apply()
            let entry = try catalog.entry(id)
            let settings = try entry.settings(applying: assignments)
            try checkFiles()
            let store = try DataOption.apply(dataFiles, to: try openStore(), for: entry)
            let record = try train(entry, settings: settings, store: store, epochs: epochs ?? entry.descriptor.epochs)
            let data = try record.json()
            if let json { try OutputPath.write(data, to: json, for: "--json") }
            if let csv { try OutputPath.write(Data(record.history.lossCSV.utf8), to: csv, for: "--csv") }
            if let metricsCSV { try OutputPath.write(Data(record.history.metricsCSV.utf8), to: metricsCSV, for: "--metrics-csv") }
            FileHandle.standardOutput.write(data + Data("\n".utf8))
        }
    }

    /// Every output path can be written and the weights to load exist, before any training.
    private func checkFiles() throws {
        let outputs = [("--json", json), ("--csv", csv), ("--metrics-csv", metricsCSV), ("--save-weights", saveWeights)]
            .compactMap { option, path in path.map { (option, $0) } }
        for (option, path) in outputs { try OutputPath.check(path, for: option) }
        for (index, output) in outputs.enumerated() {
            let path = URL(fileURLWithPath: output.1).standardizedFileURL.path
            if let other = outputs[..<index].first(where: { URL(fileURLWithPath: $0.1).standardizedFileURL.path == path }) {
                throw UsageError("\(other.0) and \(output.0) both write \(output.1)")
            }
        }
        if let loadWeights, !FileManager.default.isReadableFile(atPath: loadWeights) {
            throw UsageError("--load-weights \(loadWeights): no readable file there")
        }
    }

    private func train(_ entry: ExperimentEntry, settings: HyperparameterSet, store: DataStore, epochs: Int) throws -> RunRecord {
        let started = Date()
        let progress = ProgressReporter(enabled: !quiet, interactive: Console.stderrIsTerminal, epochs: epochs)
        progress.message("preparing \(id) (seed \(seed))")
        let session = try TrainingSession(entry: entry, settings: settings, seed: seed, store: store)
        if let loadWeights {
            for warning in try session.loadWeights(from: URL(fileURLWithPath: loadWeights)) { Console.warn(warning) }
            progress.message("loaded weights from \(loadWeights)")
        }
        let clock = ContinuousClock.now
        for epoch in stride(from: 1, through: epochs, by: 1) {
            let record = try session.runEpoch { report in
                progress.step(epoch: epoch, stepInEpoch: session.stepInEpoch, stepsPerEpoch: session.stepsPerEpoch,
                              loss: report.loss, elapsed: clock.duration(to: .now))
            }
            progress.epochDone(record, elapsed: clock.duration(to: .now))
        }
        if let saveWeights { try OutputPath.write(try session.weightsFile(), to: saveWeights, for: "--save-weights") }
        // --epochs 0: the record's final metrics are the loaded weights' evaluation.
        let evaluation = epochs == 0 ? try session.run.evaluate(session.settings) : nil
        return RunRecord(session: session, startedAt: started, finalMetrics: evaluation)
    }
}

/// Progress on stderr: a redrawn bar with ETA on a terminal, one line per epoch otherwise.
final class ProgressReporter {
    let enabled: Bool, interactive: Bool, epochs: Int
    private var lastDraw = ContinuousClock.now - .seconds(1)

    init(enabled: Bool, interactive: Bool, epochs: Int) {
        self.enabled = enabled
        self.interactive = interactive
        self.epochs = epochs
    }

    func message(_ text: String) {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\(text)\n".utf8))
    }

    func step(epoch: Int, stepInEpoch: Int, stepsPerEpoch: Int, loss: Float, elapsed: Duration) {
        guard enabled, interactive, ContinuousClock.now - lastDraw > .milliseconds(100) else { return }
        lastDraw = .now
        let done = Double(epoch - 1) + Double(stepInEpoch) / Double(max(stepsPerEpoch, 1))
        let fraction = done / Double(epochs)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let eta = fraction > 0 ? seconds * (1 - fraction) / fraction : 0
        let width = 24, filled = Int(fraction * Double(width))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let line = String(format: "\r\u{1B}[2Kepoch %d/%d %@ %3.0f%%  loss %.4f  ETA %@", epoch, epochs, bar,
                          fraction * 100, loss, Self.clock(eta))
        FileHandle.standardError.write(Data(line.utf8))
    }

    func epochDone(_ record: EpochRecord, elapsed: Duration) {
        guard enabled else { return }
        let metrics = record.metrics.map { String(format: "%@ %.4f", $0.name, $0.value) }.joined(separator: "  ")
        let line = String(format: "epoch %d/%d  train loss %.4f  %@  (%.3f s)", record.epoch, epochs, record.trainLoss,
                          metrics, record.seconds)
        FileHandle.standardError.write(Data(((interactive ? "\r\u{1B}[2K" : "") + line + "\n").utf8))
    }

    static func clock(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        return String(format: "%d:%02d", total / 60, total % 60)
    }
}
