// MARK: - Table layout

extension MarkdownLayoutContext {
    /// Columns as wide as their widest cell; when too wide for `width`, the widest column loses
    /// a column at a time until it fits (each keeps at least 1). Cells that no longer fit end in
    /// an ellipsis.
    mutating func layoutTable(header: [[MarkdownDocument.Inline]], alignments: [Alignment],
                              rows: [[[MarkdownDocument.Inline]]], width: Int) -> [StyledLine] {
        let columnCount = max(header.count, rows.map(\.count).max() ?? 0)
        guard columnCount > 0 else { return [] }
        let headerLines = (0 ..< columnCount).map { index in
            StyledLine(index < header.count ? spans(header[index], base: theme.text.adding(.bold)) : [])
        }
        let bodyLines = rows.map { row in
            (0 ..< columnCount).map { index in StyledLine(index < row.count ? spans(row[index], base: theme.text) : []) }
        }
        var widths = (0 ..< columnCount).map { index in
            max(1, ([headerLines[index]] + bodyLines.map { $0[index] }).map(\.width).max() ?? 1)
        }
        let separators = 3 * (columnCount - 1)
        while widths.reduce(0, +) + separators > width {
            guard let widest = widths.indices.max(by: { widths[$0] < widths[$1] }), widths[widest] > 1 else { break }
            widths[widest] -= 1
        }
        let divider = Span(" " + String(glyphs.vertical) + " ", style: theme.muted)
        func row(_ cells: [StyledLine]) -> StyledLine {
            var line = StyledLine()
            for (index, cell) in cells.enumerated() {
                if index > 0 { line.append(divider) }
                let fitted = cell.truncated(to: widths[index], ellipsis: glyphs.ellipsis)
                let alignment = index < alignments.count ? alignments[index] : .left
                let lead = alignment.offset(contentWidth: fitted.width, available: widths[index])
                line.append(String(repeating: " ", count: lead))
                for span in fitted.spans { line.append(span) }
                let trail = widths[index] - lead - fitted.width
                if index < cells.count - 1 { line.append(String(repeating: " ", count: max(0, trail))) }
            }
            return line
        }
        var rule = StyledLine()
        for (index, columnWidth) in widths.enumerated() {
            if index > 0 { rule.append(String(glyphs.horizontal) + String(glyphs.cross) + String(glyphs.horizontal), style: theme.muted) }
            rule.append(String(repeating: glyphs.horizontal, count: columnWidth), style: theme.muted)
        }
        return [row(headerLines), rule] + bodyLines.map(row)
    }
}
