import Testing
import TerminalUI
import TestSupport
@testable import ArchitectureSearch

@Suite struct LeaderboardPanelTests {
    func result(_ encoding: String, _ accuracy: Double, _ parameters: Int) -> ChildResult {
        ChildResult(architecture: .macro(MacroArchitecture(encoding: encoding)!), accuracy: accuracy, parameterCount: parameters,
                    seconds: 0.5, trainLoss: 0.1)
    }

    @Test func ranksDistinctArchitecturesByAccuracyThenSizeAndDrawsExpectedLines() {
        let history = [
            result("id-16 id-16 id-16 id-16", 0.9, 650),
            result("c3-16 mp-32 id-16 c5-32", 0.975, 33_482),
            result("c3-16 id-16 id-16 id-16", 0.975, 10_410),
            result("c3-16 id-16 id-16 id-16", 0.95, 10_410),  // the same architecture again, trained worse
        ]
        let panel = LeaderboardPanel(history: history, limit: 2)
        #expect(panel.entries.map(\.best.parameterCount) == [10_410, 33_482])
        #expect(panel.entries.map(\.count) == [2, 1])
        #expect(panel.contentHeight(width: 50) == 3)
        let lines = panel.lines(width: 60, height: 4).map { String($0.reversed().drop { $0 == " " }.reversed()) }
        #expect(lines == [
            " #  acc %  evals  params   sec  layers (3 distinct of 4 eval",
            " 1   97.5      2    10410   0.50  c3-16",
            " 2   97.5      1    33482   0.50  c3-16 → mp → c5-32",
            "",
        ])
    }

    @Test func staysInsideItsArea() {
        let panel = LeaderboardPanel(history: [result("c3-16 id-16 id-16 id-16", 0.5, 10)])
        #expect(confinementViolations(panel).isEmpty)
    }
}
