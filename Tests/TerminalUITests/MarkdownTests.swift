import Testing
@testable import TerminalUI

@Suite struct MarkdownLayoutTests {
    func layout(_ text: String, width: Int, theme: Theme = .standard) -> MarkdownLayout {
        MarkdownDocument.parse(text).layout(width: width, theme: theme)
    }

    @Test func headingParagraphAndNestedLists() {
        let text = """
        # Title

        Some **bold** text and `code`.

        - one
        - two
          - nested
        1. first
        """
        let result = layout(text, width: 20)
        #expect(result.lines.map(\.text) == [
            "Title", "", "Some bold text and", "code.", "", "• one", "• two", "  • nested", "1. first",
        ])
        #expect(result.height == 9)
        let buffer = render(MarkdownView(markdown: text), width: 20, height: 9)
        #expect(buffer[0, 0].style.attributes.contains(.underline))
        #expect(buffer[5, 2].style.attributes.contains(.bold))
        #expect(!buffer[0, 2].style.attributes.contains(.bold))
        #expect(buffer[0, 3].style.background == Theme.standard.code.background)
    }

    @Test func listItemsWrapWithHangingIndent() {
        #expect(layout("- alpha beta gamma\n3. x\n4. y", width: 12).lines.map(\.text) == [
            "• alpha beta", "  gamma", "3. x", "4. y",
        ])
    }

    @Test func fencedCodeIsVerbatimWithBackground() {
        let text = "```swift\nlet x = 1\n  indented **not bold**\n```"
        let result = layout(text, width: 30)
        #expect(result.lines.map(\.text).map { $0.trimmingCharacters(in: " ") } == ["let x = 1", "indented **not bold**"])
        let buffer = render(MarkdownView(markdown: text), width: 30, height: 2)
        #expect(buffer.lines() == ["  let x = 1", "    indented **not bold**"])
        #expect(buffer[29, 0].style.background == Theme.standard.code.background)
        let plain = render(MarkdownView(markdown: text, theme: .monochrome), width: 30, height: 2)
        #expect(plain[29, 0] == .blank)
    }

    @Test func blockQuoteGetsABar() {
        let result = layout("> quoted text here", width: 12)
        #expect(result.lines.map(\.text) == ["│ quoted", "│ text here"])
        #expect(result.lines[0].spans.last?.style.attributes.contains(.italic) == true)
    }

    @Test func pipeTableAlignsColumns() {
        let text = """
        | model | acc |
        |---|--:|
        | MLP | 0.91 |
        | CNN | 0.9 |
        """
        #expect(layout(text, width: 30).lines.map(\.text) == [
            "model │  acc",
            "──────┼─────",
            "MLP   │ 0.91",
            "CNN   │  0.9",
        ])
        // Too wide for 10 columns: the widest column shrinks and its text gets an ellipsis.
        #expect(layout(text, width: 10).lines.map(\.text) == [
            "mo… │  acc",
            "────┼─────",
            "MLP │ 0.91",
            "CNN │  0.9",
        ])
    }

    @Test func horizontalRuleSpansTheWidth() {
        #expect(layout("a\n\n---\n\nb", width: 5).lines.map(\.text) == ["a", "", "─────", "", "b"])
    }

    @Test func linksAreReportedWithPositions() {
        let result = layout("# Hi\n\nSee [the docs](docs/a.md) and [more](b).", width: 12)
        #expect(result.lines.map(\.text) == ["Hi", "", "See the docs", "and more."])
        #expect(result.links.map(\.text) == ["the docs", "more"])
        #expect(result.links.map(\.target) == ["docs/a.md", "b"])
        #expect(result.links.map(\.line) == [2, 3])
        #expect(result.links.map(\.column) == [4, 4])
    }

    @Test func selectedLinkIsHighlighted() {
        let view = MarkdownView(markdown: "See [the docs](docs/a.md) and [more](b).", selectedLink: 1)
        let buffer = render(view, width: 12, height: 2)
        #expect(buffer[4, 1].style.background == Theme.standard.highlight.background)
        #expect(buffer[4, 0].style.background != Theme.standard.highlight.background)
        #expect(buffer[4, 0].style.attributes.contains(.underline))
    }

    @Test func scrollOffsetIsClampedToTheEnd() {
        let text = "# Hi\n\nSee [the docs](docs/a.md) and [more](b)."
        #expect(lines(MarkdownView(markdown: text, scrollOffset: 2), width: 12, height: 2) == ["See the docs", "and more."])
        #expect(lines(MarkdownView(markdown: text, scrollOffset: 100), width: 12, height: 2) == ["See the docs", "and more."])
    }

    @Test func precomputedLayoutIsUsedAsIs() {
        let precomputed = MarkdownDocument.parse("one two three").layout(width: 7)
        #expect(lines(MarkdownView(layout: precomputed), width: 7, height: 2) == ["one two", "three"])
    }

    @Test func linesMatchLayout() {
        let document = MarkdownDocument.parse("# A\n\nb c d")
        #expect(document.lines(width: 3) == document.layout(width: 3).lines)
        #expect(document.lines(width: 3).map(\.text) == ["A", "", "b c", "d"])
        #expect(document.lines(width: 0).isEmpty)
    }

    @Test func formulasStayPlainText() {
        #expect(layout("Loss: L = -sum(y * log(p)) / n", width: 40).lines.map(\.text) == ["Loss: L = -sum(y * log(p)) / n"])
    }
}

