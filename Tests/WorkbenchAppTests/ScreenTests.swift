import Basics
import Recommenders
import SpatialTransformers
import Foundation
import Testing
import Lab
import TerminalUI
import NeuralNet
import TestSupport
import TopicViews
@testable import WorkbenchApp

@Suite(.serialized) struct ScreenTests {
    @Test func homeScreenListsTopicsLessonsAndData() throws {
        let pilot = try Pilot()
        let screen = pilot.screen
        #expect(screen.count == 30)
        #expect(screen[0].hasPrefix("  Deep Workbench • Home"))
        #expect(screen[0].hasSuffix("2 experiments"))
        #expect(screen[1].hasPrefix("╭ Topics, lessons and experiments"))
        #expect(screen[2].hasPrefix("│Basics"))
        #expect(screen[3].hasPrefix("│  • How a network learns"))
        #expect(screen[6].hasPrefix("│  • Backpropagation, one op at a time"))
        #expect(screen[7].hasPrefix("│  ▸ basics.mlp-digits"))
        #expect(screen[9].hasPrefix("│Deep recommenders"))
        #expect(screen[13].hasPrefix("│Architecture search"))
        #expect(pilot.text.contains("│uci-digits       verified"))
        #expect(screen[29] == " ↑↓ choose  enter open  f fetch data  c compare  ? help  q quit")
    }

    @Test func homeScreenCutsLongTitlesWithAnEllipsisAt80x24() throws {
        let screen = try Pilot(width: 80, height: 24).screen
        // The list is 45 % of 80 columns; the lesson title is longer than its inside (33 columns).
        #expect(screen[4] == "│  • The learning rate and the ba…│ │ Tensors, autodiff and minibatch training │")
        #expect(screen.allSatisfy { DisplayWidth.of($0) <= 80 })
    }

    @Test func tooSmallTerminalAsksToEnlarge() throws {
        let pilot = try Pilot(width: 60, height: 20)
        let lines = pilot.screen
        #expect(lines.contains { $0.contains("Enlarge the terminal") })
        #expect(lines.contains { $0.contains("to at least 80x24") })
        #expect(lines.contains { $0.contains("(now 60x20)") })
    }

    @Test func helpOverlayListsEveryKeyAndClosesWithEscape() throws {
        let pilot = try Pilot()
        pilot.press("?")
        let text = pilot.text
        for key in ["space  start / pause", "n or →  one minibatch", "e  one epoch", "r  restart", "+/-  pace",
                    "s  save the run", "l  log scale", "t  projector theme", "esc  back"] {
            #expect(text.contains(key), "help lacks \(key)")
        }
        pilot.press("esc")
        #expect(!pilot.text.contains("one minibatch"))
    }

    @Test func openPausedStepOnceRunPauseAndQuit() throws {
        let pilot = try Pilot()
        pilot.press("down", "down", "down", "down", "down", "enter")
        #expect(pilot.app.screen == .runner)
        #expect(pilot.waitUntil { $0.state == .paused && $0.stepsPerEpoch == 45 })
        #expect(pilot.screen[0].contains("basics.mlp-digits — MLP on handwritten digits"))
        #expect(pilot.screen[0].hasSuffix("● paused"))

        pilot.press("n")  // one minibatch
        #expect(pilot.waitUntil { $0.stepCount == 1 && !$0.inspector.isEmpty })
        #expect(pilot.text.contains("step 1 (1/45)"), "\(pilot.text)")
        #expect(pilot.text.contains("layers.0.weight"))  // the inspector shows what changed

        pilot.press("space")
        #expect(pilot.waitUntil { $0.stepCount > 60 })
        pilot.press("space")
        #expect(pilot.waitUntil { $0.state == .paused })
        let first = pilot.screen
        usleep(200_000)
        #expect(pilot.screen == first, "paused screens stay equal")
        let steps = pilot.app.currentSnapshot!.stepCount
        pilot.press("right")
        #expect(pilot.waitUntil { $0.stepCount == steps + 1 })

        pilot.press("q")
        #expect(pilot.app.shouldQuit)
    }

