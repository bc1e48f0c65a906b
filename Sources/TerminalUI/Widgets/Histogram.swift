// MARK: - Histogram

/// Bins values into equal-width bins over their range and draws one vertical bar per bin with
/// block characters, with the min and max printed under the bars.
///
/// Bin of `v`: `min(count - 1, floor((v - min) / (max - min) * count))`; when all values are
/// equal they all fall in the first bin. Non-finite values are ignored. When the area has
/// fewer columns than bins, the values are re-binned into one bin per column.
public struct Histogram: Widget, Sendable {
    public var values: [Float]
    public var binCount: Int
    public var theme: Theme
    public var glyphs: Glyphs

    /// Creates a histogram of `values` in `binCount` equal bins.
    public init(values: [Float], binCount: Int = 20, theme: Theme = .standard, glyphs: Glyphs = .unicode) {
        self.values = values
        self.binCount = binCount
        self.theme = theme
        self.glyphs = glyphs
    }

    /// The counts per bin and the range binned; `nil` when there is no finite value or no bin.
    public static func bin(_ values: [Float], count: Int) -> (counts: [Int], min: Float, max: Float)? {
        guard count > 0 else { return nil }
        var low = Float.infinity, high = -Float.infinity
        for value in values where value.isFinite {
            low = Swift.min(low, value)
            high = Swift.max(high, value)
        }
        guard low <= high else { return nil }
        var counts = Array(repeating: 0, count: count)
        let span = high - low
        for value in values where value.isFinite {
            let index = span > 0 ? Int(Double(value - low) / Double(span) * Double(count)) : 0
            counts[Swift.min(count - 1, Swift.max(0, index))] += 1
        }
        return (counts, low, high)
    }

    public func render(in area: Rect, into buffer: inout ScreenBuffer) {
        let area = area.intersection(buffer.area)
        guard !area.isEmpty else { return }
        let labelRows = area.height >= 3 ? 1 : 0
        let bars = area.inset(bottom: labelRows)
        guard let binned = Histogram.bin(values, count: Swift.min(binCount, area.width)) else { return }
        let top = binned.counts.max() ?? 0
        let columns = binned.counts.count
        for (index, count) in binned.counts.enumerated() where count > 0 && top > 0 {
            let start = bars.x + index * bars.width / columns
            let end = bars.x + (index + 1) * bars.width / columns
            let eighths = Swift.max(1, Int((Double(count) / Double(top) * Double(bars.height * 8)).rounded()))
            let style = theme.seriesStyle(0)
            for column in start ..< end {
                for row in 0 ..< bars.height {
                    let filled = eighths - row * 8
                    guard filled > 0 else { break }
                    buffer.set(character: glyphs.verticalLevels[Swift.min(8, filled) - 1],
                               at: (column, bars.bottom - 1 - row), style: style, clippedTo: bars)
                }
            }
        }
        guard labelRows == 1 else { return }
        let labelRow = area.row(area.height - 1)
        let minText = NumberFormat.compact(Double(binned.min))
        let maxText = NumberFormat.compact(Double(binned.max))
        let used = buffer.set(string: minText, at: (labelRow.x, labelRow.y), style: theme.muted, clippedTo: labelRow)
        let maxStart = labelRow.right - DisplayWidth.of(maxText)
        if maxStart > labelRow.x + used {
            buffer.set(string: maxText, at: (maxStart, labelRow.y), style: theme.muted, clippedTo: labelRow)
        }
    }
}
