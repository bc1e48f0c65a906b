import Lab
import TerminalUI

/// How the loss plot is drawn (keys l, m, z).
struct PlotOptions: Equatable {
    var logScale = false
    var smoothing = true
    /// Show only the last N steps (nil: all).
    var zoom: Int?

    mutating func cycleZoom() {
        zoom = switch zoom { case nil: 1000; case 1000: 200; default: nil }
    }
}

extension WorkbenchApp {
    /// The training loss per step (smoothed with an exponential moving average, β = 0.9, when
    /// asked) and the held-out loss per epoch, in two colours, with NaN markers.
    func renderLossPlot(_ s: RunSnapshot, into buffer: inout ScreenBuffer, area: Rect) {
        let block = Block(title: "Loss", rightTitle: plotTitle, isFocused: runnerFocus == .plot, theme: theme, glyphs: glyphs)
        block.render(in: area, into: &buffer)
        let inner = block.inner(area)
        let start = plotOptions.zoom.map { max(0, s.stepLosses.count - $0) } ?? 0
        var train: [(x: Double, y: Double)] = []
        var average: Double?
        for (index, loss) in s.stepLosses.enumerated() {
            let value = Double(loss)
            average = plotOptions.smoothing ? (average.map { 0.9 * $0 + 0.1 * value } ?? value) : value
            if index >= start { train.append((Double(index + 1), average!)) }
        }
        train = downsample(train, to: max(2 * inner.width * 2, 64))
        var series = [LineChart.Series(name: plotOptions.smoothing ? "train (smoothed)" : "train", points: train)]
        if let name = s.epochs.last?.metrics.first(where: { !$0.higherIsBetter && $0.name.contains("loss") })?.name {
            let points = s.epochs.compactMap { epoch in
                epoch.metric(name).map { (x: Double(epoch.epoch * max(s.stepsPerEpoch, 1)), y: $0) }
            }.filter { $0.x >= Double(start) }
            series.append(LineChart.Series(name: name, points: points))
        }
        let markers = s.divergenceSteps.map { LineChart.Marker(x: Double($0)) }
        LineChart(series: series, xAxis: Axis(title: "step"),
                  yAxis: Axis(title: plotOptions.logScale ? "loss (log)" : "loss",
                              scale: plotOptions.logScale ? .logarithmic : .linear, padding: 0.05),
                  markers: markers, theme: theme, glyphs: glyphs).render(in: inner, into: &buffer)
    }

    private var plotTitle: String {
        [plotOptions.logScale ? "log" : nil, plotOptions.smoothing ? "smoothed" : nil,
         plotOptions.zoom.map { "last \($0)" }].compactMap { $0 }.joined(separator: ", ")
    }

    /// Averages consecutive points so a long history costs a bounded number of points.
    func downsample(_ points: [(x: Double, y: Double)], to limit: Int) -> [(x: Double, y: Double)] {
        guard points.count > limit, limit > 0 else { return points }
        let bucket = (points.count + limit - 1) / limit
        return stride(from: 0, to: points.count, by: bucket).map { start in
            let slice = points[start..<min(start + bucket, points.count)]
            return (slice.last!.x, slice.reduce(0) { $0 + $1.y } / Double(slice.count))
        }
    }

    func renderMetrics(_ s: RunSnapshot, into buffer: inout ScreenBuffer, area: Rect) {
        let block = Block(title: "Metrics", rightTitle: "now / best", theme: theme, glyphs: glyphs)
        block.render(in: area, into: &buffer)
        let best = s.bestMetrics
        var rows = (s.epochs.last?.metrics ?? []).map { metric -> [String] in
            let top = best.first { $0.name == metric.name }?.value ?? metric.value
            return [metric.name, format(metric.value), format(top)]
        }
        if let last = s.epochs.last { rows.insert(["train loss (epoch)", format(last.trainLoss), ""], at: 0) }
        if rows.isEmpty { rows = [["(after the first epoch)", "", ""]] }
        Table(columns: [Table.Column("metric"), Table.Column("now", width: .fixed(7)), Table.Column("best", width: .fixed(7))],
              rows: rows, showsHeader: false, theme: theme, glyphs: glyphs).render(in: block.inner(area), into: &buffer)
    }

