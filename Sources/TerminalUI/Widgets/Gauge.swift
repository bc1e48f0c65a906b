// MARK: - Gauge

/// A progress bar: `label ██████▌░░░░░░  45%`, on the middle row of the area.
///
/// The bar fills `ratio` of its width in eighths of a cell (whole `#` cells in ASCII). The
/// label is cut when space runs short; below 4 columns only the percentage is shown.
public struct Gauge: Widget, Sendable {
    /// Progress in 0...1 (clamped; NaN counts as 0).
    public var ratio: Double
    public var label: String?
    public var showsPercent: Bool
    public var theme: Theme
    public var glyphs: Glyphs

    /// Creates a gauge for `ratio` in 0...1 with an optional label on the left.
    public init(ratio: Double, label: String? = nil, showsPercent: Bool = true,
                theme: Theme = .standard, glyphs: Glyphs = .unicode) {
        self.ratio = ratio
        self.label = label
        self.showsPercent = showsPercent
        self.theme = theme
        self.glyphs = glyphs
    }

    /// `ratio` clamped into 0...1.
    public var clampedRatio: Double { ratio.isNaN ? 0 : min(1, max(0, ratio)) }

    public func render(in area: Rect, into buffer: inout ScreenBuffer) {
        let area = area.intersection(buffer.area)
        guard !area.isEmpty else { return }
        let row = area.row(area.height / 2)
        let percent = showsPercent ? String(Int((clampedRatio * 100).rounded(.down))) + "%" : ""
        let percentWidth = percent.count
        var barStart = row.x
        if let label, !label.isEmpty, row.width >= percentWidth + 6 {
            let maxLabel = max(0, min(DisplayWidth.of(label), (row.width - percentWidth) / 2))
            let text = label.truncated(toWidth: maxLabel, ellipsis: glyphs.ellipsis)
            barStart += buffer.set(string: text, at: (row.x, row.y), style: theme.text, clippedTo: row) + 1
        }
        let percentSpace = showsPercent ? percentWidth + 1 : 0
        let barWidth = row.right - barStart - percentSpace
        if showsPercent {
            let start = row.right - percentWidth
            buffer.set(string: percent, at: (max(row.x, start), row.y), style: theme.accent, clippedTo: row)
        }
        guard barWidth >= 1 else { return }
        drawBar(Rect(x: barStart, y: row.y, width: barWidth, height: 1), into: &buffer)
    }

    private func drawBar(_ bar: Rect, into buffer: inout ScreenBuffer) {
        let eighths = glyphs.isUnicode
            ? Int((clampedRatio * Double(bar.width * 8)).rounded(.down))
            : Int((clampedRatio * Double(bar.width)).rounded(.down)) * 8
        for offset in 0 ..< bar.width {
            let filled = eighths - offset * 8
            let column = bar.x + offset
            if filled >= 8 {
                buffer.set(character: glyphs.horizontalLevels[7], at: (column, bar.y), style: theme.accent, clippedTo: bar)
            } else if filled > 0 {
                buffer.set(character: glyphs.horizontalLevels[filled - 1], at: (column, bar.y), style: theme.accent, clippedTo: bar)
            } else {
                buffer.set(character: glyphs.gaugeEmpty, at: (column, bar.y), style: theme.muted, clippedTo: bar)
            }
        }
    }
}
