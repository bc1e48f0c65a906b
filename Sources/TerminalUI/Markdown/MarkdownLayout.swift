// MARK: - MarkdownLayout

/// A Markdown document laid out for one width: its lines and where its links are.
public struct MarkdownLayout: Hashable, Sendable {
    /// A link in the laid-out text.
    public struct Link: Hashable, Sendable {
        public var text: String
        public var target: String
        /// The line (index into ``MarkdownLayout/lines``) where the link starts.
        public var line: Int
        /// The column where the link starts on that line.
        public var column: Int
        /// The tag its spans carry in ``MarkdownLayout/lines``.
        var tag: Int
    }

    /// The styled lines; `lines.count` is the total height.
    public var lines: [StyledLine]
    /// The links in reading order.
    public var links: [Link]
    /// The width laid out for.
    public var width: Int

    /// Number of lines.
    public var height: Int { lines.count }
}

extension MarkdownDocument {
    /// Lays the document out for `width` columns.
    ///
    /// Blocks are separated by one blank line. Headings: level 1 bold underlined in the title
    /// style, level 2 bold title style, deeper ones bold. Paragraphs and list items wrap at word
    /// boundaries (items with a hanging indent under their `•` or `1.` marker, two columns per
    /// nesting level). Code blocks keep their lines verbatim, indented two columns, in the code
    /// style, cut (not wrapped) at the edge. Quotes get a `│ ` prefix. Tables align columns
    /// (shrinking the widest ones to fit) with `│` between them and a `─┼─` rule under the
    /// header. Rules span the width. Links are drawn in the link style and listed in
    /// ``MarkdownLayout/links``; links whose target `marksLink` accepts start with `▶ ` (the
    /// workbench marks the links that open an experiment). Inline code never wraps inside
    /// itself (a formula in backticks stays on one line unless it is wider than the column).
    public func layout(width: Int, theme: Theme = .standard, glyphs: Glyphs = .unicode,
                       marksLink: @escaping (String) -> Bool = { _ in false }) -> MarkdownLayout {
        var context = MarkdownLayoutContext(theme: theme, glyphs: glyphs, marksLink: marksLink)
        let lines = width > 0 ? context.layout(blocks, width: width) : []
        return MarkdownLayout(lines: lines, links: MarkdownLayoutContext.findLinks(in: lines, targets: context.linkTargets),
                              width: width)
    }
}

extension MarkdownDocument {
    /// Just the styled lines of ``layout(width:theme:glyphs:)``; `count` is the total height.
    public func lines(width: Int, theme: Theme = .standard, glyphs: Glyphs = .unicode) -> [StyledLine] {
        layout(width: width, theme: theme, glyphs: glyphs).lines
    }
}

/// The state of one layout pass: the theme and the links met so far.
struct MarkdownLayoutContext {
    let theme: Theme
    let glyphs: Glyphs
    /// Whether a link's target gets the `▶` mark.
    let marksLink: (String) -> Bool
    /// Text and target of each link, by tag.
    var linkTargets: [(text: String, target: String)] = []

    init(theme: Theme, glyphs: Glyphs, marksLink: @escaping (String) -> Bool = { _ in false }) {
        self.theme = theme
        self.glyphs = glyphs
        self.marksLink = marksLink
    }

    mutating func layout(_ blocks: [MarkdownDocument.Block], width: Int) -> [StyledLine] {
        var lines: [StyledLine] = []
        for (index, block) in blocks.enumerated() {
            if index > 0 { lines.append(StyledLine()) }
            lines += layout(block, width: width)
        }
        return lines
    }

    mutating func layout(_ block: MarkdownDocument.Block, width: Int) -> [StyledLine] {
        switch block {
        case .heading(let level, let text):
            let style: Style
            switch level {
            case 1: style = theme.title.adding([.bold, .underline])
            case 2: style = theme.title.adding(.bold)
            default: style = theme.text.adding(.bold)
            }
            return Self.wrap(spans(text, base: style), width: width)
        case .paragraph(let text):
            return Self.wrap(spans(text, base: theme.text), width: width)
        case .list(let items):
            return layoutList(items, width: width)
        case .code(_, let codeLines):
            return codeLines.map { line in
                let expanded = line.replacingTabs
                var styled = StyledLine("  " + expanded, style: theme.code).truncated(to: width, ellipsis: glyphs.ellipsis)
                let padding = width - styled.width
                if padding > 0 && theme.code.background != nil { styled.append(String(repeating: " ", count: padding), style: theme.code) }
                return styled
            }
        case .quote(let inner):
            let prefix = Span(String(glyphs.vertical) + " ", style: theme.muted)
            guard width > 2 else { return [] }
            return layout(inner, width: width - 2).map { line in
                var prefixed = StyledLine([prefix])
                for span in line.spans { prefixed.append(Span(span.text, style: span.style.adding(.italic), tag: span.tag)) }
                return prefixed
            }
        case .table(let header, let alignments, let rows):
            return layoutTable(header: header, alignments: alignments, rows: rows, width: width)
        case .rule:
            return [StyledLine(String(repeating: glyphs.horizontal, count: width), style: theme.muted)]
        }
    }

