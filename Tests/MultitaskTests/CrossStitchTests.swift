import Testing
import Lab
import NeuralNet
import TensorKit
import TerminalUI
import TestSupport
import TopicViews
@testable import Multitask

/// Cross-stitch units: their mixing, gradient, initialisation, the two-column network on
/// MultiFashion, and the weights panel.
@Suite(.serialized) struct CrossStitchTests {
    @Test func unitMixesEachChannelOfTheTwoColumns() {
        let unit = CrossStitchUnit(channels: 2, sameTask: 0.9)
        #expect(zip(unit.alpha.data, [0.9, 0.9, 0.1, 0.1, 0.1, 0.1, 0.9, 0.9] as [Float]).allSatisfy { abs($0 - $1) < 1e-6 })
        unit.alpha.data = [1, 2, 3, 4, 5, 6, 7, 8]  // rows AA, AB, BA, BB; columns the two channels
        // [1, 2 channels, 2 positions]
        let a = Tensor(shape: [1, 2, 2], data: [1, 1, 10, 10]), b = Tensor(shape: [1, 2, 2], data: [2, 2, 20, 20])
        let (left, right) = unit(a, b)
        // channel 0: A = 1*1 + 3*2 = 7, B = 5*1 + 7*2 = 19; channel 1: A = 2*10 + 4*20 = 100, B = 6*10 + 8*20 = 220.
        #expect(left.data == [7, 7, 100, 100] && right.data == [19, 19, 220, 220])
        let (denseLeft, _) = unit(Tensor([[1, 10]]), Tensor([[2, 20]]))
        #expect(denseLeft.data == [7, 100])
    }

    /// The paper's eqs. 2-3 (dx_A = α_AA g_A + α_BA g_B, dα_AB = Σ g_A x_B ...) as the engine
    /// derives them, against finite differences, on a convolutional map and a dense layer.
    @Test func unitGradientMatchesFiniteDifferences() {
        var tensors = TestTensors(seed: 11)
        let unit = CrossStitchUnit(channels: 3, sameTask: 0.7)
        unit.alpha.data = tensors.uniform([4, 3]).data
        let maps = GradientCheck.check([tensors.uniform([2, 3, 2, 2]), tensors.uniform([2, 3, 2, 2]), unit.alpha]) { t in
            let (left, right) = unit(t[0], t[1])
            return Tensor.concatenate([left.reshaped([2, -1]), right.reshaped([2, -1])], axis: 1)
        }
        #expect(maps.worstError < 2e-2, "\(maps)")
        let dense = GradientCheck.check([tensors.uniform([4, 3]), tensors.uniform([4, 3]), unit.alpha]) { t in
            let (left, right) = unit(t[0], t[1])
            return Tensor.concatenate([left, right], axis: 1)
        }
        #expect(dense.worstError < 2e-2, "\(dense)")
    }

    /// The two single-task networks' 62,800 weights plus 4 x (10 + 20 + 50) α; with α = identity
    /// the columns compute exactly the two single networks.
    @Test func networkIsTwoLeNetColumnsPlusTheUnits() {
        var generator = SeededGenerator(seed: 1)
        let nets = CrossStitchNets(sameTask: 1, using: &generator)
        #expect(nets.parameterCount == 63_120)
        #expect(nets.columns.parameterCount == 62_800)
        var tensors = TestTensors(seed: 2)
        let x = tensors.uniform([3, 1, 36, 36], 0...1)
        let stitched = nets.logits(x), separate = nets.columns.logits(x)
        for task in 0..<2 {
            #expect(zip(stitched[task].data, separate[task].data).allSatisfy { abs($0 - $1) < 1e-5 })
        }
    }

    @Test func crossStitchLearnsBothTasksAndItsWeightsMove() throws {
        let session = try MultiFashion.entry.session(["model=cross-stitch", "train-size=2000", "test-size=500", "batch-size=50"])
        let before = try session.evaluate()
        let first = try session.runEpoch()
        let last = try session.runEpoch()
        #expect(last.trainLoss < first.trainLoss)
        for task in ["left", "right"] {
            #expect(before.first { $0.name == "\(task) accuracy" }!.value < 0.2)
            #expect(last.metric("\(task) accuracy")! > 0.3, "\(task): \(last.metrics)")
        }
        #expect(session.run.parameters.reduce(0) { $0 + $1.tensor.count } == 63_120)
        let panels = session.panels
        #expect(panels.map(\.title) == ["Task losses", "Task weights", "Cross-stitch weights"])
        let stitch = try #require(panels.last as? CrossStitchPanel)
        #expect(stitch.history.count == 80)
        #expect(stitch.history.first!.means.count == 3)
        #expect(stitch.history.last!.means != stitch.history.first!.means, "α never changed")
        for panel in panels { #expect(confinementViolations(panel).isEmpty) }
    }

    @Test func panelSummarisesSameAndDifferentTaskWeights() {
        let history: [(step: Int, means: [[Double]])] = [
            (1, [[0.9, 0.1, 0.1, 0.9], [0.9, 0.1, 0.1, 0.9]]),
            (2, [[0.8, 0.3, 0.1, 0.9], [0.9, 0.05, 0.15, 0.9]]),
        ]
        let panel = CrossStitchPanel(history: history, unitNames: ["conv1", "fc"])
        let rendered = panel.lines(width: 60, height: 12)
        #expect(rendered[0] == "α_S/α_D  conv1 0.85/0.20  fc 0.90/0.10")
        #expect(rendered.contains { $0.hasPrefix("conv1 ") && $0.hasSuffix("0.800  0.300  0.100  0.900") }, "\(rendered)")
        #expect(rendered.dropFirst().contains { $0.unicodeScalars.contains { (0x2801...0x28FF).contains($0.value) } })
        #expect(CrossStitchPanel(history: [], unitNames: ["fc"]).lines(width: 30, height: 3)[0].hasPrefix("α_S / α_D  -"))
        #expect(confinementViolations(panel).isEmpty)
    }

    /// At 80x24 (a 46x7 panel) the three units' summary is compact rather than cut at the edge,
    /// and the table shows all three units.
    @Test func narrowPanelShowsEveryUnitWithoutCuttingANumber() {
        let means: [[Double]] = [[0.98, 0.09, 0.09, 0.98], [0.9, 0.11, 0.11, 0.9], [0.94, 0.09, 0.09, 0.94]]
        let panel = CrossStitchPanel(history: [(1, means), (2, means)], unitNames: ["conv1", "conv2", "fc"])
        let rendered = panel.lines(width: 46, height: 7)
        #expect(rendered[0] == "α_S/α_D conv1 .98/.09 conv2 .90/.11 fc .94/.09", "\(rendered)")
        for unit in ["conv1 ", "conv2 ", "fc "] { #expect(rendered.contains { $0.hasPrefix(unit) }, "\(rendered)") }
        // Too narrow for either form: no summary rather than a cut one.
        #expect(!panel.lines(width: 30, height: 7)[0].contains("α_S"))
    }
}
