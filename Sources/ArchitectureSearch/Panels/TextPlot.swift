import TerminalUI

/// A character grid plot: each series is drawn with its own symbol, later series on top. Text only, so
/// panels are exact to test and readable on any terminal.
struct TextPlot: Sendable {
    struct Series: Sendable {
        let symbol: Character
        /// (x, y) points.
        let points: [(x: Double, y: Double)]
    }

    let series: [Series]

    /// Rows of `width` characters, top row first; x and y ranges cover every point (a flat range is widened).
    func rows(width: Int, height: Int) -> [String] {
        guard width > 0, height > 0 else { return [] }
        let all = series.flatMap(\.points)
        guard !all.isEmpty else { return Array(repeating: String(repeating: " ", count: width), count: height) }
        var (xLow, xHigh) = (all.map(\.x).min()!, all.map(\.x).max()!)
        var (yLow, yHigh) = (all.map(\.y).min()!, all.map(\.y).max()!)
        if xHigh == xLow { xLow -= 0.5; xHigh += 0.5 }
        if yHigh == yLow { yLow -= 0.5; yHigh += 0.5 }
        var grid = Array(repeating: Array(repeating: Character(" "), count: width), count: height)
        for line in series {
            for point in line.points where point.x.isFinite && point.y.isFinite {
                let column = Int(((point.x - xLow) / (xHigh - xLow) * Double(width - 1)).rounded())
                let row = height - 1 - Int(((point.y - yLow) / (yHigh - yLow) * Double(height - 1)).rounded())
                grid[row][column] = line.symbol
            }
        }
        return grid.map { String($0) }
    }
}

/// Draws text lines into `area`, clipped.
func draw(_ lines: [String], in area: Rect, into buffer: inout ScreenBuffer) {
    guard area.width > 0, area.height > 0 else { return }
    for (row, line) in lines.prefix(area.height).enumerated() {
        _ = buffer.set(string: String(line.prefix(area.width)), at: (area.x, area.y + row), clippedTo: area)
    }
}
