import Testing
@testable import TerminalUI

@Suite struct ScreenBufferTests {
    @Test func writesStringAndReportsColumns() {
        var buffer = ScreenBuffer(width: 6, height: 1)
        let used = buffer.set(string: "abc", at: (1, 0))
        #expect(used == 3)
        #expect(buffer.lines() == [" abc"])
        #expect(buffer.lines(trimmingTrailingSpaces: false) == [" abc  "])
    }

    @Test func clipsToRectangle() {
        var buffer = ScreenBuffer(width: 10, height: 2)
        let used = buffer.set(string: "abcdef", at: (0, 0), clippedTo: Rect(x: 2, y: 0, width: 3, height: 1))
        #expect(used == 5)
        #expect(buffer.lines() == ["  cde", ""])
        // A row outside the clip writes nothing.
        #expect(buffer.set(string: "zz", at: (0, 1), clippedTo: Rect(x: 0, y: 0, width: 10, height: 1)) == 0)
        #expect(buffer.lines() == ["  cde", ""])
    }

    @Test func wideCharactersTakeTwoCells() {
        var buffer = ScreenBuffer(width: 6, height: 1)
        #expect(buffer.set(string: "a中b", at: (0, 0)) == 4)
        #expect(buffer.lines() == ["a中b"])
        #expect(buffer[1, 0].character == "中")
        #expect(buffer[2, 0].isContinuation)
        #expect(buffer[3, 0].character == "b")
    }

    @Test func wideCharacterThatWouldStraddleTheEdgeIsDropped() {
        var buffer = ScreenBuffer(width: 3, height: 1)
        #expect(buffer.set(string: "ab中", at: (0, 0)) == 2)
        #expect(buffer.lines(trimmingTrailingSpaces: false) == ["ab "])
    }

    @Test func overwritingHalfAWideCharacterBlanksTheOtherHalf() {
        var buffer = ScreenBuffer(width: 4, height: 1)
        buffer.set(string: "中中", at: (0, 0))
        buffer.set(string: "x", at: (1, 0))
        #expect(buffer.lines() == [" x中"])
        #expect(!buffer[1, 0].isContinuation)
        buffer.set(string: "y", at: (2, 0))
        #expect(buffer.lines() == [" xy"])
        #expect(!buffer[3, 0].isContinuation)
    }

    @Test func writingPatchesStyleOverExistingCells() {
        var buffer = ScreenBuffer(width: 3, height: 1)
        buffer.fill(buffer.area, style: Style(background: .blue))
        buffer.set(string: "ab", at: (0, 0), style: Style(foreground: .red, attributes: .bold))
        #expect(buffer[0, 0].style == Style(foreground: .red, background: .blue, attributes: .bold))
        #expect(buffer[2, 0].style == Style(background: .blue))
    }

    @Test func outOfRangeAccessIsHarmless() {
        var buffer = ScreenBuffer(width: 2, height: 2)
        buffer[5, 5] = Cell("x")
        buffer[-1, 0] = Cell("x")
        #expect(buffer[5, 5] == .blank)
        #expect(buffer.lines() == ["", ""])
        var empty = ScreenBuffer(width: 0, height: 0)
        empty.set(string: "abc", at: (0, 0))
        #expect(empty.lines() == [])
    }

    @Test func diffListsChangedCellsInRowOrder() {
        var old = ScreenBuffer(width: 4, height: 2)
        old.set(string: "abcd", at: (0, 0))
        var new = old
        #expect(new.diff(from: old).isEmpty)
        new.set(string: "X", at: (1, 0))
        new.set(string: "Y", at: (3, 1))
        new.applyStyle(Style(attributes: .bold), to: Rect(x: 0, y: 1, width: 1, height: 1))
        let changes = new.diff(from: old)
        #expect(changes.map { [$0.x, $0.y] } == [[1, 0], [0, 1], [3, 1]])
        #expect(changes[0].cell.character == "X")
        #expect(changes[1].cell.style.attributes == .bold)
    }

