import Testing
@testable import TerminalUI

@Suite struct BlockTests {
    @Test func roundedBorderWithTitle() {
        let block = Block(title: "Loss")
        #expect(lines(block, width: 12, height: 4) == [
            "╭ Loss ────╮",
            "│          │",
            "│          │",
            "╰──────────╯",
        ])
        #expect(block.inner(Rect(x: 0, y: 0, width: 12, height: 4)) == Rect(x: 1, y: 1, width: 10, height: 2))
    }

    @Test func plainBorderWithRightTitle() {
        let block = Block(title: "A", rightTitle: "3/5", border: .plain)
        #expect(lines(block, width: 14, height: 3) == [
            "┌ A ──── 3/5 ┐",
            "│            │",
            "└────────────┘",
        ])
    }

    @Test func rightTitleIsLeftOutWhenItDoesNotFitWhole() {
        // 20 columns fit "v: trade-off" beside "A" with one rule between; at 19 the hint is left
        // out rather than cut to "v: trade-…".
        #expect(lines(Block(title: "A", rightTitle: "v: trade-off", border: .plain), width: 20, height: 2) == [
            "┌ A ─ v: trade-off ┐",
            "└──────────────────┘",
        ])
        #expect(lines(Block(title: "A", rightTitle: "v: trade-off", border: .plain), width: 19, height: 2) == [
            "┌ A ──────────────┐",
            "└─────────────────┘",
        ])
        // A compact form is drawn where the full one does not fit.
        #expect(lines(Block(title: "A", rightTitle: "p: Reconstructions ›", compactRightTitle: "p: next ›", border: .plain),
                      width: 19, height: 2) == ["┌ A ─── p: next › ┐", "└─────────────────┘"])
    }

    @Test func longTitleIsTruncated() {
        #expect(lines(Block(title: "Very long title"), width: 8, height: 2) == [
            "╭ Very…╮",
            "╰──────╯",
        ])
    }

    @Test func asciiBorder() {
        #expect(lines(Block(title: "T", border: .plain, glyphs: .ascii), width: 5, height: 3) == [
            "+ T +",
            "|   |",
            "+---+",
        ])
    }

    @Test func focusedBorderUsesFocusedStyle() {
        let theme = Theme.standard
        let focused = render(Block(isFocused: true, theme: theme), width: 4, height: 3)
        #expect(focused[0, 0].style == theme.focusedBorder)
        let plain = render(Block(theme: theme), width: 4, height: 3)
        #expect(plain[0, 1].style == theme.border)
    }

    @Test func borderlessBlockPutsTitleOnFirstRow() {
        let block = Block(title: "Notes", border: .none)
        #expect(lines(block, width: 10, height: 2) == [" Notes", ""])
        #expect(block.inner(Rect(x: 0, y: 0, width: 10, height: 2)) == Rect(x: 0, y: 1, width: 10, height: 1))
    }
}

@Suite struct ParagraphTests {
    static let text = "the quick brown fox jumps"

    @Test func wrapsAtWordBoundaries() {
        #expect(lines(Paragraph(text: Self.text), width: 10, height: 3) == ["the quick", "brown fox", "jumps"])
    }

    @Test func scrollOffsetSkipsWrappedLines() {
        #expect(lines(Paragraph(text: Self.text, scrollOffset: 1), width: 10, height: 3) == ["brown fox", "jumps", ""])
        #expect(lines(Paragraph(text: Self.text, scrollOffset: 9), width: 10, height: 2) == ["", ""])
    }

    @Test(arguments: [
        (Alignment.right, [" the quick", " brown fox", "     jumps"]),
        (Alignment.center, ["the quick", "brown fox", "  jumps"]),
    ])
    func alignment(alignment: Alignment, expected: [String]) {
        #expect(lines(Paragraph(text: Self.text, alignment: alignment), width: 10, height: 3) == expected)
    }

    @Test func breaksWordsLongerThanTheWidth() {
        #expect(lines(Paragraph(text: "abcdefghij"), width: 4, height: 3) == ["abcd", "efgh", "ij"])
    }

    @Test func withoutWrapLinesAreCut() {
        #expect(lines(Paragraph(text: "hello world", wraps: false), width: 5, height: 1) == ["hello"])
    }

    @Test func keepsBlankLinesAndSpanStyles() {
        #expect(lines(Paragraph(text: "a\n\nb"), width: 5, height: 3) == ["a", "", "b"])
        let line = StyledLine([Span("bold", style: Style(attributes: .bold)), Span(" plain")])
        let buffer = render(Paragraph([line]), width: 12, height: 1)
        #expect(buffer.lines() == ["bold plain"])
        #expect(buffer[0, 0].style.attributes == .bold)
        #expect(buffer[5, 0].style.attributes == [])
    }

    @Test func wrapCarriesStylesAcrossLines() {
        let spans = [Span("red words", style: Style(foreground: .red)), Span(" then plain")]
        let wrapped = WordWrap.wrap(spans, width: 9)
        #expect(wrapped.map(\.text) == ["red words", "then", "plain"])
        #expect(wrapped[0].spans == [Span("red words", style: Style(foreground: .red))])
    }
}
