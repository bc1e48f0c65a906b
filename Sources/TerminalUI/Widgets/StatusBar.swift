// MARK: - StatusBar

/// A one-line bar in the status style: left-aligned text (e.g. the screen's title) and
/// right-aligned text (e.g. the run's state, `● running`). The right side is kept whole when it
/// fits: the left is cut (with an ellipsis) to leave room beside it.
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
        let rightWidth = right.width
        let rightFits = rightWidth > 0 && rightWidth + 3 <= row.width
        let leftRoom = rightFits ? row.width - rightWidth - 3 : row.width - 1
        if left.width > leftRoom {
            buffer.set(line: left.truncated(to: max(0, leftRoom)), at: (row.x + 1, row.y), baseStyle: theme.statusBar, clippedTo: row)
        } else {
            buffer.set(line: left, at: (row.x + 1, row.y), baseStyle: theme.statusBar, clippedTo: row)
        }
        if rightFits {
            buffer.set(line: right, at: (row.right - 1 - rightWidth, row.y), baseStyle: theme.statusBar, clippedTo: row)
        }
    }
}