    @Test func diffSkipsContinuationCellsAndRedrawsAllOnResize() {
        let old = ScreenBuffer(width: 4, height: 1)
        var new = old
        new.set(string: "中", at: (1, 0))
        #expect(new.diff(from: old).map(\.x) == [1])
        let bigger = ScreenBuffer(width: 5, height: 2)
        #expect(bigger.diff(from: old).count == 10)
    }
}

@Suite struct CoreValueTests {
    @Test(arguments: [
        ("a", 1), ("中", 2), ("한", 2), ("Ａ", 2), ("😀", 2), ("❤️", 2), ("e\u{301}", 1),
        ("\u{301}", 0), ("\t", 0), ("⠑", 1), ("─", 1), ("█", 1), ("…", 1), ("×", 1),
    ] as [(String, Int)])
    func displayWidth(text: String, width: Int) {
        #expect(DisplayWidth.of(Character(text)) == width)
    }

    @Test func stringWidthAddsGraphemes() {
        #expect(DisplayWidth.of("ab中😀") == 6)
    }

    @Test func stylePatching() {
        let base = Style(foreground: .red, attributes: .bold)
        #expect(base.patched(with: Style(background: .blue, attributes: .underline))
                == Style(foreground: .red, background: .blue, attributes: [.bold, .underline]))
        #expect(base.patched(with: Style(foreground: .green)).foreground == .green)
        #expect(base.patched(with: Style()) == base)
        #expect(base.removing(.bold).attributes == [])
    }

    @Test func colorIndices() {
        #expect(Color.default.paletteIndex == nil)
        #expect(Color.red.paletteIndex == 1)
        #expect(Color.brightWhite.paletteIndex == 15)
        #expect(Color.indexed(200).paletteIndex == 200)
        #expect(Color.grey(0) == .indexed(232))
        #expect(Color.grey(1) == .indexed(255))
        #expect(Color.grey(0.5) == .indexed(244))
        #expect(Color.cube(red: 5, green: 0, blue: 0) == .indexed(196))
    }

    @Test func rectHelpers() {
        let rect = Rect(x: 2, y: 3, width: 10, height: 4)
        #expect(rect.inset(by: 1) == Rect(x: 3, y: 4, width: 8, height: 2))
        #expect(rect.inset(by: 3).isEmpty)
        #expect(rect.inset(top: 1, left: 2) == Rect(x: 4, y: 4, width: 8, height: 3))
        #expect(rect.intersection(Rect(x: 0, y: 0, width: 5, height: 5)) == Rect(x: 2, y: 3, width: 3, height: 2))
        #expect(rect.intersection(Rect(x: 50, y: 50, width: 5, height: 5)).isEmpty)
        #expect(rect.contains(x: 2, y: 3))
        #expect(!rect.contains(x: 12, y: 3))
        #expect(rect.contains(Rect(x: 3, y: 4, width: 2, height: 2)))
        #expect(Rect(x: 0, y: 0, width: -3, height: 2).width == 0)
        #expect(rect.bottomRows(1) == Rect(x: 2, y: 6, width: 10, height: 1))
        #expect(rect.rightColumns(3) == Rect(x: 9, y: 3, width: 3, height: 4))
        #expect(rect.centered(width: 4, height: 2) == Rect(x: 5, y: 4, width: 4, height: 2))
    }

    @Test func truncation() {
        #expect("abcdef".truncated(toWidth: 4, ellipsis: "…") == "abc…")
        #expect("abc".truncated(toWidth: 3, ellipsis: "…") == "abc")
        #expect("中中中".truncated(toWidth: 4, ellipsis: "~") == "中~")
        let line = StyledLine([Span("ab", style: Style(attributes: .bold)), Span("cdef")])
        #expect(line.truncated(to: 4).text == "abc…")
        #expect(line.truncated(to: 4).spans[0].style.attributes == .bold)
    }
}
