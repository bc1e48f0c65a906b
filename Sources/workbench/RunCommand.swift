import ArgumentParser
import CLISupport
import Foundation
import Lab

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Train an experiment headless and print its run record as JSON.")

    @Argument(help: "Experiment id (see `workbench list`).", completion: .list(experimentIDs))
    var id: String

    @Option(help: "Epochs to train (default: the experiment's own, see `workbench list`).")
    var epochs: Int?

    @Option(help: "Random seed (same seed, same loss history).")
    var seed: UInt64 = 1

    @Option(name: .customLong("set"), help: "Set a hyperparameter: --set key=value (repeatable).", completion: .list(settingKeys))
    var assignments: [String] = []

    @Option(help: "Also write the run record to this JSON file.")
    var json: String?

    @Option(help: "Write the per-step loss history to this CSV file.")
    var csv: String?

    @Flag(help: "No progress on stderr.")
    var quiet = false

    @OptionGroup var engine: EngineOptions

    func run() throws {
        try Console.userErrors {
            if let epochs, !(1...100_000).contains(epochs) { throw UsageError("--epochs must be from 1 to 100000, got \(epochs)") }
            try engine.apply()
            let entry = try catalog.entry(id)
            let record = try train(entry, settings: try entry.settings(applying: assignments), epochs: epochs ?? entry.descriptor.epochs)
            let data = try record.json()
            if let json { try data.write(to: URL(fileURLWithPath: json)) }
            if let csv { try record.history.lossCSV.write(toFile: csv, atomically: true, encoding: .utf8) }
            FileHandle.standardOutput.write(data + Data("\n".utf8))
        }
    }

    private func train(_ entry: ExperimentEntry, settings: HyperparameterSet, epochs: Int) throws -> RunRecord {
        let started = Date()
        let progress = ProgressReporter(enabled: !quiet, interactive: Console.stderrIsTerminal, epochs: epochs)
        progress.message("preparing \(id) (seed \(seed))")
        let session = try TrainingSession(entry: entry, settings: settings, seed: seed, store: try openStore())
        let clock = ContinuousClock.now
        for epoch in 1...epochs {
            let record = try session.runEpoch { report in
                progress.step(epoch: epoch, stepInEpoch: session.stepInEpoch, stepsPerEpoch: session.stepsPerEpoch,
                              loss: report.loss, elapsed: clock.duration(to: .now))
            }
            progress.epochDone(record, elapsed: clock.duration(to: .now))
        }
        return RunRecord(session: session, startedAt: started)
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
