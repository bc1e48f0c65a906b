// MARK: - PlotFrame

/// The axes around a plot, shared by ``LineChart`` and ``Scatter``: lays out the label column,
/// the axis rows and the titles, maps axis-space values to canvas dots, and draws it all.
///
/// ```
/// loss                  <- y title (top row)
///  1.0┤⠑⢄
///     │  ⠑⢄             <- plot: a braille canvas
///    0┤    ⠑⠢
///     └┬────┬────┬      <- x axis with ticks
///      0   50  100      <- x labels, centred under ticks
///                step   <- x title (right-aligned)
/// ```
/// When the area is too small for axes (fewer than 2 plot rows or 4 plot columns left) the
/// plot takes the whole area and no axes are drawn.
struct PlotFrame {
    let area: Rect
    /// The cells of the canvas.
    let plot: Rect
    let showsAxes: Bool
    let xAxis: Axis
    let yAxis: Axis
    let xLow: Double, xHigh: Double
    let yLow: Double, yHigh: Double
    let xTicks: [(position: Double, label: String)]
    let yTicks: [(position: Double, label: String)]

    init(area: Rect, xAxis: Axis, yAxis: Axis, xData: (min: Double, max: Double)?, yData: (min: Double, max: Double)?) {
        self.area = area
        self.xAxis = xAxis
        self.yAxis = yAxis
        (xLow, xHigh) = xAxis.resolvedRange(dataMin: xData?.min, dataMax: xData?.max)
        (yLow, yHigh) = yAxis.resolvedRange(dataMin: yData?.min, dataMax: yData?.max)
        let titleRows = (yAxis.title != nil && area.height >= 6 ? 1 : 0)
        let xTitleRows = (xAxis.title != nil && area.height >= 6 ? 1 : 0)
        let plotHeight = area.height - titleRows - xTitleRows - 2
        let yTicks = plotHeight >= 2 ? yAxis.ticks(low: yLow, high: yHigh, maxCount: max(2, plotHeight / 3 + 1)) : []
        let labelWidth = max(1, yTicks.map { DisplayWidth.of($0.label) }.max() ?? 1)
        let plotWidth = area.width - labelWidth - 1
        guard plotHeight >= 2, plotWidth >= 4 else {
            plot = area
            showsAxes = false
            xTicks = []
            self.yTicks = []
            return
        }
        showsAxes = true
        plot = Rect(x: area.x + labelWidth + 1, y: area.y + titleRows, width: plotWidth, height: plotHeight)
        self.yTicks = yTicks
        xTicks = xAxis.ticks(low: xLow, high: xHigh, maxCount: max(2, plotWidth / 8))
    }

    // MARK: - Mapping

    var dotWidth: Int { plot.width * 2 }
    var dotHeight: Int { plot.height * 4 }
    /// Dots per axis unit: `(dotWidth - 1) / (xHigh - xLow)`.
    var xFactor: Double { Double(dotWidth - 1) / (xHigh - xLow) }
    /// Dots per axis unit: `(dotHeight - 1) / (yHigh - yLow)`.
    var yFactor: Double { Double(dotHeight - 1) / (yHigh - yLow) }

    /// Dot column of an axis-space x (may fall outside the canvas): `(x - xLow) * xFactor`.
    @inline(__always)
    func dotX(_ x: Double) -> Double { (x - xLow) * xFactor }

    /// Dot row of an axis-space y, 0 at the top (may fall outside the canvas):
    /// `(yHigh - y) * yFactor`.
    @inline(__always)
    func dotY(_ y: Double) -> Double { (yHigh - y) * yFactor }

    /// The canvas cell of an axis-space point, or `nil` outside the plot.
    func cell(x: Double, y: Double) -> (column: Int, row: Int)? {
        let dx = dotX(x).rounded(), dy = dotY(y).rounded()
        guard dx >= 0, dy >= 0, dx < Double(dotWidth), dy < Double(dotHeight) else { return nil }
        return (Int(dx) / 2, Int(dy) / 4)
    }

    // MARK: - Drawing

