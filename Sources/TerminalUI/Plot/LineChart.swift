// MARK: - LineChart

/// Several named series drawn as braille lines over x and y axes, with a legend at the
/// top-right inside the plot.
///
/// Points whose x or y is NaN or infinite (or not positive on a log axis) are skipped, and the
/// line breaks there. With automatic bounds the y range gets ``Axis/padding`` on each side
/// (5% by default) and the x range fits the data exactly; a constant series or a single point
/// gets a widened range so it still shows.
public struct LineChart: Widget, Sendable {
    /// One named line.
    public struct Series: Sendable {
        public var name: String
        public var points: [(x: Double, y: Double)]
        /// `nil` takes the theme's series style for this position.
        public var style: Style?

        /// Creates a series from points.
        public init(name: String, points: [(x: Double, y: Double)], style: Style? = nil) {
            self.name = name
            self.points = points
            self.style = style
        }

        /// Creates a series from values at x = 0, 1, 2, ...
        public init(name: String, values: [Double], style: Style? = nil) {
            self.init(name: name, points: values.enumerated().map { (Double($0.offset), $0.element) }, style: style)
        }
    }

    /// A special point shown as a character, e.g. a red `×` where the loss became NaN; drawn
    /// over the lines, and below the legend where it would cover it.
    public struct Marker: Sendable {
        public var x: Double
        /// `nil` (or non-finite) puts the marker on the top row of the plot.
        public var y: Double?
        /// `nil` uses ``Glyphs/marker``.
        public var symbol: Character?
        /// `nil` uses ``Theme/bad``.
        public var style: Style?

        /// Creates a marker at data coordinates.
        public init(x: Double, y: Double? = nil, symbol: Character? = nil, style: Style? = nil) {
            self.x = x
            self.y = y
            self.symbol = symbol
            self.style = style
        }
    }

    public var series: [Series]
    public var xAxis: Axis
    public var yAxis: Axis
    public var markers: [Marker]
    public var showsLegend: Bool
    public var theme: Theme
    public var glyphs: Glyphs

    /// Creates a chart. The default y axis pads the data range by 5% on each side.
    public init(series: [Series], xAxis: Axis = Axis(), yAxis: Axis = Axis(padding: 0.05),
                markers: [Marker] = [], showsLegend: Bool = true,
                theme: Theme = .standard, glyphs: Glyphs = .unicode) {
        self.series = series
        self.xAxis = xAxis
        self.yAxis = yAxis
        self.markers = markers
        self.showsLegend = showsLegend
        self.theme = theme
        self.glyphs = glyphs
    }

    public func render(in area: Rect, into buffer: inout ScreenBuffer) {
        let area = area.intersection(buffer.area)
        guard !area.isEmpty else { return }
        let frame = PlotFrame(area: area, xAxis: xAxis, yAxis: yAxis,
                              xData: dataRange(usingX: true, axis: xAxis), yData: dataRange(usingX: false, axis: yAxis))
        var canvas = BrailleCanvas(columns: frame.plot.width, rows: frame.plot.height, glyphs: glyphs)
        for (index, line) in series.enumerated() {
            let styleIndex = canvas.styleIndex(for: line.style ?? theme.seriesStyle(index))
            draw(line, frame: frame, styleIndex: styleIndex, on: &canvas)
        }
        canvas.render(in: frame.plot, into: &buffer)
        frame.render(into: &buffer, theme: theme, glyphs: glyphs)
        var legend: Rect?
        if showsLegend {
            let entries = series.enumerated().map { ($0.element.name, $0.element.style ?? theme.seriesStyle($0.offset)) }
            legend = frame.renderLegend(entries, into: &buffer, theme: theme, glyphs: glyphs)
        }
        // Markers go last so that the lines do not hide them; one that would land on the legend's
        // words ("t▼ain") goes just below the legend instead.
        for marker in markers {
            guard let x = xAxis.transform(marker.x) else { continue }
            let y = marker.y.flatMap { yAxis.transform($0) } ?? frame.yHigh
            guard let cell = frame.cell(x: x, y: min(y, frame.yHigh)) else { continue }
            var position = (x: frame.plot.x + cell.column, y: frame.plot.y + cell.row)
            if let legend, legend.contains(x: position.x, y: position.y) { position.y = legend.y + legend.height }
            buffer.set(character: marker.symbol ?? glyphs.marker, at: position, style: marker.style ?? theme.bad, clippedTo: frame.plot)
        }
    }

    // MARK: - Helpers

    private func dataRange(usingX: Bool, axis: Axis) -> (min: Double, max: Double)? {
        var result: (min: Double, max: Double)?
        for line in series { result = PlotFrame.dataRange(line.points, usingX: usingX, axis: axis, merging: result) }
        return result
    }

    /// Connects consecutive valid points; an isolated valid point becomes one dot. Points that
    /// land on the dot already drawn are skipped (thousands of points share few dot columns).
    private func draw(_ line: Series, frame: PlotFrame, styleIndex: Int, on canvas: inout BrailleCanvas) {
        let width = Double(canvas.dotWidth), height = Double(canvas.dotHeight)
        let xLow = frame.xLow, xFactor = frame.xFactor, yHigh = frame.yHigh, yFactor = frame.yFactor
        let linear = xAxis.scale == .linear && yAxis.scale == .linear
        var previous: (x: Double, y: Double)?
        var previousDot: (x: Int, y: Int)?      // set only while the previous point is inside
        for point in line.points {
            var x = point.x, y = point.y
            if !linear {
                guard let mappedX = xAxis.transform(x), let mappedY = yAxis.transform(y) else {
                    previous = nil
                    previousDot = nil
                    continue
                }
                x = mappedX
                y = mappedY
            }
            guard x.isFinite && y.isFinite else {
                previous = nil
                previousDot = nil
                continue
            }
            let dot = (x: (x - xLow) * xFactor, y: (yHigh - y) * yFactor)
            if dot.x >= 0, dot.y >= 0, dot.x < width - 0.5, dot.y < height - 0.5 {
                let rounded = (x: Int(dot.x + 0.5), y: Int(dot.y + 0.5))
                if let last = previousDot {
                    if last != rounded { canvas.line(from: last, to: rounded, styleIndex: styleIndex) }
                } else {
                    PlotFrame.drawSegment(previous ?? dot, dot, on: &canvas, styleIndex: styleIndex)
                }
                previousDot = rounded
            } else {
                PlotFrame.drawSegment(previous ?? dot, dot, on: &canvas, styleIndex: styleIndex)
                previousDot = nil
            }
            previous = dot
        }
    }
}
