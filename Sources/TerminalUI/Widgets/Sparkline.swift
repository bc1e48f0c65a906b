// MARK: - Sparkline

/// A compact bar per value using block characters `▁▂▃▄▅▆▇█`, newest value at the right.
///
/// Each value's height is `(v - low) / (high - low)` of the area height (in eighths of a cell),
/// with at least one eighth so the lowest value still shows. `low...high` is ``bounds`` or the
/// range of the visible values. Only the last `width` values are shown; NaN shows as a gap.
public struct Sparkline: Widget, Sendable {
    public var values: [Double]
    /// Fixed bounds; `nil` uses the min and max of the visible values.
    public var bounds: ClosedRange<Double>?
    public var style: Style
    public var glyphs: Glyphs

    /// Creates a sparkline; `bounds` `nil` fits the visible values.
    public init(values: [Double], bounds: ClosedRange<Double>? = nil, style: Style = Style(), glyphs: Glyphs = .unicode) {
        self.values = values
        self.bounds = bounds
        self.style = style
        self.glyphs = glyphs
    }

    public func render(in area: Rect, into buffer: inout ScreenBuffer) {
        let area = area.intersection(buffer.area)
        guard !area.isEmpty else { return }
        let visible = values.suffix(area.width)
        var low = Double.infinity, high = -Double.infinity
        if let bounds {
            low = bounds.lowerBound
            high = bounds.upperBound
        } else {
            for value in visible where value.isFinite {
                low = min(low, value)
                high = max(high, value)
            }
        }
        guard low <= high else { return }
        let totalEighths = area.height * 8
        for (offset, value) in visible.enumerated() {
            guard value.isFinite else { continue }
            let fraction = high > low ? (min(high, max(low, value)) - low) / (high - low) : 0.5
            let eighths = max(1, Int((fraction * Double(totalEighths)).rounded()))
            let column = area.x + offset
            for row in 0 ..< area.height {
                let filled = eighths - row * 8
                guard filled > 0 else { break }
                let character = glyphs.verticalLevels[min(8, filled) - 1]
                buffer.set(character: character, at: (column, area.bottom - 1 - row), style: style, clippedTo: area)
            }
        }
    }
}
