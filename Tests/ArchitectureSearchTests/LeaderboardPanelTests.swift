import Testing
import TerminalUI
@testable import ArchitectureSearch

@Suite struct LeaderboardPanelTests {
    func result(_ encoding: String, _ accuracy: Double, _ parameters: Int) -> ChildResult {
        ChildResult(architecture: .macro(MacroArchitecture(encoding: encoding)!), accuracy: accuracy, parameterCount: parameters,
                    seconds: 0.5, trainLoss: 0.1)
    }

    @Test func ranksByAccuracyThenSizeAndDrawsExpectedLines() {
        let history = [
            result("id-16 id-16 id-16 id-16", 0.9, 650),
            result("c3-16 mp-32 id-16 c5-32", 0.975, 33_482),
            result("c3-16 id-16 id-16 id-16", 0.975, 10_410),
        ]
        let panel = LeaderboardPanel(history: history, limit: 2)
        #expect(panel.entries.map(\.parameterCount) == [10_410, 33_482])
        var buffer = ScreenBuffer(width: 50, height: 4)
        panel.render(in: Rect(x: 0, y: 0, width: 50, height: 4), into: &buffer)
        let lines = buffer.lines().map { String($0.reversed().drop { $0 == " " }.reversed()) }
        #expect(lines == [
            " #  acc %  params   sec  layers (of 3 evaluated)",
            " 1   97.5    10410   0.50  c3-16",
            " 2   97.5    33482   0.50  c3-16 → mp → c5-32",
            "",
        ])
    }

    @Test func staysInsideTinyAreas() {
        let panel = LeaderboardPanel(history: [result("c3-16 id-16 id-16 id-16", 0.5, 10)])
        for size in [(0, 0), (1, 1), (5, 1)] {
            var buffer = ScreenBuffer(width: 10, height: 4)
            panel.render(in: Rect(x: 3, y: 2, width: size.0, height: size.1), into: &buffer)
            for y in 0..<4 { for x in 0..<10 where !(x >= 3 && x < 3 + size.0 && y >= 2 && y < 2 + size.1) {
                #expect(buffer[x, y].character == " ", "wrote outside at \(x),\(y) for \(size)")
            } }
        }
    }
}
