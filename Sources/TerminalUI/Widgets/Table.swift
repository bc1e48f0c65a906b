// MARK: - Table

/// Rows of text under a header, in columns of fixed or shared width, with a highlighted
/// selected row that is always scrolled into view.
///
/// Columns are separated by one space. Text that does not fit ends in an ellipsis (`…`, `~` in
/// ASCII). Alignment `.automatic` right-aligns a column (header included) when every non-empty
/// cell in it (among the first 1,000 rows) reads as a number (`0.91`, `-3e-4`, `12%`, `1.2k`), and left-aligns it otherwise.
public struct Table: Widget, Sendable {
    /// How wide a column is.
    public enum Width: Hashable, Sendable {
        /// Exactly `n` columns (less if the area runs out).
        case fixed(Int)
        /// A share of the space left, in proportion to the weight.
        case fill(Int)
    }

    /// Column alignment.
    public enum ColumnAlignment: Hashable, Sendable {
        case left, right, center
        /// Right for numbers, left otherwise.
        case automatic
    }

    /// Where text that does not fit is cut.
    public enum Truncation: Hashable, Sendable {
        /// Keep the start: "validation acc…".
        case end
        /// Keep the start and the end, so names that differ at the end stay apart: "valid…accuracy".
        case middle
        /// A dotted path: shorten the leading components to their initials, "c.conv0.weight"
        /// (see `String.abbreviatedPath`).
        case path
    }

    /// One column.
    public struct Column: Hashable, Sendable {
        public var title: String
        public var width: Width
        public var alignment: ColumnAlignment
        public var truncation: Truncation
        /// A cell wider than the column takes the columns it needs from the column on its left,
        /// in its row only (the left cell is cut instead, down to one column): a value such as
        /// "cross-entropy" is shown whole in a column sized for numbers.
        public var widensLeft: Bool

        /// Creates a column (sharing the free width by default).
        public init(_ title: String, width: Width = .fill(1), alignment: ColumnAlignment = .automatic,
                    truncation: Truncation = .end, widensLeft: Bool = false) {
            self.title = title
            self.width = width
            self.alignment = alignment
            self.truncation = truncation
            self.widensLeft = widensLeft
        }
    }

    public var columns: [Column]
    public var rows: [[String]]
    /// The highlighted row, if any.
    public var selectedRow: Int?
    /// The first row shown before the selection is scrolled into view (the app keeps it between
    /// frames; see ``scrollOffset(forSelection:currentOffset:visibleRows:)``).
    public var scrollOffset: Int
    public var showsHeader: Bool
    public var theme: Theme
    public var glyphs: Glyphs

    /// Creates a table; rows are lists of cell texts, one per column (missing cells stay blank).
    public init(columns: [Column], rows: [[String]], selectedRow: Int? = nil, scrollOffset: Int = 0,
                showsHeader: Bool = true, theme: Theme = .standard, glyphs: Glyphs = .unicode) {
        self.columns = columns
        self.rows = rows
        self.selectedRow = selectedRow
        self.scrollOffset = scrollOffset
        self.showsHeader = showsHeader
        self.theme = theme
        self.glyphs = glyphs
    }

    /// The smallest change of `currentOffset` that keeps `selection` among `visibleRows` rows.
    public static func scrollOffset(forSelection selection: Int?, currentOffset: Int, visibleRows: Int) -> Int {
        var offset = max(0, currentOffset)
        guard let selection, visibleRows > 0 else { return offset }
        if selection < offset { offset = selection }
        if selection >= offset + visibleRows { offset = selection - visibleRows + 1 }
        return max(0, offset)
    }

    /// Number of data rows that fit in `area`.
    public func visibleRowCount(in area: Rect) -> Int { max(0, area.height - (showsHeader ? 1 : 0)) }

    /// The column rectangles inside `area` (height of the whole area).
    public func columnAreas(in area: Rect) -> [Rect] {
        let constraints = columns.map { column -> Constraint in
            switch column.width {
            case .fixed(let n): return .fixed(n)
            case .fill(let weight): return .fill(weight)
            }
        }
        return Layout(.horizontal, constraints, spacing: 1).split(area)
    }

