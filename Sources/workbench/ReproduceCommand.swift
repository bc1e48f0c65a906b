import ArgumentParser
import CLISupport
import Foundation
import Lab

/// `workbench reproduce`: trains experiments at their defaults (settings, epochs, seed 1) and
/// prints what each measured next to the figure its summary and lesson promise.
struct ReproduceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reproduce",
        abstract: "Train experiments at their defaults and compare with their documented figures.",
        discussion: "Without ids, every experiment that documents a figure. Exit status 1 when one is off.")

    @Argument(help: "Experiment ids (default: all that document a figure).", completion: .list(experimentIDs))
    var ids: [String] = []

    @Flag(help: "Markdown table rows instead of aligned columns.")
    var markdown = false

    @OptionGroup var engine: EngineOptions

    func run() throws {
        try Console.userErrors {
            try engine.apply()
            let entries = try ids.isEmpty ? catalog.entries.filter { $0.descriptor.reproduces != nil } : ids.map { try catalog.entry($0) }
            let store = try openStore()
            print(row(["experiment", "epochs", "metric", "documented", "measured", "", "minutes"]))
            if markdown { print("|---|---|---|---|---|---|---|") }
            var failures = 0
            for entry in entries {
                let descriptor = entry.descriptor
                FileHandle.standardError.write(Data("reproducing \(descriptor.id) (\(descriptor.epochs) epochs)\n".utf8))
                let start = ContinuousClock.now
                let session = try TrainingSession(entry: entry, settings: entry.settings, seed: 1, store: store)
                for _ in 0..<descriptor.epochs { _ = try session.runEpoch() }
                let minutes = Double((ContinuousClock.now - start).components.seconds) / 60
                guard let promise = descriptor.reproduces else {
                    print(row([descriptor.id, "\(descriptor.epochs)", "—", "—", "—", "", String(format: "%.1f", minutes)]))
                    continue
                }
                let measured = session.history.epochs.last?.metrics.first { $0.name == promise.metric }?.value
                let holds = measured.map(promise.holds) ?? false
                if !holds { failures += 1 }
                print(row([descriptor.id, "\(descriptor.epochs)", promise.metric, "\(promise.value) ± \(promise.tolerance)",
                           measured.map { String(format: "%.4f", $0) } ?? "missing", holds ? "ok" : "OFF",
                           String(format: "%.1f", minutes)]))
                fflush(nil)
            }
            if failures > 0 { throw ReproductionFailure(count: failures) }
        }
    }

    private func row(_ cells: [String]) -> String {
        if markdown { return "| " + cells.joined(separator: " | ") + " |" }
        let widths = [22, 7, 26, 16, 9, 4, 7]
        return zip(cells, widths).map { $0.padding(toLength: max($1, $0.count), withPad: " ", startingAt: 0) }.joined(separator: " ")
    }
}

/// Some figures were not reproduced (exit status 1, not a usage error).
struct ReproductionFailure: Error, CustomStringConvertible {
    let count: Int
    var description: String { "\(count) experiment\(count == 1 ? "" : "s") did not reproduce the documented figure" }
}