    /// Draws axis lines, ticks, tick labels and titles (not the plot itself).
    func render(into buffer: inout ScreenBuffer, theme: Theme, glyphs: Glyphs) {
        guard showsAxes else { return }
        let axisStyle = theme.border, labelStyle = theme.muted
        let axisColumn = plot.x - 1, axisRow = plot.bottom
        for row in plot.y ..< plot.bottom {
            buffer.set(character: glyphs.vertical, at: (axisColumn, row), style: axisStyle, clippedTo: area)
        }
        for column in plot.x ..< plot.right {
            buffer.set(character: glyphs.horizontal, at: (column, axisRow), style: axisStyle, clippedTo: area)
        }
        buffer.set(character: glyphs.bottomLeft, at: (axisColumn, axisRow), style: axisStyle, clippedTo: area)
        var usedRows = Set<Int>()
        for tick in yTicks {
            let dot = dotY(tick.position).rounded()
            guard dot >= 0, dot < Double(dotHeight) else { continue }
            let row = plot.y + Int(dot) / 4
            guard usedRows.insert(row).inserted else { continue }
            buffer.set(character: glyphs.teeLeft, at: (axisColumn, row), style: axisStyle, clippedTo: area)
            let start = axisColumn - DisplayWidth.of(tick.label)
            buffer.set(string: tick.label, at: (start, row), style: labelStyle, clippedTo: area)
        }
        var nextFree = area.x
        for tick in xTicks {
            let dot = dotX(tick.position).rounded()
            guard dot >= 0, dot < Double(dotWidth) else { continue }
            let column = plot.x + Int(dot) / 2
            buffer.set(character: glyphs.teeDown, at: (column, axisRow), style: axisStyle, clippedTo: area)
            let width = DisplayWidth.of(tick.label)
            let start = min(max(column - (width - 1) / 2, area.x), area.right - width)
            guard start >= nextFree else { continue }
            buffer.set(string: tick.label, at: (start, axisRow + 1), style: labelStyle, clippedTo: area)
            nextFree = start + width + 1
        }
        if let title = yAxis.title, plot.y > area.y {
            buffer.set(string: title, at: (area.x, area.y), style: labelStyle, clippedTo: area)
        }
        if let title = xAxis.title, axisRow + 2 < area.bottom {
            let start = max(area.x, area.right - DisplayWidth.of(title))
            buffer.set(string: title, at: (start, axisRow + 2), style: labelStyle, clippedTo: area)
        }
    }

    /// Draws legend entries (`── name`) at the top-right inside the plot, over a cleared
    /// background, and returns the cells they cover; nil (nothing drawn) when they do not fit.
    @discardableResult
    func renderLegend(_ entries: [(name: String, style: Style)], into buffer: inout ScreenBuffer,
                      theme: Theme, glyphs: Glyphs) -> Rect? {
        guard !entries.isEmpty else { return nil }
        let sampleWidth = DisplayWidth.of(glyphs.legendLine)
        let width = sampleWidth + 1 + (entries.map { DisplayWidth.of($0.name) }.max() ?? 0)
        guard plot.width >= width + 2, plot.height >= entries.count else { return nil }
        let box = Rect(x: plot.right - width, y: plot.y, width: width, height: entries.count)
        buffer.fill(box, style: theme.text)
        for (index, entry) in entries.enumerated() {
            let used = buffer.set(string: glyphs.legendLine, at: (box.x, box.y + index), style: entry.style, clippedTo: box)
            buffer.set(string: entry.name, at: (box.x + used + 1, box.y + index), style: theme.text, clippedTo: box)
        }
        return box
    }

    // MARK: - Data ranges

    /// The min and max of the x (or y) values of `points` that `axis` can show, merged with
    /// `range`; `nil` when there are none.
    static func dataRange(_ points: [(x: Double, y: Double)], usingX: Bool, axis: Axis,
                          merging range: (min: Double, max: Double)? = nil) -> (min: Double, max: Double)? {
        var low = range?.min ?? .infinity, high = range?.max ?? -.infinity
        for point in points {
            guard let mapped = axis.transform(usingX ? point.x : point.y) else { continue }
            if mapped < low { low = mapped }
            if mapped > high { high = mapped }
        }
        return low <= high ? (low, high) : nil
    }

    /// Clips the segment between two dot positions to the canvas (Liang–Barsky) and draws it.
    static func drawSegment(_ from: (x: Double, y: Double), _ to: (x: Double, y: Double),
                            on canvas: inout BrailleCanvas, styleIndex: Int) {
        let maxX = Double(canvas.dotWidth) - 0.5, maxY = Double(canvas.dotHeight) - 0.5
        var t0 = 0.0, t1 = 1.0
        let dx = to.x - from.x, dy = to.y - from.y
        /// Narrows [t0, t1] to where p * t <= q; false when nothing is left.
        func clip(_ p: Double, _ q: Double) -> Bool {
            if p == 0 { return q >= 0 }
            let t = q / p
            if p < 0 { if t > t1 { return false }; t0 = max(t0, t) } else { if t < t0 { return false }; t1 = min(t1, t) }
            return true
        }
        guard clip(-dx, from.x + 0.5), clip(dx, maxX - from.x), clip(-dy, from.y + 0.5), clip(dy, maxY - from.y) else { return }
        let start = (x: Int((from.x + t0 * dx).rounded()), y: Int((from.y + t0 * dy).rounded()))
        let end = (x: Int((from.x + t1 * dx).rounded()), y: Int((from.y + t1 * dy).rounded()))
        canvas.line(from: start, to: end, styleIndex: styleIndex)
    }
}