    public func render(in area: Rect, into buffer: inout ScreenBuffer) {
        let area = area.intersection(buffer.area)
        guard !area.isEmpty, !columns.isEmpty else { return }
        let cells = columnAreas(in: area)
        let alignments = columns.indices.map(resolvedAlignment)
        var y = area.y
        if showsHeader {
            for (index, column) in columns.enumerated() {
                drawText(column.title, in: cells[index].row(0), alignment: alignments[index],
                         truncation: column.truncation, style: theme.title, into: &buffer)
            }
            y += 1
        }
        let visible = visibleRowCount(in: area)
        let offset = Table.scrollOffset(forSelection: selectedRow, currentOffset: scrollOffset, visibleRows: visible)
        guard offset < rows.count else { return }
        for (line, rowIndex) in (offset ..< min(rows.count, offset + visible)).enumerated() {
            let rowY = y + line
            let isSelected = rowIndex == selectedRow
            if isSelected { buffer.fill(Rect(x: area.x, y: rowY, width: area.width, height: 1), style: theme.highlight) }
            let rowCells = widened(cells, for: rows[rowIndex])
            for index in columns.indices where index < rows[rowIndex].count {
                let cell = Rect(x: rowCells[index].x, y: rowY, width: rowCells[index].width, height: 1)
                drawText(rows[rowIndex][index], in: cell, alignment: alignments[index], truncation: columns[index].truncation,
                         style: isSelected ? theme.highlight : theme.text, into: &buffer)
            }
        }
    }

    /// `cells` for one row: each `widensLeft` cell whose text is wider than its column takes the
    /// difference from its left neighbour (which keeps at least one column).
    private func widened(_ cells: [Rect], for row: [String]) -> [Rect] {
        var cells = cells
        for index in columns.indices.dropFirst() where columns[index].widensLeft && index < row.count {
            let extra = min(DisplayWidth.of(row[index]) - cells[index].width, cells[index - 1].width - 1)
            guard extra > 0 else { continue }
            cells[index - 1].width -= extra
            cells[index].x -= extra
            cells[index].width += extra
        }
        return cells
    }

    /// The alignment of column `index`, with `.automatic` decided by its cells.
    public func resolvedAlignment(_ index: Int) -> Alignment {
        switch columns[index].alignment {
        case .left: return .left
        case .right: return .right
        case .center: return .center
        case .automatic:
            var sawNumber = false
            for row in rows.prefix(1_000) where index < row.count && !row[index].isEmpty {
                guard Table.looksNumeric(row[index]) else { return .left }
                sawNumber = true
            }
            return sawNumber ? .right : .left
        }
    }

    private func drawText(_ text: String, in cell: Rect, alignment: Alignment, truncation: Truncation, style: Style,
                          into buffer: inout ScreenBuffer) {
        guard !cell.isEmpty else { return }
        let fitted = switch truncation {
        case .end: text.truncated(toWidth: cell.width, ellipsis: glyphs.ellipsis)
        case .middle: text.truncatedInMiddle(toWidth: cell.width, ellipsis: glyphs.ellipsis)
        case .path: text.abbreviatedPath(toWidth: cell.width, ellipsis: glyphs.ellipsis)
        }
        let x = cell.x + alignment.offset(contentWidth: DisplayWidth.of(fitted), available: cell.width)
        buffer.set(string: fitted, at: (x, cell.y), style: style, clippedTo: cell)
    }

    /// Whether `text` reads as a number, optionally with a `%` or `x` suffix or a k/M/G suffix.
    static func looksNumeric(_ text: String) -> Bool {
        var body = Substring(text.trimmingSpaces)
        guard !body.isEmpty else { return false }
        if let last = body.last, "%xkMG".contains(last) { body = body.dropLast() }
        return Double(body) != nil
    }
}

extension String {
    /// `self` without leading and trailing spaces.
    var trimmingSpaces: String {
        var slice = Substring(self)
        while slice.first == " " { slice = slice.dropFirst() }
        while slice.last == " " { slice = slice.dropLast() }
        return String(slice)
    }
}
