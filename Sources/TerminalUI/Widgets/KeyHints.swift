// MARK: - KeyHints

/// A one-line bar of key hints: ` space pause  n step  ? help `, keys in the accent style.
/// Hints that do not fit are left out whole (never cut in the middle), from the end of the
/// unpinned ones: the last `pinned` hints (`? help`, `q quit`) always stay.
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
    /// How many hints at the end are kept whatever the width.
    public var pinned: Int

    /// Creates key hints.
    public init(_ hints: [Hint], pinned: Int = 0, theme: Theme = .standard) {
        self.hints = hints
        self.pinned = pinned
        self.theme = theme
    }

    /// Creates hints from `(key, action)` pairs.
    public init(pairs: [(String, String)], pinned: Int = 0, theme: Theme = .standard) {
        self.init(pairs.map { Hint(key: $0.0, action: $0.1) }, pinned: pinned, theme: theme)
    }

    private static func width(of hint: Hint) -> Int { 2 + DisplayWidth.of(hint.key) + 1 + DisplayWidth.of(hint.action) }

    /// The hints shown in `maxWidth` columns: every pinned one, then as many of the others, in
    /// order, as fit beside them.
    public func shown(maxWidth: Int) -> [Hint] {
        let pinnedCount = min(pinned, hints.count)
        let tail = hints.suffix(pinnedCount)
        var budget = maxWidth - 1 - tail.reduce(0) { $0 + Self.width(of: $1) }
        var head: [Hint] = []
        for hint in hints.dropLast(pinnedCount) {
            budget -= Self.width(of: hint)
            if budget < 0 { break }
            head.append(hint)
        }
        return head + tail
    }

    /// The hints as one styled line (keys bold accent, actions muted), leading space included.
    public func line(maxWidth: Int = .max) -> StyledLine {
        var line = StyledLine()
        var used = 0
        for (index, hint) in shown(maxWidth: maxWidth).enumerated() {
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
