// MARK: - MarkdownView

/// A scrollable view of a Markdown document, optionally highlighting one link.
///
/// Give it a parsed document (laid out for the area's width on every render) or a layout the
/// app computed once with ``MarkdownDocument/layout(width:theme:glyphs:)`` (used as is when its
/// width matches the area, which saves the layout work per frame).
public struct MarkdownView: Widget, Sendable {
    public var document: MarkdownDocument?
    public var precomputed: MarkdownLayout?
    /// Lines skipped at the top (clamped so the view is never scrolled past the end).
    public var scrollOffset: Int
    /// Index into ``MarkdownLayout/links`` of the link drawn highlighted.
    public var selectedLink: Int?
    public var theme: Theme
    public var glyphs: Glyphs

    /// A view of a document.
    public init(document: MarkdownDocument, scrollOffset: Int = 0, selectedLink: Int? = nil,
                theme: Theme = .standard, glyphs: Glyphs = .unicode) {
        self.document = document
        self.scrollOffset = scrollOffset
        self.selectedLink = selectedLink
        self.theme = theme
        self.glyphs = glyphs
    }

    /// A view of Markdown text (parsed now).
    public init(markdown: String, scrollOffset: Int = 0, selectedLink: Int? = nil,
                theme: Theme = .standard, glyphs: Glyphs = .unicode) {
        self.init(document: .parse(markdown), scrollOffset: scrollOffset, selectedLink: selectedLink,
                  theme: theme, glyphs: glyphs)
    }

    /// A view of an already laid-out document.
    public init(layout: MarkdownLayout, scrollOffset: Int = 0, selectedLink: Int? = nil,
                theme: Theme = .standard, glyphs: Glyphs = .unicode) {
        self.precomputed = layout
        self.scrollOffset = scrollOffset
        self.selectedLink = selectedLink
        self.theme = theme
        self.glyphs = glyphs
    }

    /// The layout used for an area `width` columns wide.
    public func layout(width: Int) -> MarkdownLayout {
        if let precomputed, precomputed.width == width || document == nil { return precomputed }
        return (document ?? MarkdownDocument(blocks: [])).layout(width: width, theme: theme, glyphs: glyphs)
    }

    /// The largest useful scroll offset for an area of `height` rows.
    public static func maxScrollOffset(lineCount: Int, height: Int) -> Int { max(0, lineCount - height) }

    public func render(in area: Rect, into buffer: inout ScreenBuffer) {
        let area = area.intersection(buffer.area)
        guard !area.isEmpty else { return }
        let laidOut = layout(width: area.width)
        let start = min(max(0, scrollOffset), MarkdownView.maxScrollOffset(lineCount: laidOut.lines.count, height: area.height))
        let selectedTag = selectedLink.flatMap { laidOut.links.indices.contains($0) ? laidOut.links[$0].tag : nil }
        for (row, line) in laidOut.lines.dropFirst(start).prefix(area.height).enumerated() {
            var column = area.x
            for span in line.spans {
                let style = span.tag >= 0 && span.tag == selectedTag ? span.style.patched(with: theme.highlight) : span.style
                column += buffer.set(string: span.text, at: (column, area.y + row), style: style, clippedTo: area)
            }
        }
    }
}
