import Testing
import Lab
import TerminalUI
import TestSupport
import TopicViews
@testable import Multitask

/// The topic's panels, rendered into buffers and compared line by line.
@Suite struct PanelTests {
    static func history() -> TaskHistory {
        var history = TaskHistory(taskNames: ["left", "right"])
        history.record(step: 1, losses: [2.3, 2.2], weights: [1, 1], cosine: 0.5)
        history.record(step: 2, losses: [1.9, 2.0], weights: [0.9, 1.1], cosine: -0.5)
        history.record(step: 3, losses: [1.5, 1.8], weights: [0.8, 1.2], cosine: -0.4)
        return history
    }

    func lines(_ panel: some TopicPanel, width: Int, height: Int) -> [String] {
        panel.lines(width: width, height: height)
    }

    func hasBraille(_ line: String) -> Bool {
        line.unicodeScalars.contains { (0x2801...0x28FF).contains($0.value) }
    }

    @Test func gateHeatmapShowsEachTasksMeanWeightPerExpert() {
        let panel = GateHeatmapPanel(gates: [[0.5, 0.25, 0.25], [0.1, 0.2, 0.7]], taskNames: ["left", "right"])
        #expect(lines(panel, width: 24, height: 3) == [
            "          e1    e2    e3",
            "left     0.5  0.25  0.25",
            "right    0.1   0.2   0.7",
        ])
        #expect(panel.title == "MMoE gates")
    }

    @Test func weightPanelSummarisesTheLatestWeightsOverTheirChart() {
        let rendered = lines(TaskWeightPanel(history: Self.history()), width: 40, height: 8)
        #expect(rendered[0] == "weight  left 0.80  right 1.20")
        #expect(rendered[1...].contains { hasBraille($0) })
        // One row: only the summary.
        #expect(lines(TaskWeightPanel(history: Self.history()), width: 40, height: 1) == ["weight  left 0.80  right 1.20"])
    }

    @Test func lossPanelSummarisesTheLatestLosses() {
        let rendered = lines(TaskLossPanel(history: Self.history()), width: 40, height: 8)
        #expect(rendered[0] == "loss  left 1.50  right 1.80")
        #expect(rendered[1...].contains { hasBraille($0) })
        #expect(lines(TaskLossPanel(history: TaskHistory(taskNames: ["a", "b"])), width: 20, height: 1) == ["loss  a -  b -"])
    }

    @Test func conflictMeterNamesTheRecentMeanCosine() {
        let rendered = lines(GradientConflictPanel(history: Self.history()), width: 50, height: 8)
        #expect(rendered[0] == "cos -0.40  mean of last 3 -0.13 (conflict)")
        #expect(rendered[1...].contains { hasBraille($0) })
        #expect(GradientConflictPanel.verdict(0.3) == "agree" && GradientConflictPanel.verdict(0) == "unrelated")
        #expect(lines(GradientConflictPanel(history: TaskHistory(taskNames: ["a", "b"])), width: 10, height: 1) == ["cos -"])
    }

    @Test func panelsStayInsideTheirAreaAndSurviveTinyOnes() {
        let panels: [any TopicPanel] = [
            TaskLossPanel(history: Self.history()), TaskWeightPanel(history: Self.history()),
            GradientConflictPanel(history: Self.history()),
            GateHeatmapPanel(gates: [[0.5, 0.5], [0.9, 0.1]], taskNames: ["a", "b"]),
        ]
        for panel in panels {
            #expect(confinementViolations(panel).isEmpty, "\(confinementViolations(panel).prefix(3))")
        }
    }
}
