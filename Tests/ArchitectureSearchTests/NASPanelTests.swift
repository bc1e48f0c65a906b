import Testing
import TerminalUI
@testable import ArchitectureSearch

/// The topic panels against the exact lines they draw.
struct NASPanelTests {
    func lines(_ panel: some TopicPanelLike, width: Int, height: Int) -> [String] {
        var buffer = ScreenBuffer(width: width, height: height)
        panel.render(in: Rect(x: 0, y: 0, width: width, height: height), into: &buffer)
        return buffer.lines().map { String($0.reversed().drop { $0 == " " }.reversed()) }
    }

    @Test func rewardPanelPlotsRewardAndBaseline() {
        let panel = RewardPanel(rewards: [0.2, 0.6, 1.0], baselines: [0.2, 0.28, 0.424])
        #expect(lines(panel, width: 44, height: 4) == [
            "* reward 1.000  - baseline 0.424  (3 updates)",
            "                                           *",
            "                      *                    -",
            "-                     -",
        ].map { String($0.prefix(44)) })
    }

    @Test func regretPanelDrawsOneLetterPerStrategy() {
        #expect(RegretPanel(curves: [("random", []), ("evolution", []), ("reinforce", [])]).symbols == ["r", "e", "R"])
        let panel = RegretPanel(curves: [("random", [0.4, 0.2, 0.0]), ("evolution", [0.4, 0.4, 0.2])])
        #expect(lines(panel, width: 30, height: 4) == [
            "r random 0.0000  e evolution 0",
            "e              e",
            "               r             e",
            "                             r",
        ].map { String($0.prefix(30)) })
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
        let drawn = lines(panel, width: 21, height: 5)
        #expect(drawn[0] == "# Pareto front (3 of")
        #expect(drawn[1].last == "#" && drawn[4].contains("·"))
    }

    @Test func panelsStayInsideTinyAreas() {
        let panels: [any TopicPanelLike] = [
            RewardPanel(rewards: [0.1, 0.9], baselines: [0.1, 0.5]),
            RegretPanel(curves: [("random", [0.1])]),
            CellDiagramPanel(cell: CellSpace.benchmark.architecture(index: 100), accuracy: 0.5),
        ]
        for panel in panels {
            for size in [(0, 0), (1, 1), (4, 2)] {
                var buffer = ScreenBuffer(width: 10, height: 5)
                panel.render(in: Rect(x: 3, y: 2, width: size.0, height: size.1), into: &buffer)
                for y in 0..<5 { for x in 0..<10 where !(x >= 3 && x < 3 + size.0 && y >= 2 && y < 2 + size.1) {
                    #expect(buffer[x, y].character == " ")
                } }
            }
        }
    }
}

/// Any widget (the panels are TopicPanels, which are Widgets).
typealias TopicPanelLike = Widget
