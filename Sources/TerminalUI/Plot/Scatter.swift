// MARK: - Scatter

/// Points in several coloured groups on a braille canvas with the same axes as ``LineChart``,
/// and an optional line through a Pareto front (sorted by x before drawing).
///
/// With ASCII glyphs each point is drawn as ``Glyphs/point`` at cell resolution.
public struct Scatter: Widget, Sendable {
    /// One group of points in one style.
    public struct Group: Sendable {
        public var name: String
        public var points: [(x: Double, y: Double)]
        /// `nil` takes the theme's series style for this position.
        public var style: Style?

        /// Creates a group.
        public init(name: String, points: [(x: Double, y: Double)], style: Style? = nil) {
            self.name = name
            self.points = points
            self.style = style
        }
    }

    public var groups: [Group]
    /// Points of a Pareto front, joined by a line in ``Theme/accent``.
    public var paretoFront: [(x: Double, y: Double)]
    public var xAxis: Axis
    public var yAxis: Axis
    public var showsLegend: Bool
    public var theme: Theme
    public var glyphs: Glyphs

    /// Creates a scatter plot; both axes pad the data range by 5% by default.
    public init(groups: [Group], paretoFront: [(x: Double, y: Double)] = [],
                xAxis: Axis = Axis(padding: 0.05), yAxis: Axis = Axis(padding: 0.05),
                showsLegend: Bool = true, theme: Theme = .standard, glyphs: Glyphs = .unicode) {
        self.groups = groups
        self.paretoFront = paretoFront
        self.xAxis = xAxis
        self.yAxis = yAxis
        self.showsLegend = showsLegend
        self.theme = theme
        self.glyphs = glyphs
    }

    public func render(in area: Rect, into buffer: inout ScreenBuffer) {
        let area = area.intersection(buffer.area)
        guard !area.isEmpty else { return }
        let all = groups.flatMap(\.points) + paretoFront
        let frame = PlotFrame(area: area, xAxis: xAxis, yAxis: yAxis,
                              xData: PlotFrame.dataRange(all, usingX: true, axis: xAxis),
                              yData: PlotFrame.dataRange(all, usingX: false, axis: yAxis))
        var canvas = BrailleCanvas(columns: frame.plot.width, rows: frame.plot.height, glyphs: glyphs)
        let front = paretoFront.compactMap { point -> (x: Double, y: Double)? in
            guard let x = xAxis.transform(point.x), let y = yAxis.transform(point.y) else { return nil }
            return (frame.dotX(x), frame.dotY(y))
        }.sorted { $0.x < $1.x }
        let frontStyle = canvas.styleIndex(for: theme.accent)
        for (index, dot) in front.enumerated() {
            PlotFrame.drawSegment(index > 0 ? front[index - 1] : dot, dot, on: &canvas, styleIndex: frontStyle)
        }
        for (index, group) in groups.enumerated() {
            let style = group.style ?? theme.seriesStyle(index)
            let styleIndex = canvas.styleIndex(for: style)
            for point in group.points {
                guard let x = xAxis.transform(point.x), let y = yAxis.transform(point.y) else { continue }
                if glyphs.isUnicode {
                    canvas.set(x: Int(frame.dotX(x).rounded()), y: Int(frame.dotY(y).rounded()), styleIndex: styleIndex)
                } else if let cell = frame.cell(x: x, y: y) {
                    canvas.put(glyphs.point, column: cell.column, row: cell.row, style: style)
                }
            }
        }
        canvas.render(in: frame.plot, into: &buffer)
        frame.render(into: &buffer, theme: theme, glyphs: glyphs)
        if showsLegend {
            let entries = groups.enumerated().map { ($0.element.name, $0.element.style ?? theme.seriesStyle($0.offset)) }
            frame.renderLegend(entries, into: &buffer, theme: theme, glyphs: glyphs)
        }
    }
}