    /// At 80x24 the inspector drops its histogram so that parameter names stay whole.
    @Test func inspectorNamesStayWholeAt80x24() throws {
        let pilot = try Pilot(width: 80, height: 24)
        pilot.press("down", "down", "down", "down", "down", "enter")
        #expect(pilot.waitUntil { $0.state == .paused && $0.stepsPerEpoch == 45 })
        pilot.press("n")
        #expect(pilot.waitUntil { $0.stepCount == 1 && !$0.inspector.isEmpty })
        let text = pilot.text
        for name in ["layers.0.weight", "layers.0.bias", "layers.1.weight", "|Δw|/|w|"] { #expect(text.contains(name), "\(text)") }
        #expect(!text.contains("histogram:"))
        #expect(!text.contains("1.05") && !text.contains("0.95") && !text.contains("7.5"), "one step is drawn on whole-number ticks: \(text)")
    }

    /// At 80x24 a long parameter path keeps its distinguishing end ("c.conv0.weight", not
    /// "classi…nv0.weight"), and a setting's value wider than the value column ("cross-entropy")
    /// is shown whole, its name giving way.
    @Test func longParameterPathsAndChoiceValuesStayReadableAt80x24() throws {
        let pilot = try Pilot(width: 80, height: 24, extraEntries: SpatialTransformersTopic.experiments + RecommendersTopic.experiments)
        try pilot.app.open(experiment: "stn.cnn", assignments: ["batch-size=32"], running: false)
        pilot.press("n")
        #expect(pilot.waitUntil { $0.stepCount == 1 && !$0.inspector.isEmpty })
        var text = pilot.text
        for name in ["c.conv0.weight", "c.conv1.bias", "c.fc0.weight"] { #expect(text.contains(name), "\(text)") }
        #expect(!text.contains("…"), "nothing is cut: \(text)")
        // At 100x30 the histogram beside the table names its parameter in 16 columns.
        let wide = try Pilot(width: 100, height: 30, extraEntries: SpatialTransformersTopic.experiments)
        try wide.app.open(experiment: "stn.cnn", assignments: ["batch-size=32"], running: false)
        wide.press("n")
        #expect(wide.waitUntil { $0.stepCount == 1 && !$0.inspector.isEmpty })
        #expect(wide.screen.contains { $0.contains("|Δw|/|w| c.conv0.weight") }, "the histogram's title")
        try pilot.app.open(experiment: "rec.gru4rec", assignments: [], running: false)
        #expect(pilot.waitUntil { $0.experimentID == "rec.gru4rec" && $0.state == .paused })
        text = pilot.text
        #expect(text.contains(" cross-entropy"), "\(text)")
    }

    /// A 10-class confusion matrix shows all ten rows at 100x30: the bottom panel grows for it.
    @Test func confusionMatrixShowsEveryRowAt100x30() throws {
        let pilot = try Pilot()
        try pilot.app.open(experiment: "basics.softmax-fashion", assignments: ["train-size=2000", "test-size=1000"], running: false)
        pilot.press("e")
        #expect(pilot.waitUntil { $0.epochs.count == 1 && !$0.panels.isEmpty })
        pilot.press("p", "p", "p")
        let screen = pilot.screen
        #expect(screen.contains { $0.contains("Confusion matrix (test)") }, "\(screen.joined(separator: "\n"))")
        #expect(screen.contains { $0.hasPrefix("│9 Ankle boot") }, "\(screen.joined(separator: "\n"))")
        #expect(screen.contains { $0.hasPrefix("│0 T-shirt/top") })
        #expect(screen.contains { $0.hasPrefix("╭ Loss") })
    }

    /// s and c read the run between two steps. A fast run steps without pause: the reader must
    /// still get its turn (the screen froze on s or c while the MLP trained).
    @Test func theRunIsReadWhileAFastRunTrains() throws {
        let pilot = try Pilot(epochBudget: 100_000)
        try pilot.app.open(experiment: "basics.mlp-digits", running: true)
        #expect(pilot.waitUntil { $0.stepCount > 500 })
        let runner = try #require(pilot.app.runner).view.runner
        let done = DispatchSemaphore(value: 0)
        Thread { _ = runner.record(); _ = try? runner.recordAndWeights(); done.signal() }.start()
        #expect(done.wait(timeout: .now() + 10) == .success)
        #expect(pilot.app.currentSnapshot?.state == .running)
    }

    @Test func liveLearningRateEditAndRestartOnlySettings() throws {
        let pilot = try Pilot()
        try pilot.app.open(experiment: "basics.mlp-digits", running: false)
        #expect(pilot.waitUntil { $0.state == .paused && $0.stepsPerEpoch > 0 })
        pilot.press("tab", "tab", "down")  // focus: settings (after the metrics); row 1, below the epoch budget
        pilot.press("enter", "backspace", "backspace", "backspace", "backspace", "0", ".", "5", "enter")
        #expect(pilot.waitUntil { $0.hyperparameters.real("learning-rate") == 0.5 })
        #expect(pilot.text.contains("learning-rate = 0.5 from the next step"))
        pilot.press("down", "down", "+")  // hidden: restart-only
        #expect(pilot.waitUntil { $0.pendingRestartKeys == ["hidden"] })
        #expect(pilot.text.contains("* r applies"))
        pilot.press("r")
        #expect(pilot.waitUntil { $0.pendingRestartKeys.isEmpty && $0.state == .paused && $0.parameterCount > 0 })
        #expect(pilot.app.currentSnapshot!.hyperparameters.integer("hidden") > 64)

        pilot.press("enter", "x", "enter")  // invalid value: explained, nothing sent
        #expect(pilot.text.contains("bad value"))
        pilot.press("esc")
    }

    @Test func divergenceIsMarkedExplainedAndRestartLowersTheRate() throws {
        let pilot = try Pilot(extraEntries: [DivergingExperiment.entry])
        try pilot.app.open(experiment: "test.diverging", assignments: ["learning-rate=10"], running: true)
        #expect(pilot.waitUntil { if case .diverged = $0.state { true } else { false } })
        #expect(pilot.app.currentSnapshot!.divergenceSteps.count == 1)
        #expect(pilot.text.contains("The loss became NaN"))
        #expect(pilot.text.contains("Likely cause: the learning"))
        #expect(pilot.screen.last?.hasPrefix(" r restart, rate ÷ 10") == true, "\(pilot.screen.last ?? "")")
        #expect(pilot.text.contains("became NaN at step 4") && !pilot.text.contains("-nan"))
        pilot.press("r")
        #expect(pilot.waitUntil { $0.hyperparameters.real("learning-rate") == 1 && $0.divergenceSteps.isEmpty && $0.stepCount > 5 })
    }

    @Test func lessonLinksStartExperimentsWithTheirPresets() throws {
        let pilot = try Pilot()
        pilot.press("down", "enter")
        #expect(pilot.app.screen == .lesson)
        let screen = pilot.screen
        #expect(screen.filter { $0.contains("How a network learns") }.count == 2, "title bar and one heading")
        // The indented formula block keeps its spacing.
        #expect(screen.contains { $0.contains("h = relu(x W1 + b1)          hidden features, [32, 64]") }, "\(screen)")
        pilot.press("tab", "tab")  // the second run: link sets hidden=1
        pilot.press("enter")
        #expect(pilot.app.screen == .runner)
        // A link opens its experiment paused, for the teacher to start.
        #expect(pilot.waitUntil { $0.hyperparameters.integer("hidden") == 1 && $0.state == .paused })
        pilot.press("space")
        #expect(pilot.waitUntil { $0.state == .running })
        // Esc goes back to the lesson; the run goes on and is one key away on the home screen.
        pilot.press("esc")
        #expect(pilot.app.screen == .lesson)
        let steps = pilot.app.currentSnapshot!.stepCount
        #expect(pilot.waitUntil { $0.stepCount > steps })
        pilot.press("enter")  // the same link again: back to the same run, not a new one
        #expect(pilot.app.screen == .runner && pilot.app.currentSnapshot!.stepCount >= steps)
        pilot.press("esc", "esc")
        #expect(pilot.app.screen == .home)
        #expect(pilot.screen[2].contains("Open run: basics.mlp-digits (running"), "\(pilot.screen[2])")
    }

    @Test func saveWritesTheRunAndCompareOverlaysRuns() throws {
        let pilot = try Pilot(epochBudget: 2)
        try pilot.app.open(experiment: "basics.mlp-digits", running: true)
        #expect(pilot.waitUntil { $0.state == .finished })
        pilot.press("s")
        let saved = try FileManager.default.contentsOfDirectory(atPath: pilot.runsFolder.path)
        #expect(saved.count == 1)
        let folder = pilot.runsFolder.appendingPathComponent(saved[0])
        for file in ["run.json", "loss.csv", "metrics.csv", "screen.txt", "weights.safetensors"] {
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(file).path), "\(file)")
        }
        // The saved weights are the run's: a fresh session evaluates them to the saved metrics, bit for bit.
        let record = try JSONDecoder().decode(RunRecord.self, from: Data(contentsOf: folder.appendingPathComponent("run.json")))
        #expect(record.version == BuildInfo.version && record.cpu != nil)
        let fresh = try MLPDigits.entry.session(seed: record.seed)
        try fresh.loadWeights(from: folder.appendingPathComponent("weights.safetensors"))
        #expect(try fresh.evaluate().map(\.value.bitPattern) == record.finalMetrics.map(\.value.bitPattern))
        #expect(try String(contentsOf: folder.appendingPathComponent("metrics.csv"), encoding: .utf8).split(separator: "\n").count == 3)
        pilot.press("c")
        #expect(pilot.screen[0].hasSuffix("1 run"), "\(pilot.screen[0])")
        pilot.press("esc")
        try pilot.app.open(experiment: "basics.mlp-digits", assignments: ["hidden=8"], running: true)
        #expect(pilot.waitUntil { $0.state == .finished })
        pilot.press("c")
        #expect(pilot.app.screen == .compare)
        let text = pilot.text
        #expect(text.contains("Compare runs") && pilot.screen[0].hasSuffix("2 runs"))
        #expect(text.contains("[x]"))
        #expect(text.contains("hidden"))  // the setting that differs
        #expect(text.contains("validation accuracy"))
    }