    mutating func layoutList(_ items: [MarkdownDocument.ListItem], width: Int) -> [StyledLine] {
        var lines: [StyledLine] = []
        for item in items {
            let marker = item.ordinal.map { "\($0). " } ?? "\(glyphs.bullet) "
            let indent = 2 * item.depth
            let hanging = indent + DisplayWidth.of(marker)
            let bodyWidth = width - hanging
            guard bodyWidth > 0 else { continue }
            let body = Self.wrap(spans(item.text, base: theme.text), width: bodyWidth)
            for (index, line) in body.enumerated() {
                var prefixed = StyledLine()
                if index == 0 {
                    prefixed.append(String(repeating: " ", count: indent))
                    prefixed.append(marker, style: theme.accent)
                } else {
                    prefixed.append(String(repeating: " ", count: hanging))
                }
                for span in line.spans { prefixed.append(span) }
                lines.append(prefixed)
            }
        }
        return lines
    }

    /// The space inside inline code while wrapping: not a break.
    static let codeSpace: Character = "\u{00A0}"

    /// Word-wraps `spans`, keeping inline code whole, then gives code its spaces back.
    static func wrap(_ spans: [Span], width: Int) -> [StyledLine] {
        WordWrap.wrap(spans, width: width).map { line in
            StyledLine(line.spans.map { span in
                guard span.text.contains(codeSpace) else { return span }
                return Span(String(span.text.map { $0 == codeSpace ? " " : $0 }), style: span.style, tag: span.tag)
            }, alignment: line.alignment)
        }
    }

    /// Styled spans of inline runs over `base`; links get a tag (their index).
    mutating func spans(_ runs: [MarkdownDocument.Inline], base: Style) -> [Span] {
        runs.map { run in
            var style = base
            var text = run.text
            if run.isBold { style = style.adding(.bold) }
            if run.isItalic { style = style.adding(.italic) }
            if run.isCode {
                style = style.patched(with: theme.code)
                text = String(text.map { $0 == " " ? Self.codeSpace : $0 })
            }
            var tag = -1
            if let target = run.linkTarget {
                style = style.patched(with: theme.link)
                tag = linkTargets.count
                linkTargets.append((run.text, target))
                if marksLink(target) { text = (glyphs.isUnicode ? "▶ " : "> ") + text }
            }
            return Span(text, style: style, tag: tag)
        }
    }

    /// The first position of each tagged span.
    static func findLinks(in lines: [StyledLine], targets: [(text: String, target: String)]) -> [MarkdownLayout.Link] {
        var found: [Int: MarkdownLayout.Link] = [:]
        for (lineIndex, line) in lines.enumerated() where line.spans.contains(where: { $0.tag >= 0 }) {
            var column = 0
            for span in line.spans {
                if span.tag >= 0, span.tag < targets.count, found[span.tag] == nil {
                    found[span.tag] = MarkdownLayout.Link(text: targets[span.tag].text, target: targets[span.tag].target,
                                                          line: lineIndex, column: column, tag: span.tag)
                }
                column += span.width
            }
        }
        return found.keys.sorted().compactMap { found[$0] }
    }
}

extension String {
    /// Tabs replaced by spaces to the next multiple of 4 columns.
    var replacingTabs: String {
        guard unicodeScalars.contains("\t") else { return self }
        var result = ""
        var column = 0
        for character in self {
            if character == "\t" {
                let spaces = 4 - column % 4
                result += String(repeating: " ", count: spaces)
                column += spaces
            } else {
                result.append(character)
                column += DisplayWidth.of(character)
            }
        }
        return result
    }
}
