import Foundation
import Lab
import NeuralNet
import TensorKit
import TerminalUI
import Testing
@testable import WorkbenchApp

@Suite(.serialized) struct TapeScreenTests {
    /// Key b on the paused MLP records its next minibatch: the ops in order, the backward pass,
    /// and each parameter's gradient checked by finite differences.
    @Test func theMLPsTapeListsItsOpsAndChecksItsGradients() throws {
        let pilot = try Pilot(width: 100, height: 30)
        try pilot.app.open(experiment: "basics.mlp-digits", running: false)
        #expect(pilot.waitUntil { $0.state == .paused && $0.stepsPerEpoch > 0 })
        pilot.press("b")
        #expect(pilot.app.screen == .tape)
        #expect(pilot.waitUntil { $0.tape?.step == 1 && $0.state == .paused })
        let tape = try #require(pilot.app.currentSnapshot?.tape?.tape)
        let rows = TapeRows(tape)
        #expect(tape.operations.map(\.name) == ["affine", "relu", "affine", "softmaxCrossEntropy"])
        #expect(tape.operations.map(\.shape) == [[32, 64], [32, 64], [32, 10], []])
        #expect(rows.rows == [.forward(0), .forward(1), .forward(2), .forward(3), .backward(3), .backward(2), .backward(1),
                              .backward(0), .check(0), .check(1), .check(2), .check(3)])
        #expect(tape.gradientChecks.count == 4 && tape.gradientChecks.allSatisfy { $0.agrees }, "\(tape.gradientChecks)")
        #expect(tape.lossIsRepeatable == true)
        for check in tape.gradientChecks {  // the check reads the gradient backprop left in the parameter
            let leaf = try #require(check.leaf)
            #expect(tape.leaves[leaf].gradient?.gradient.values?[check.index] == Float(check.analytic))
        }
        var text = pilot.text
        #expect(text.contains("Tape of step 1 — basics.mlp-digits"))
        #expect(text.contains("4 ops forward") && text.contains("finite differences: 4/4 agree"))
        #expect(text.contains("op 0: affine"))
        #expect(text.contains("in 2: parameter layers.0.weight [64,64]"), "\(text)")
        #expect(rows.markedRow == nil)

        pilot.press("down", "down", "down", "down")  // the loss's backward row
        text = pilot.text
        #expect(text.contains("op 3: softmaxCrossEntropy, backward"), "\(text)")
        #expect(text.contains("(softmax(z) - onehot(y)) / N"))
        pilot.press("end")
        #expect(pilot.text.contains("finite-difference check: layers.1.bias"), "\(pilot.text)")
        #expect(pilot.text.contains("they agree"))
        pilot.press("m")
        #expect(pilot.text.contains("no NaN, infinity or exploding gradient"))

        // Enter opens the op's tensors: the first affine's output, then its input images.
        pilot.press("home", "enter")
        #expect(pilot.text.contains("32 rows x 64 columns"), "\(pilot.text)")
        pilot.press("tab", "i")
        #expect(pilot.text.contains("image 1 of 32, 8x8"), "\(pilot.text)")
        pilot.press("right", "right")
        #expect(pilot.text.contains("image 3 of 32"))
        pilot.press("esc")
        #expect(!pilot.text.contains("image 3 of 32"))

        pilot.press("n")  // one more minibatch
        #expect(pilot.waitUntil { $0.tape?.step == 2 })
        #expect(pilot.text.contains("Tape of step 2"))
        pilot.press("esc")
        #expect(pilot.app.screen == .runner)
        #expect(pilot.app.currentSnapshot?.stepCount == 2 && pilot.app.currentSnapshot?.state == .paused)
    }

    @Test func theTapeOpensAtTheOpThatMadeANaN() throws {
        let pilot = try Pilot(width: 80, height: 24, extraEntries: [NaNOpExperiment.entry])
        try pilot.app.open(experiment: "test.nan-op", running: false)
        #expect(pilot.waitUntil { $0.state == .paused })
        pilot.press("n")
        #expect(pilot.waitUntil { $0.stepCount == 1 })
        pilot.press("b")
        #expect(pilot.waitUntil { $0.tape?.step == 2 })
        let recorded = try #require(pilot.app.currentSnapshot?.tape)
        #expect(recorded.failure?.contains("NaN") == true)
        #expect(recorded.tape.firstNonFinite == .operation(1))
        #expect(TapeRows(recorded.tape).markedRow == 1)
        // A NaN gradient never passes its finite-difference check.
        #expect(!recorded.tape.gradientChecks.isEmpty && recorded.tape.gradientChecks.allSatisfy { !$0.agrees })
        let text = pilot.text
        #expect(text.contains("op 1: log"), "\(text)")
        #expect(text.contains("non-finite first at op 1 log"))
        #expect(text.contains("NaN"))
        pilot.press("n")
        #expect(pilot.text.contains("cannot step now (diverged)"))
    }

    /// A recording's header parses, its times never decrease, and replaying it gives the screen.
    @Test func aRecordedSessionReplaysToTheLastFrame() throws {
        let pilot = try Pilot(width: 80, height: 24)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("session-\(UUID()).cast")
        defer { try? FileManager.default.removeItem(at: url) }
        try pilot.app.startRecording(to: url)
        let terminal = ScriptedTerminal(width: 80, height: 24, keys: ["down", "down", "down", "down", "down", "enter", "n", "t", "q"])
        pilot.app.run(on: terminal)
        let player = try AsciicastPlayer(contentsOf: url)
        #expect(player.header.version == 2 && player.header.width == 80 && player.header.height == 24)
        #expect(zip(player.events, player.events.dropFirst()).allSatisfy { $0.time <= $1.time })
        #expect(player.events.count >= 3)
        let last = try #require(terminal.frames.last)
        #expect(player.screen().lines() == last.lines())
        #expect(last.lines().joined().contains("rec"))
        #expect(throws: RecordingError.self) { try SessionRecording(url: URL(fileURLWithPath: "/no/such/folder/x.cast")) }
    }
}