    /// At 80x24 the runs list shows each experiment's id whole (the number, seed and epochs take
    /// only the columns they need), and the final-metrics table says what to do while no run is
    /// ticked.
    @Test func compareAtEightyColumnsShowsWholeIdsAndAHint() throws {
        let pilot = try Pilot(width: 80, height: 24, epochBudget: 1)
        try pilot.app.open(experiment: "basics.mlp-digits", running: true)
        #expect(pilot.waitUntil { $0.state == .finished })
        pilot.press("s")
        pilot.press("c")
        let row = try #require(pilot.screen.first { $0.contains("#1") }, "\(pilot.text)")
        #expect(row.contains("[x] #1 basics.mlp-digits") && row.contains("seed 1 1 ep") && !row.contains("…"), "\(row)")
        #expect(pilot.text.contains("validation accuracy"))
        pilot.press("space")
        #expect(pilot.text.contains("Tick runs with space to see their final metrics here"), "\(pilot.text)")
        pilot.press("space")
        // Runs of two experiments differ in many settings: the table shows the columns that fit
        // whole and counts the rest in its title; no cell is cut.
        pilot.press("esc")
        try pilot.app.open(experiment: "basics.softmax-fashion", running: true)
        #expect(pilot.waitUntil { $0.state == .finished })
        pilot.press("c")
        let lines = pilot.screen
        let header = try #require(lines.firstIndex { $0.contains("Final metrics") }, "\(pilot.text)")
        #expect(lines[header].contains(" columns "), "\(lines[header])")
        #expect(lines[(header + 1)...(header + 3)].allSatisfy { $0.hasPrefix("│run ") || $0.hasPrefix("│#") }, "\(pilot.text)")
        #expect(!pilot.text.contains("…"), "\(pilot.text)")
    }