@Suite struct MarkdownParseTests {
    typealias Inline = MarkdownDocument.Inline

    @Test func inlineRuns() {
        #expect(MarkdownDocument.parseInlines("a **b** *c* `d` [e](f)") == [
            Inline("a "), Inline("b", isBold: true), Inline(" "), Inline("c", isItalic: true), Inline(" "),
            Inline("d", isCode: true), Inline(" "), Inline("e", linkTarget: "f"),
        ])
    }

    @Test(arguments: ["2 * 3 = 6", "snake_case_name", "**unclosed", "[not a link]", "a ` b"])
    func unmatchedMarkersStayLiteral(text: String) {
        #expect(MarkdownDocument.parseInlines(text) == [Inline(text)])
    }

    @Test func escapesAndUnderscoreItalic() {
        #expect(MarkdownDocument.parseInlines("\\*not italic\\*") == [Inline("*not italic*")])
        #expect(MarkdownDocument.parseInlines("an _em_ word") == [Inline("an "), Inline("em", isItalic: true), Inline(" word")])
    }

    @Test func blocks() {
        let document = MarkdownDocument.parse("### Deep\n\n- a\n  - b\n    - c\n- d\n\n---\n\n> q")
        guard document.blocks.count == 4 else {
            Issue.record("expected 4 blocks, got \(document.blocks)")
            return
        }
        #expect(document.blocks[0] == .heading(level: 3, text: [Inline("Deep")]))
        if case .list(let items) = document.blocks[1] {
            #expect(items.map(\.depth) == [0, 1, 2, 0])
            #expect(items.map(\.ordinal) == [nil, nil, nil, nil])
        } else {
            Issue.record("expected a list")
        }
        #expect(document.blocks[2] == .rule)
        #expect(document.blocks[3] == .quote([.paragraph([Inline("q")])]))
    }

    @Test func unclosedFenceRunsToTheEnd() {
        #expect(MarkdownDocument.parse("```\ncode\nmore").blocks == [.code(language: nil, lines: ["code", "more"])])
    }

    @Test func indentedLinesAfterABlankLineAreVerbatimCode() {
        let text = "Formula:\n\n    L = a  +  b\n\n      so  w = 1\n\nafter\n    lazy line"
        #expect(MarkdownDocument.parse(text).blocks == [
            .paragraph([Inline("Formula:")]),
            .code(language: nil, lines: ["L = a  +  b", "", "  so  w = 1"]),
            .paragraph([Inline("after lazy line")]),
        ])
        let buffer = render(MarkdownView(markdown: text), width: 20, height: 7)
        #expect(buffer.lines() == ["Formula:", "", "  L = a  +  b", "", "    so  w = 1", "", "after lazy line"])
        // A nested list item indented four spaces is still a list item.
        #expect(MarkdownDocument.parse("- a\n  - b\n    - c").blocks.count == 1)
    }

    @Test func paragraphLinesJoin() {
        #expect(MarkdownDocument.parse("one\ntwo\n\nthree").blocks == [
            .paragraph([Inline("one two")]), .paragraph([Inline("three")]),
        ])
    }
}
