// MARK: - StatusBar

/// A one-line bar in the status style: left-aligned text (e.g. the screen name and state) and
/// right-aligned text (e.g. `epoch 3 · 1.2k it/s`). The left side wins when both do not fit.
public struct StatusBar: Widget, Sendable {
    public var left: StyledLine
    public var right: StyledLine
    public var theme: Theme

    /// Creates a status bar.
    public init(left: StyledLine, right: StyledLine = StyledLine(), theme: Theme = .standard) {
        self.left = left
        self.right = right
        self.theme = theme
    }

    public func render(in area: Rect, into buffer: inout ScreenBuffer) {
        let area = area.intersection(buffer.area)
        guard !area.isEmpty else { return }
        let row = area.row(0)
        buffer.fill(row, style: theme.statusBar)
        let leftLine = left.truncated(to: max(0, row.width - 1))
        let used = buffer.set(line: leftLine, at: (row.x + 1, row.y), baseStyle: theme.statusBar, clippedTo: row)
        let rightWidth = right.width
        let rightStart = row.right - 1 - rightWidth
        if rightWidth > 0, rightStart > row.x + 1 + used {
            buffer.set(line: right, at: (rightStart, row.y), baseStyle: theme.statusBar, clippedTo: row)
        }
    }
}
