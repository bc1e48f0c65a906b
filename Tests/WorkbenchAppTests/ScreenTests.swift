import Foundation
import Testing
import Lab
import TerminalUI
import NeuralNet
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
        #expect(screen[6].hasPrefix("│  ▸ basics.mlp-digits"))
        #expect(screen[8].hasPrefix("│Deep recommenders"))
        #expect(screen[12].hasPrefix("│Architecture search"))
        #expect(pilot.text.contains("│uci-digits       verified"))
        #expect(screen[29] == " ↑↓ choose  enter open  f fetch data  c compare  ? help  q quit")
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
        pilot.press("down", "down", "down", "down", "enter")
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
        let steps = pilot.app.snapshot!.stepCount
        pilot.press("right")
        #expect(pilot.waitUntil { $0.stepCount == steps + 1 })

        pilot.press("q")
        #expect(pilot.app.shouldQuit)
    }

    @Test func liveLearningRateEditAndRestartOnlySettings() throws {
        let pilot = try Pilot()
        try pilot.app.open(experiment: "basics.mlp-digits", running: false)
        #expect(pilot.waitUntil { $0.state == .paused && $0.stepsPerEpoch > 0 })
        pilot.press("tab")  // focus: settings
        pilot.press("enter", "backspace", "backspace", "backspace", "backspace", "0", ".", "5", "enter")
        #expect(pilot.waitUntil { $0.hyperparameters.real("learning-rate") == 0.5 })
        #expect(pilot.text.contains("learning-rate = 0.5 from the next step"))
        pilot.press("down", "down", "+")  // hidden: restart-only
        #expect(pilot.waitUntil { $0.pendingRestartKeys == ["hidden"] })
        #expect(pilot.text.contains("r to apply"))
        pilot.press("r")
        #expect(pilot.waitUntil { $0.pendingRestartKeys.isEmpty && $0.state == .paused && $0.parameterCount > 0 })
        #expect(pilot.app.snapshot!.hyperparameters.integer("hidden") > 64)

        pilot.press("enter", "x", "enter")  // invalid value: explained, nothing sent
        #expect(pilot.text.contains("bad value"))
        pilot.press("esc")
    }

    @Test func divergenceIsMarkedExplainedAndRestartLowersTheRate() throws {
        let pilot = try Pilot(extraEntries: [ExperimentEntry(DivergingExperiment.descriptor) { DivergingExperiment() }])
        try pilot.app.open(experiment: "test.diverging", assignments: ["learning-rate=10"], running: true)
        #expect(pilot.waitUntil { if case .diverged = $0.state { true } else { false } })
        #expect(pilot.app.snapshot!.divergenceSteps.count == 1)
        #expect(pilot.text.contains("The loss became NaN"))
        #expect(pilot.text.contains("learning rate is too high"))
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
        #expect(pilot.waitUntil { $0.hyperparameters.integer("hidden") == 1 && $0.state == .running })
    }

    @Test func saveWritesTheRunAndCompareOverlaysRuns() throws {
        let pilot = try Pilot(epochBudget: 2)
        try pilot.app.open(experiment: "basics.mlp-digits", running: true)
        #expect(pilot.waitUntil { $0.state == .finished })
        pilot.press("s")
        let saved = try FileManager.default.contentsOfDirectory(atPath: pilot.runsFolder.path)
        #expect(saved.count == 1)
        let folder = pilot.runsFolder.appendingPathComponent(saved[0])
        for file in ["run.json", "loss.csv", "screen.txt"] {
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(file).path))
        }
        try pilot.app.open(experiment: "basics.mlp-digits", assignments: ["hidden=8"], running: true)
        #expect(pilot.waitUntil { $0.state == .finished })
        pilot.press("c")
        #expect(pilot.app.screen == .compare)
        let text = pilot.text
        #expect(text.contains("Compare runs"))
        #expect(text.contains("[x]"))
        #expect(text.contains("hidden"))  // the setting that differs
        #expect(text.contains("validation accuracy"))
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
final class DivergingExperiment: Experiment {
    static let descriptor = ExperimentDescriptor(id: "test.diverging", title: "Diverging", topic: "basics",
                                                 summary: "NaN above a learning rate of 2", datasets: [])
    var descriptor: ExperimentDescriptor { Self.descriptor }
    var hyperparameters = HyperparameterSet([.real("learning-rate", 0.1, in: 1e-3...100, logarithmic: true, live: true, "rate")])
    var steps = 0
    func prepare(_ context: ExperimentContext) throws {}
    var stepsPerEpoch: Int { 10 }
    func step() throws -> StepReport {
        steps += 1
        return StepReport(loss: hyperparameters.real("learning-rate") > 2 && steps > 3 ? .nan : 1 / Float(steps), examples: 1)
    }
    func evaluate() throws -> [Metric] { [] }
    var parameters: [NamedParameter] { [] }
}

/// Echoes typed text in a panel: the smallest interactive experiment.
final class EchoExperiment: InteractiveExperiment {
    static let descriptor = ExperimentDescriptor(id: "test.echo", title: "Echo", topic: "basics", summary: "echoes input", datasets: [])
    var descriptor: ExperimentDescriptor { Self.descriptor }
    var hyperparameters = HyperparameterSet([])
    func prepare(_ context: ExperimentContext) throws {}
    var stepsPerEpoch: Int { 5 }
    func step() throws -> StepReport { StepReport(loss: 1, examples: 1) }
    func evaluate() throws -> [Metric] { [] }
    var parameters: [NamedParameter] { [] }
    var inputPrompt: String { "Type anything" }
    func panel(forInput text: String) -> (any TopicPanel)? { EchoPanel(text: text.uppercased()) }
}

struct EchoPanel: TopicPanel {
    let title = "Echo"
    let text: String
    func render(in area: Rect, into buffer: inout ScreenBuffer) {
        buffer.set(string: text, at: (area.x, area.y), clippedTo: area)
    }
}

@Suite(.serialized) struct TypedInputTests {
    @Test func slashAsksForTextAndShowsTheExperimentsView() throws {
        let pilot = try Pilot(extraEntries: [ExperimentEntry(EchoExperiment.descriptor) { EchoExperiment() }])
        try pilot.app.open(experiment: "test.echo", running: false)
        #expect(pilot.waitUntil { $0.state == .paused && $0.inputPrompt != nil })
        pilot.press("/")
        #expect(pilot.text.contains("Type anything"))
        pilot.press("h", "i", "space", "y", "o", "u", "enter")
        #expect(pilot.waitUntil { $0.inputPanel != nil })
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