/// Presents frames into memory and answers keys from a script, one per frame.
final class ScriptedTerminal: TerminalBackend {
    let size: (width: Int, height: Int)
    private var keys: [Key]
    private(set) var frames: [ScreenBuffer] = []

    init(width: Int, height: Int, keys: [String]) {
        size = (width, height)
        self.keys = keys.map { Key(scriptWord: $0)! }
    }

    func present(_ buffer: ScreenBuffer) { frames.append(buffer) }

    func nextKey(timeoutMilliseconds: Int) -> Key? {
        guard timeoutMilliseconds > 0, !keys.isEmpty else { return nil }
        usleep(20_000)
        return keys.removeFirst()
    }

    func suspend() {}
}

/// log(w x) with x = 1 on the first step and -1 after: the second step's log makes a NaN.
final class NaNOpExperiment: ExperimentRun {
    static let entry = ExperimentEntry(
        ExperimentDescriptor(id: "test.nan-op", title: "NaN op", topic: "basics", summary: "log of a negative number", datasets: []),
        settings: [.real("learning-rate", 0.01, in: 1e-3...1, logarithmic: true, live: true, "rate")]) { _ in NaNOpExperiment() }
    let weight = Tensor(shape: [2], data: [1, 2]).trainable()
    lazy var optimizer = SGD([NamedParameter("w", weight)], learningRate: 0.01)
    var steps = 0
    var stepsPerEpoch: Int { 10 }
    func step(_ settings: HyperparameterSet) throws -> StepReport {
        steps += 1
        let x = Tensor(shape: [2], data: [1, steps == 1 ? 1 : -1])
        let loss = optimizer.minimize(following: settings) { (weight * x).log().sum() }
        return StepReport(loss: loss.scalar, examples: 1)
    }
    func evaluate(_ settings: HyperparameterSet) throws -> [Metric] { [] }
    var parameters: [NamedParameter] { [NamedParameter("w", weight)] }
}