    @Test func projectorThemeAndMonochrome() throws {
        let pilot = try Pilot()
        pilot.press("t")
        #expect(pilot.app.appearance.theme == .highContrast)
        let mono = try Pilot(colors: false)
        mono.press("t")
        #expect(mono.app.appearance.theme == .monochrome)
    }
}

/// Trains fine at learning rates up to 2 and returns NaN above: a reliable divergence.
final class DivergingExperiment: ExperimentRun {
    static let entry = ExperimentEntry(
        ExperimentDescriptor(id: "test.diverging", title: "Diverging", topic: "basics", summary: "NaN above a learning rate of 2",
                             datasets: []),
        settings: [.real("learning-rate", 0.1, in: 1e-3...100, logarithmic: true, live: true, "rate")]) { _ in DivergingExperiment() }
    var steps = 0
    var stepsPerEpoch: Int { 10 }
    func step(_ settings: HyperparameterSet) throws -> StepReport {
        steps += 1
        return StepReport(loss: settings.real("learning-rate") > 2 && steps > 3 ? -.nan : 1 / Float(steps), examples: 1)
    }
    func evaluate(_ settings: HyperparameterSet) throws -> [Metric] { [] }
    var parameters: [NamedParameter] { [] }
}

/// Echoes typed text in a panel: the smallest interactive experiment.
final class EchoExperiment: InteractiveRun {
    static let entry = ExperimentEntry(
        ExperimentDescriptor(id: "test.echo", title: "Echo", topic: "basics", summary: "echoes input", datasets: []),
        settings: []) { _ in EchoExperiment() }
    var stepsPerEpoch: Int { 5 }
    func step(_ settings: HyperparameterSet) throws -> StepReport { StepReport(loss: 1, examples: 1) }
    func evaluate(_ settings: HyperparameterSet) throws -> [Metric] { [] }
    var parameters: [NamedParameter] { [] }
    var inputPrompt: String { "Type anything" }
    func panels(forInput text: String, settings: HyperparameterSet) -> [any TopicPanel] { [EchoPanel(text: text.uppercased())] }
}

