// MARK: - Block

/// A bordered box with a title on the top edge (and an optional right-aligned title), e.g.
/// `╭ Loss ──── step 120 ╮`. Content goes in ``inner(_:)``.
public struct Block: Widget, Sendable {
    /// Border shape.
    public enum BorderKind: Hashable, Sendable {
        /// `┌┐└┘` corners.
        case plain
        /// `╭╮╰╯` corners.
        case rounded
        /// No border; the title, if any, takes the first row.
        case none
    }

    public var title: String?
    public var rightTitle: String?
    /// A shorter right title, drawn where `rightTitle` does not fit whole ("p: next ›" for
    /// "p: Reconstructions ›").
    public var compactRightTitle: String?
    public var border: BorderKind
    /// Draws the border in ``Theme/focusedBorder`` instead of ``Theme/border``.
    public var isFocused: Bool
    /// Fill the inside with the theme's text style (clearing what was there).
    public var fillsBackground: Bool
    public var theme: Theme
    public var glyphs: Glyphs

    /// Creates a block.
    public init(title: String? = nil, rightTitle: String? = nil, compactRightTitle: String? = nil, border: BorderKind = .rounded,
                isFocused: Bool = false, fillsBackground: Bool = false,
                theme: Theme = .standard, glyphs: Glyphs = .unicode) {
        self.title = title
        self.rightTitle = rightTitle
        self.compactRightTitle = compactRightTitle
        self.border = border
        self.isFocused = isFocused
        self.fillsBackground = fillsBackground
        self.theme = theme
        self.glyphs = glyphs
    }

    /// The area inside the border (or below the title row when there is no border).
    public func inner(_ area: Rect) -> Rect {
        switch border {
        case .plain, .rounded: return area.inset(by: 1)
        case .none: return (title == nil && rightTitle == nil) ? area : area.inset(top: 1)
        }
    }

    public func render(in area: Rect, into buffer: inout ScreenBuffer) {
        let area = area.intersection(buffer.area)
        guard !area.isEmpty else { return }
        if fillsBackground { buffer.fill(area, style: theme.text) }
        let borderStyle = isFocused ? theme.focusedBorder : theme.border
        if border != .none { drawBorder(area, style: borderStyle, into: &buffer) }
        drawTitles(area, into: &buffer)
    }

    private func drawBorder(_ area: Rect, style: Style, into buffer: inout ScreenBuffer) {
        let rounded = border == .rounded
        let corners: (Character, Character, Character, Character) = rounded
            ? (glyphs.roundedTopLeft, glyphs.roundedTopRight, glyphs.roundedBottomLeft, glyphs.roundedBottomRight)
            : (glyphs.topLeft, glyphs.topRight, glyphs.bottomLeft, glyphs.bottomRight)
        for column in area.x ..< area.right {
            buffer.set(character: glyphs.horizontal, at: (column, area.y), style: style, clippedTo: area)
            buffer.set(character: glyphs.horizontal, at: (column, area.bottom - 1), style: style, clippedTo: area)
        }
        for row in area.y ..< area.bottom {
            buffer.set(character: glyphs.vertical, at: (area.x, row), style: style, clippedTo: area)
            buffer.set(character: glyphs.vertical, at: (area.right - 1, row), style: style, clippedTo: area)
        }
        guard area.width >= 2, area.height >= 2 else { return }
        buffer.set(character: corners.0, at: (area.x, area.y), style: style, clippedTo: area)
        buffer.set(character: corners.1, at: (area.right - 1, area.y), style: style, clippedTo: area)
        buffer.set(character: corners.2, at: (area.x, area.bottom - 1), style: style, clippedTo: area)
        buffer.set(character: corners.3, at: (area.right - 1, area.bottom - 1), style: style, clippedTo: area)
    }

    /// Titles sit on the top edge with one space of padding each side, leaving the corners free;
    /// the left title wins when both do not fit. The right title (a hint such as "v: trade-off",
    /// or a status) is drawn whole, or its compact form whole, or not at all: cut, it would read
    /// as noise ("v: trade-…").
    private func drawTitles(_ area: Rect, into buffer: inout ScreenBuffer) {
        let margin = border == .none ? 0 : 1
        let row = area.row(0).inset(left: margin, right: margin)
        guard !row.isEmpty else { return }
        var leftEnd = row.x
        if let title, !title.isEmpty {
            let text = (" " + title + " ").truncated(toWidth: row.width, ellipsis: glyphs.ellipsis)
            leftEnd += buffer.set(string: text, at: (row.x, row.y), style: theme.title, clippedTo: row)
        }
        let space = row.right - leftEnd - 1
        let fitting = [rightTitle, compactRightTitle].compactMap { $0 }.filter { !$0.isEmpty }.map { " " + $0 + " " }
            .first { DisplayWidth.of($0) <= space }
        if let text = fitting {
            let start = row.right - DisplayWidth.of(text)
            buffer.set(string: text, at: (start, row.y), style: theme.muted, clippedTo: row)
        }
    }
}
