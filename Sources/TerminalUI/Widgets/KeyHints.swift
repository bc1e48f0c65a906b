// MARK: - KeyHints

/// A one-line bar of key hints: ` space pause  n step  ? help `, keys in the accent style.
/// Hints that do not fit are left out whole (never cut in the middle).
public struct KeyHints: Widget, Sendable {
    /// One key and what it does.
    public struct Hint: Hashable, Sendable {
        public var key: String
        public var action: String
        public init(key: String, action: String) {
            self.key = key
            self.action = action
        }
    }

    public var hints: [Hint]
    public var theme: Theme

    /// Creates key hints.
    public init(_ hints: [Hint], theme: Theme = .standard) {
        self.hints = hints
        self.theme = theme
    }

    /// Creates hints from `(key, action)` pairs.
    public init(pairs: [(String, String)], theme: Theme = .standard) {
        self.init(pairs.map { Hint(key: $0.0, action: $0.1) }, theme: theme)
    }

    /// The hints as one styled line (keys bold accent, actions muted), leading space included.
    public func line(maxWidth: Int = .max) -> StyledLine {
        var line = StyledLine()
        var used = 0
        for (index, hint) in hints.enumerated() {
            let separator = index == 0 ? " " : "  "
            let width = DisplayWidth.of(separator) + DisplayWidth.of(hint.key) + 1 + DisplayWidth.of(hint.action)
            if used + width + 1 > maxWidth { break }
            line.append(separator)
            line.append(hint.key, style: theme.statusBar.patched(with: theme.accent).adding(.bold))
            line.append(" " + hint.action, style: theme.statusBar)
            used += width
        }
        if used > 0 { line.append(" ") }
        return line
    }

    public func render(in area: Rect, into buffer: inout ScreenBuffer) {
        let area = area.intersection(buffer.area)
        guard !area.isEmpty else { return }
        let row = area.row(0)
        buffer.fill(row, style: theme.statusBar)
        buffer.set(line: line(maxWidth: row.width), at: (row.x, row.y), baseStyle: theme.statusBar, clippedTo: row)
    }
}
