import Testing
@testable import TerminalUI

@Suite struct TableTests {
    static let table = Table(
        columns: [Table.Column("name"), Table.Column("acc", width: .fixed(5))],
        rows: [["alpha", "0.91"], ["a-very-long-name", "0.5"], ["gamma", "12%"]],
        selectedRow: 2)

    @Test func truncatesAlignsNumbersAndScrollsToSelection() {
        // 14 columns: "name" gets 14 - 1 - 5 = 8. Two data rows fit, so the selection (row 2)
        // scrolls the view to rows 1...2.
        #expect(lines(Self.table, width: 14, height: 3) == [
            "name       acc",
            "a-very-…   0.5",
            "gamma      12%",
        ])
    }

    @Test func selectedRowIsHighlightedAcrossTheWidth() {
        let buffer = render(Self.table, width: 14, height: 3)
        for x in 0 ..< 14 { #expect(buffer[x, 2].style == Theme.standard.highlight) }
        #expect(buffer[0, 1].style == Theme.standard.text)
        #expect(buffer[0, 0].style == Theme.standard.title)
    }

    @Test func asciiEllipsisAndNoSelection() {
        var table = Self.table
        table.glyphs = .ascii
        table.selectedRow = nil
        #expect(lines(table, width: 14, height: 4) == [
            "name       acc",
            "alpha     0.91",
            "a-very-~   0.5",
            "gamma      12%",
        ])
    }

    @Test func aWideningCellTakesColumnsFromItsLeftNeighbourInItsRowOnly() {
        // "value" is 5 columns wide; "cross-entropy" takes 8 more from "setting" in its row (cut
        // to "learn…" there), the other rows keep the full width of "setting".
        let table = Table(columns: [Table.Column("setting"), Table.Column("value", width: .fixed(5), alignment: .right, widensLeft: true)],
                          rows: [["learning-rate", "0.001"], ["loss", "cross-entropy"], ["learning-rate", "cross-entropy"]])
        #expect(lines(table, width: 20, height: 4) == [
            "setting        value",
            "learning-rate  0.001",
            "loss   cross-entropy",
            "learn… cross-entropy",
        ])
        // The left cell keeps one column however wide the value; a value wider still is cut.
        #expect(lines(table, width: 8, height: 4) == [
            "s… value",
            "l… 0.001",
            "… cross…",
            "… cross…",
        ])
    }

    @Test func pathTruncationShortensLeadingComponents() {
        let table = Table(columns: [Table.Column("parameter", truncation: .path), Table.Column("|w|", width: .fixed(4))],
                          rows: [["classifier.conv0.weight", "5.71"], ["net1.trunk.conv1.bias", "0.3"], ["a.b", "1"]])
        #expect(lines(table, width: 20, height: 4) == [
            "parameter        |w|",
            "c.conv0.weight  5.71",
            "n.t.conv1.bias   0.3",
            "a.b                1",
        ])
        #expect("classifier.conv0.weight".abbreviatedPath(toWidth: 23, ellipsis: "…") == "classifier.conv0.weight")
        #expect("classifier.conv0.weight".abbreviatedPath(toWidth: 16, ellipsis: "…") == "c.conv0.weight")
        #expect("net1.trunk.conv1.weight".abbreviatedPath(toWidth: 20, ellipsis: "…") == "n.trunk.conv1.weight")
        // Still too long with every leading component shortened: cut in the middle.
        #expect("a.b.a-very-long-parameter-name".abbreviatedPath(toWidth: 12, ellipsis: "~") == "a.b.~er-name")
    }

    @Test(arguments: [
        (nil, 3, 5, 3), (0, 3, 5, 0), (10, 0, 5, 6), (4, 0, 5, 0), (7, 3, 5, 3), (2, 0, 0, 0),
    ] as [(Int?, Int, Int, Int)])
    func scrollOffset(selection: Int?, current: Int, visible: Int, expected: Int) {
        #expect(Table.scrollOffset(forSelection: selection, currentOffset: current, visibleRows: visible) == expected)
    }

    @Test func explicitAlignmentsAndMissingCells() {
        let table = Table(columns: [Table.Column("l", width: .fixed(3), alignment: .right),
                                    Table.Column("c", width: .fixed(5), alignment: .center)],
                          rows: [["a", "b"], ["x"]])
        #expect(lines(table, width: 9, height: 3) == ["  l   c", "  a   b", "  x"])
    }

    @Test func numericDetection() {
        for text in ["0.91", "-3e-4", "12%", "1.2k", " 7 "] { #expect(Table.looksNumeric(text), "\(text)") }
        for text in ["", "abc", "1.2.3", "%"] { #expect(!Table.looksNumeric(text), "\(text)") }
    }
}
