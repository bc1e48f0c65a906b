// MARK: - Heatmap

/// A matrix of values with row and column labels, each entry coloured by the theme's heat ramp
/// (low to high), e.g. a confusion matrix or gate weights.
///
/// Each entry takes `cellWidth` columns (by default as many as fit, 1...6) and shows its value
/// when it fits. Without colour (monochrome theme) entries are shaded with ``Glyphs/shades``.
/// The range is ``bounds`` or the min and max of the finite values; NaN entries stay blank.
public struct Heatmap: Widget, Sendable {
    public var values: [[Double]]
    public var rowLabels: [String]
    public var columnLabels: [String]
    public var bounds: ClosedRange<Double>?
    public var showsValues: Bool
    /// Columns per entry; `nil` fits the area.
    public var cellWidth: Int?
    public var theme: Theme
    public var glyphs: Glyphs

    /// Creates a heatmap of `values[row][column]`.
    public init(values: [[Double]], rowLabels: [String] = [], columnLabels: [String] = [],
                bounds: ClosedRange<Double>? = nil, showsValues: Bool = true, cellWidth: Int? = nil,
                theme: Theme = .standard, glyphs: Glyphs = .unicode) {
        self.values = values
        self.rowLabels = rowLabels
        self.columnLabels = columnLabels
        self.bounds = bounds
        self.showsValues = showsValues
        self.cellWidth = cellWidth
        self.theme = theme
        self.glyphs = glyphs
    }

    public func render(in area: Rect, into buffer: inout ScreenBuffer) {
        let area = area.intersection(buffer.area)
        let columnCount = values.map(\.count).max() ?? 0
        guard !area.isEmpty, columnCount > 0 else { return }
        let labelWidth = min(area.width / 3, rowLabels.map { DisplayWidth.of($0) }.max() ?? 0)
        let gridX = area.x + labelWidth + (labelWidth > 0 ? 1 : 0)
        let headerRows = columnLabels.isEmpty || area.height < 2 ? 0 : 1
        let width = cellWidth ?? min(6, max(1, (area.right - gridX) / columnCount))
        guard width > 0 else { return }
        var low = Double.infinity, high = -Double.infinity
        if let bounds { low = bounds.lowerBound; high = bounds.upperBound } else {
            for row in values { for value in row where value.isFinite { low = min(low, value); high = max(high, value) } }
        }
        if headerRows == 1 {
            for (index, label) in columnLabels.prefix(columnCount).enumerated() {
                let text = label.truncated(toWidth: width - (width > 1 ? 1 : 0), ellipsis: glyphs.ellipsis)
                let x = gridX + (index + 1) * width - DisplayWidth.of(text)   // right-aligned like the values
                buffer.set(string: text, at: (x, area.y), style: theme.muted, clippedTo: area)
            }
        }
        for (rowIndex, row) in values.enumerated() {
            let y = area.y + headerRows + rowIndex
            guard y < area.bottom else { break }
            if rowIndex < rowLabels.count, labelWidth > 0 {
                let text = rowLabels[rowIndex].truncated(toWidth: labelWidth, ellipsis: glyphs.ellipsis)
                buffer.set(string: text, at: (area.x, y), style: theme.muted, clippedTo: area)
            }
            for (columnIndex, value) in row.enumerated() where value.isFinite {
                let cell = Rect(x: gridX + columnIndex * width, y: y, width: width, height: 1).intersection(area)
                guard !cell.isEmpty else { continue }
                let level = high > low ? (value - low) / (high - low) : 0.5
                drawEntry(value, level: level, in: cell, into: &buffer)
            }
        }
    }

    private func drawEntry(_ value: Double, level: Double, in cell: Rect, into buffer: inout ScreenBuffer) {
        let text = NumberFormat.compact(value, significantDigits: 2)
        let fits = showsValues && DisplayWidth.of(text) < cell.width
        if let color = theme.heatColor(level) {
            // Light text on the dark half of the ramp, dark text on the light half.
            let style = Style(foreground: level > 0.6 ? .black : .brightWhite, background: color)
            buffer.fill(cell, style: style)
            if fits {
                buffer.set(string: text, at: (cell.right - DisplayWidth.of(text), cell.y), style: style, clippedTo: cell)
            }
            return
        }
        if fits {
            let style = level > 0.5 ? theme.accent : theme.text
            buffer.set(string: text, at: (cell.right - DisplayWidth.of(text), cell.y), style: style, clippedTo: cell)
        } else {
            let shades = glyphs.shades
            let shade = shades[min(shades.count - 1, max(0, Int((level * Double(shades.count - 1)).rounded())))]
            buffer.fill(cell, character: shade, style: theme.text)
        }
    }
}
