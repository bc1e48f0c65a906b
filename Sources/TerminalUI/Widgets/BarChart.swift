// MARK: - BarChart

/// Horizontal bars, one row each: `label │████████▌   0.91`.
///
/// Bar length is `value / maxValue` of the bar space, in eighths of a cell; negative and NaN
/// values draw no bar. Labels take at most a third of the width; rows past the area are cut.
public struct BarChart: Widget, Sendable {
    /// One bar.
    public struct Bar: Sendable {
        public var label: String
        public var value: Double
        /// `nil` takes the theme's series style for this position.
        public var style: Style?
        /// Text after the bar; `nil` shows the value in compact form.
        public var valueText: String?

        /// Creates a bar.
        public init(label: String, value: Double, style: Style? = nil, valueText: String? = nil) {
            self.label = label
            self.value = value
            self.style = style
            self.valueText = valueText
        }
    }

    public var bars: [Bar]
    /// The value of a full bar; `nil` uses the largest value.
    public var maxValue: Double?
    public var theme: Theme
    public var glyphs: Glyphs

    /// Creates a bar chart; `maxValue` `nil` scales to the largest bar.
    public init(bars: [Bar], maxValue: Double? = nil, theme: Theme = .standard, glyphs: Glyphs = .unicode) {
        self.bars = bars
        self.maxValue = maxValue
        self.theme = theme
        self.glyphs = glyphs
    }

    public func render(in area: Rect, into buffer: inout ScreenBuffer) {
        let area = area.intersection(buffer.area)
        guard !area.isEmpty, !bars.isEmpty else { return }
        let texts = bars.map { $0.valueText ?? NumberFormat.compact($0.value) }
        let labelWidth = min(bars.map { DisplayWidth.of($0.label) }.max() ?? 0, area.width / 3)
        let valueWidth = min(texts.map { DisplayWidth.of($0) }.max() ?? 0, area.width / 3)
        let barX = area.x + labelWidth + (labelWidth > 0 ? 1 : 0)
        let barWidth = area.right - barX - (valueWidth > 0 ? valueWidth + 1 : 0)
        let finiteValues = bars.map(\.value).filter { $0.isFinite }
        let top = maxValue ?? finiteValues.max() ?? 0
        for (index, bar) in bars.prefix(area.height).enumerated() {
            let row = area.y + index
            let label = bar.label.truncated(toWidth: labelWidth, ellipsis: glyphs.ellipsis)
            buffer.set(string: label, at: (area.x, row), style: theme.text, clippedTo: area)
            let text = texts[index].truncated(toWidth: valueWidth, ellipsis: glyphs.ellipsis)
            buffer.set(string: text, at: (area.right - DisplayWidth.of(text), row), style: theme.muted, clippedTo: area)
            guard barWidth > 0, top > 0, bar.value.isFinite, bar.value > 0 else { continue }
            let fraction = min(1, bar.value / top)
            let eighths = glyphs.isUnicode
                ? Int((fraction * Double(barWidth * 8)).rounded())
                : Int((fraction * Double(barWidth)).rounded()) * 8
            let style = bar.style ?? theme.seriesStyle(index)
            for offset in 0 ..< barWidth {
                let filled = eighths - offset * 8
                guard filled > 0 else { break }
                buffer.set(character: glyphs.horizontalLevels[min(8, filled) - 1], at: (barX + offset, row),
                           style: style, clippedTo: area)
            }
        }
    }
}
