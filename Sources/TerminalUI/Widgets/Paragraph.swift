// MARK: - Paragraph

/// Styled text, optionally word-wrapped, scrolled by ``scrollOffset`` lines and aligned.
public struct Paragraph: Widget, Sendable {
    public var lines: [StyledLine]
    /// Wrap long lines at word boundaries (otherwise they are cut at the edge).
    public var wraps: Bool
    /// Number of (wrapped) lines skipped at the top.
    public var scrollOffset: Int
    /// Alignment for lines that do not set their own.
    public var alignment: Alignment
    /// Base style patched under every span.
    public var style: Style

    /// Creates a paragraph from styled lines.
    public init(_ lines: [StyledLine], wraps: Bool = true, scrollOffset: Int = 0,
                alignment: Alignment = .left, style: Style = Style()) {
        self.lines = lines
        self.wraps = wraps
        self.scrollOffset = scrollOffset
        self.alignment = alignment
        self.style = style
    }

    /// Creates a paragraph from plain text; `\n` starts a new line.
    public init(text: String, style: Style = Style(), wraps: Bool = true, scrollOffset: Int = 0,
                alignment: Alignment = .left) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { StyledLine(String($0)) }
        self.init(lines, wraps: wraps, scrollOffset: scrollOffset, alignment: alignment, style: style)
    }

    /// The lines as laid out for `width` columns (wrapped if ``wraps``).
    public func layout(width: Int) -> [StyledLine] {
        guard wraps else { return lines }
        return lines.flatMap { WordWrap.wrap($0, width: width) }
    }

    public func render(in area: Rect, into buffer: inout ScreenBuffer) {
        let area = area.intersection(buffer.area)
        guard !area.isEmpty else { return }
        let laidOut = layout(width: area.width)
        let start = max(0, scrollOffset)
        guard start < laidOut.count else { return }
        for (row, line) in laidOut[start...].prefix(area.height).enumerated() {
            let offset = (line.alignment ?? alignment).offset(contentWidth: line.width, available: area.width)
            buffer.set(line: line, at: (area.x + offset, area.y + row), baseStyle: style, clippedTo: area)
        }
    }
}
