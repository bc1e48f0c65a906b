import Testing
import TerminalUI
import TestSupport
import TopicViews

/// The one confusion-matrix panel every classification topic uses.
@Suite struct ConfusionMatrixPanelTests {
    let panel = ConfusionMatrixPanel(truth: [0, 0, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2],
                                     predictions: [0, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 2],
                                     classNames: ["cat", "dog", "owl"])

    @Test func countsTruthAgainstGuesses() {
        #expect(panel.counts == [[1, 1, 0], [0, 2, 1], [1, 0, 10]])
        #expect(panel.contentHeight(width: 40) == 5)
    }

    /// Every count is written, confusions included, so they show without colour; zeros are dots.
    @Test func writesEveryCountWithoutColour() {
        let mono = Appearance(theme: .monochrome, glyphs: .unicode)
        let lines = panel.lines(width: 30, height: 5, appearance: mono).map { String($0.reversed().drop { $0 == " " }.reversed()) }
        #expect(lines == [
            "        0  1  2",
            "0 cat   1  1  ·",
            "1 dog   ·  2  1",
            "2 owl   1  · 10",
            "rows: true class, columns: pre",
        ])
        let ascii = panel.lines(width: 30, height: 5, appearance: Appearance(theme: .monochrome, glyphs: .ascii))
        #expect(ascii[2].hasPrefix("1 dog   .  2  1"))
    }

    @Test func coloursConfusionsByTheirShareOfTheRow() {
        var buffer = ScreenBuffer(width: 30, height: 5)
        panel.render(in: buffer.area, into: &buffer, appearance: .standard)
        // The diagonal entry of "owl" (10 of 11) is tinted at the hot end of the ramp, its confusion less.
        let diagonal = buffer[14, 3].style.background, confusion = buffer[8, 3].style.background
        #expect(diagonal != nil && confusion != nil && diagonal != confusion)
    }

    @Test func staysInsideItsArea() {
        #expect(confinementViolations(panel).isEmpty)
        #expect(confinementViolations(ConfusionMatrixPanel(counts: [], classNames: [])).isEmpty)
    }
}