struct EchoPanel: TopicPanel {
    let title = "Echo"
    let text: String
    func render(in area: Rect, into buffer: inout ScreenBuffer, appearance: Appearance) {
        buffer.set(string: text, at: (area.x, area.y), style: appearance.theme.text, clippedTo: area)
    }
}

@Suite(.serialized) struct TypedInputTests {
    @Test func slashAsksForTextAndShowsTheExperimentsView() throws {
        let pilot = try Pilot(extraEntries: [EchoExperiment.entry])
        try pilot.app.open(experiment: "test.echo", running: false)
        #expect(pilot.waitUntil { $0.state == .paused && $0.inputPrompt != nil })
        pilot.press("/")
        #expect(pilot.text.contains("Type anything"))
        pilot.press("h", "i", "space", "y", "o", "u", "enter")
        #expect(pilot.waitUntil { $0.panels.contains { $0.title == "Echo" } })
        #expect(pilot.text.contains("HI YOU"))
        #expect(pilot.text.contains("╭ Echo"))
    }

    @Test func experimentsWithoutInputSaySo() throws {
        let pilot = try Pilot()
        try pilot.app.open(experiment: "basics.mlp-digits", running: false)
        #expect(pilot.waitUntil { $0.state == .paused })
        pilot.press("/")
        #expect(pilot.text.contains("takes no typed input"))
    }
}