    func renderSettings(_ s: RunSnapshot, into buffer: inout ScreenBuffer, area: Rect) {
        let pending = s.pendingRestartKeys.isEmpty ? nil : "r to apply"
        let block = Block(title: "Settings", rightTitle: pending, isFocused: runnerFocus == .settings, theme: theme, glyphs: glyphs)
        block.render(in: area, into: &buffer)
        let rows = s.hyperparameters.all.map { setting -> [String] in
            let mark = s.pendingRestartKeys.contains(setting.key) ? "*" : setting.isLiveEditable ? "live" : ""
            return [setting.key, setting.value.description, mark]
        }
        Table(columns: [Table.Column("setting"), Table.Column("value", width: .fixed(9), alignment: .right),
                        Table.Column("", width: .fixed(4))],
              rows: rows, selectedRow: runnerFocus == .settings ? hyperparameterSelection : nil,
              theme: theme, glyphs: glyphs).render(in: block.inner(area), into: &buffer)
    }

    /// Tabs: the step-through inspector, the model summary, then the topic's own panels.
    func renderBottomPanel(_ s: RunSnapshot, into buffer: inout ScreenBuffer, area: Rect) {
        let panels: [any TopicPanel] = (s.inputPanel.map { [$0] } ?? []) + s.panels
        let titles = ["Inspector", "Model"] + panels.map(\.title)
        let tab = bottomTab % titles.count
        let block = Block(title: titles[tab], rightTitle: "p: \(titles[(tab + 1) % titles.count]) ›",
                          isFocused: runnerFocus == .bottom, theme: theme, glyphs: glyphs)
        block.render(in: area, into: &buffer)
        let inner = block.inner(area)
        switch tab {
        case 0: renderInspector(s, into: &buffer, area: inner)
        case 1:
            let rows = s.modelSummary.map { [$0.layer, $0.shape, "\($0.parameters)"] } + [["total", "", "\(s.parameterCount)"]]
            Table(columns: [Table.Column("parameter"), Table.Column("shape"), Table.Column("values", width: .fixed(9))],
                  rows: rows, theme: theme, glyphs: glyphs).render(in: inner, into: &buffer)
        default:
            panels[tab - 2].render(in: inner, into: &buffer)
        }
    }

    private func renderInspector(_ s: RunSnapshot, into buffer: inout ScreenBuffer, area: Rect) {
        guard !s.inspector.isEmpty else {
            Paragraph(text: "Pause (space) and step (n): this panel then shows, for every parameter, the size of its "
                      + "values, of its gradient and of the last update. |Δw|/|w| near 1e-3 is healthy; near 1 the "
                      + "learning rate is too high.", style: theme.muted).render(in: area, into: &buffer)
            return
        }
        let columns = Layout(.horizontal, [.fill(1), .fixed(min(24, area.width / 4))], spacing: 1).split(area)
        let rows = s.inspector.map { [$0.name, format($0.valueNorm), $0.gradientNorm.map(format) ?? "—",
                                      $0.updateNorm.map(format) ?? "new", $0.updateRatio.map(format) ?? "—"] }
        Table(columns: [Table.Column("parameter"), Table.Column("|w|", width: .fixed(6)),
                        Table.Column("|g|", width: .fixed(6)), Table.Column("|Δw|", width: .fixed(6)),
                        Table.Column("|Δw|/|w|", width: .fixed(8))],
              rows: rows, theme: theme, glyphs: glyphs).render(in: columns[0], into: &buffer)
        if let first = s.inspector.first {
            buffer.set(string: "histogram: \(first.name)", at: (columns[1].x, columns[1].y), style: theme.muted, clippedTo: columns[1])
            Histogram(values: first.sample, binCount: max(4, columns[1].width / 2), theme: theme, glyphs: glyphs)
                .render(in: Rect(x: columns[1].x, y: columns[1].y + 1, width: columns[1].width, height: max(0, columns[1].height - 1)),
                        into: &buffer)
        }
    }

    func format(_ value: Double) -> String { NumberFormat.compact(value, significantDigits: 3) }
}
