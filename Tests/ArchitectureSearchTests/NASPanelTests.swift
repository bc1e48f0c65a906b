import Testing
import TerminalUI
import TopicViews
import TestSupport
@testable import ArchitectureSearch

/// The topic panels: what they write, and that they stay inside their area.
struct NASPanelTests {
    func lines(_ panel: some TopicPanel, width: Int, height: Int, appearance: Appearance = .standard) -> [String] {
        panel.lines(width: width, height: height, appearance: appearance).map { String($0.reversed().drop { $0 == " " }.reversed()) }
    }

    @Test func rewardPanelPlotsRewardAndBaselineOnAxes() {
        let panel = RewardPanel(rewards: [0.2, 0.6, 1.0], baselines: [0.2, 0.28, 0.424])
        let drawn = lines(panel, width: 60, height: 10)
        #expect(drawn[0] == "reward 1.000  baseline 0.424  (3 updates)")
        let text = drawn.joined(separator: "\n")
        #expect(text.contains("reward") && text.contains("baseline") && text.contains("update"))   // legend and axis title
        #expect(drawn.dropFirst().contains { $0.contains("┤") })  // a y axis with ticks
    }

    @Test func regretPanelNamesEveryStrategyAndItsLastRegret() {
        let panel = RegretPanel(curves: [("random", [0.4, 0.2, 0.0]), ("evolution", [0.4, 0.4, 0.2])])
        let drawn = lines(panel, width: 70, height: 10)
        #expect(drawn[0] == "regret after the last evaluation: random 0.0000, evolution 0.2000")
        #expect(drawn.joined().contains("evaluations"))
    }

    @Test func cellDiagramListsEachNodesInputs() {
        let cell = CellArchitecture(operations: [.conv3x3, .skip, .zero, .zero, .conv1x1, .avgPool3x3])
        #expect(lines(CellDiagramPanel(cell: cell, accuracy: 0.9625), width: 40, height: 6) == [
            "n0 = stem output      accuracy 96.2 %",
            "n1 ← conv3x3(n0)",
            "n2 ← skip(n0)",
            "n3 ← conv1x1(n1) + avgpool(n2)",
            "output = n3",
            "",
        ])
    }

    @Test func paretoFrontKeepsOnlyUndominatedChildren() {
        let points: [(parameters: Int, accuracy: Double)] = [(100, 0.5), (1000, 0.9), (500, 0.4), (10_000, 0.95), (2000, 0.8)]
        #expect(ParetoPanel.front(points) == [0, 1, 3])
        let panel = ParetoPanel(history: points.map {
            ChildResult(architecture: .cell(CellSpace.benchmark.architecture(index: 0)), accuracy: $0.accuracy,
                        parameterCount: $0.parameters, seconds: 0, trainLoss: 0)
        })
        let drawn = lines(panel, width: 60, height: 12)
        #expect(drawn[0] == "Pareto front: 3 of 5 children")
        #expect(drawn.joined().contains("parameters (log)"))
    }

    @Test func panelsFollowTheAppearanceAndStayInsideTheirArea() {
        let panels: [any TopicPanel] = [
            RewardPanel(rewards: [0.1, 0.9], baselines: [0.1, 0.5]),
            RegretPanel(curves: [("random", [0.1])]),
            CellDiagramPanel(cell: CellSpace.benchmark.architecture(index: 100), accuracy: 0.5),
            ParetoPanel(history: [ChildResult(architecture: .cell(CellSpace.benchmark.architecture(index: 5)), accuracy: 0.7,
                                              parameterCount: 300, seconds: 1, trainLoss: 0.5)]),
        ]
        for panel in panels {
            #expect(confinementViolations(panel).isEmpty, "\(confinementViolations(panel).prefix(3))")
        }
        // The ASCII glyphs reach the charts: no braille or box drawing.
        let ascii = Appearance(theme: .monochrome, glyphs: .ascii)
        let drawn = RewardPanel(rewards: [0.1, 0.5, 0.9], baselines: [0.1, 0.3, 0.5]).lines(width: 50, height: 10, appearance: ascii)
        #expect(drawn.joined().allSatisfy { $0.isASCII }, "\(drawn.joined(separator: "\n"))")
    }
}
