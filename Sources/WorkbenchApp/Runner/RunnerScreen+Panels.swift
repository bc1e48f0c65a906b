import Lab
import TerminalUI
import TopicViews

extension RunnerScreen {
    /// The training loss per step (smoothed with an exponential moving average, β = 0.9, when
    /// asked) and the held-out loss per epoch, with markers where the loss became NaN (×) and
    /// where a setting was changed live (▼).
    func renderLossPlot(_ s: RunSnapshot, into buffer: inout ScreenBuffer, area: Rect, _ context: ScreenContext) {
        let theme = context.theme, glyphs = context.glyphs
        var title = [plotOptions.logScale ? "log" : nil, plotOptions.smoothing ? "smoothed" : nil,
                     plotOptions.zoom.map { "last \($0)" }].compactMap { $0 }.joined(separator: ", ")
        if !s.changes.isEmpty { title = "\(glyphs.isUnicode ? "▼" : "v") changes  " + title }
        let block = Block(title: "Loss", rightTitle: title, isFocused: focus == .plot, theme: theme, glyphs: glyphs)
        block.render(in: area, into: &buffer)
        let inner = block.inner(area)
        let values = plotOptions.smoothing ? view.smoothedLosses : view.losses
        let start = plotOptions.zoom.map { max(0, values.count - $0) } ?? 0
        let train = Self.downsample(values, from: start, to: max(4 * inner.width, 64))
        var series = [LineChart.Series(name: plotOptions.smoothing ? "train (smoothed)" : "train", points: train)]
        if let name = s.epochs.last?.metrics.first(where: { !$0.higherIsBetter && $0.name.contains("loss") })?.name {
            let points = s.epochs.compactMap { epoch in
                epoch.metric(name).map { (x: Double(epoch.epoch * max(s.stepsPerEpoch, 1)), y: $0) }
            }.filter { $0.x >= Double(start) }
            series.append(LineChart.Series(name: name, points: points))
        }
        let markers = s.divergenceSteps.map { LineChart.Marker(x: Double($0)) }
            + s.changes.filter { $0.step > start }.map {
                LineChart.Marker(x: Double($0.step), symbol: glyphs.isUnicode ? "▼" : "v", style: theme.warning)
            }
        LineChart(series: series, xAxis: Axis(title: "step", wholeNumbers: true),
                  yAxis: Axis(title: plotOptions.logScale ? "loss (log)" : "loss",
                              scale: plotOptions.logScale ? .logarithmic : .linear, padding: 0.05),
                  markers: markers, theme: theme, glyphs: glyphs).render(in: inner, into: &buffer)
    }

    /// Points (step, mean of a bucket) of `values[start...]`, at most about `limit` of them.
    static func downsample(_ values: [Double], from start: Int, to limit: Int) -> [(x: Double, y: Double)] {
        let count = values.count - start
        guard count > 0 else { return [] }
        let bucket = max(1, (count + limit - 1) / limit)
        return stride(from: start, to: values.count, by: bucket).map { first in
            let end = min(first + bucket, values.count)
            var sum = 0.0
            for index in first..<end { sum += values[index] }
            return (Double(end), sum / Double(end - first))
        }
    }

    /// Every metric of the last evaluation, now and best, scrolling when they do not fit.
    func renderMetrics(_ s: RunSnapshot, into buffer: inout ScreenBuffer, area: Rect, _ context: ScreenContext) {
        let theme = context.theme, glyphs = context.glyphs
        // Names come first: in a narrow column the best values give way to them.
        let showsBest = area.width >= 36
        let block = Block(title: "Metrics", rightTitle: showsBest ? "now / best" : "now", isFocused: focus == .metrics,
                          theme: theme, glyphs: glyphs)
        block.render(in: area, into: &buffer)
        let best = s.bestMetrics
        var rows = (s.epochs.last?.metrics ?? []).map { metric -> [String] in
            let top = best.first { $0.name == metric.name }?.value ?? metric.value
            return [metric.name, NumberFormat.compact(metric.value, fitting: 7)]
                + (showsBest ? [NumberFormat.compact(top, fitting: 7)] : [])
        }
        if let last = s.epochs.last {
            rows.insert(["train loss (epoch)", NumberFormat.compact(last.trainLoss, fitting: 7)] + (showsBest ? [""] : []), at: 0)
        }
        guard !rows.isEmpty else {
            Paragraph(text: "Measured after each epoch.", style: theme.muted).render(in: block.inner(area), into: &buffer)
            return
        }
        let table = Table(columns: [Table.Column("metric", truncation: .middle), Table.Column("now", width: .fixed(7))]
                            + (showsBest ? [Table.Column("best", width: .fixed(7))] : []),
                          rows: rows, showsHeader: false, theme: theme, glyphs: glyphs)
        let inner = block.inner(area)
        view.scrollLimits["Metrics"] = ScrollView.maximumOffset(contentHeight: rows.count, visibleRows: inner.height)
        ScrollView(contentHeight: rows.count, offset: metricsScroll, barColumn: area.right - 1, theme: theme, glyphs: glyphs) {
            table.render(in: $0, into: &$1)
        }.render(in: inner, into: &buffer)
    }

    /// The epoch budget, then every setting: live ones marked, restart-only edits starred.
    func renderSettings(_ s: RunSnapshot, into buffer: inout ScreenBuffer, area: Rect, _ context: ScreenContext) {
        let theme = context.theme, glyphs = context.glyphs
        let pending = s.pendingRestartKeys.isEmpty ? nil : "* r applies"
        let block = Block(title: "Settings", rightTitle: pending, isFocused: focus == .settings, theme: theme, glyphs: glyphs)
        block.render(in: area, into: &buffer)
        let rows = [["epochs", "\(s.epochBudget)", "live"]] + s.hyperparameters.applicable.map { setting -> [String] in
            let mark = s.pendingRestartKeys.contains(setting.key) ? "*" : setting.isLiveEditable ? "live" : ""
            return [setting.key, setting.value.description, mark]
        }
        Table(columns: [Table.Column("setting", truncation: .middle), Table.Column("value", width: .fixed(9), alignment: .right, widensLeft: true),
                        Table.Column("", width: .fixed(4))],
              rows: rows, selectedRow: focus == .settings ? settingRow : nil,
              theme: theme, glyphs: glyphs).render(in: block.inner(area), into: &buffer)
    }

    /// The bottom panel's tabs: the inspector, the model, then the topic's panels.
    var bottomPanelTitles: [String] { ["Inspector", "Model"] + view.snapshot.panels.map(\.title) }

    /// Tab `p` of the bottom panel; content taller than the panel scrolls (↑↓ when focused).
    func renderBottomPanel(_ s: RunSnapshot, into buffer: inout ScreenBuffer, area: Rect, _ context: ScreenContext) {
        let theme = context.theme, glyphs = context.glyphs
        let titles = bottomPanelTitles
        let tab = bottomTab % titles.count
        let next = titles[(tab + 1) % titles.count]
        let arrow = glyphs.isUnicode ? "›" : ">"
        let block = Block(title: titles[tab], rightTitle: "p: \(next) \(arrow)", compactRightTitle: "p: next \(arrow)",
                          isFocused: focus == .bottom, theme: theme, glyphs: glyphs)
        block.render(in: area, into: &buffer)
        let inner = block.inner(area)
        let offset = panelScroll[titles[tab]] ?? 0
        let contentHeight: Int = switch tab {
        case 0: s.inspector.count + 1
        case 1: s.modelSummary.count + 2
        default: s.panels[tab - 2].contentHeight(width: inner.width) ?? inner.height
        }
        view.scrollLimits[titles[tab]] = ScrollView.maximumOffset(contentHeight: contentHeight, visibleRows: inner.height)
        switch tab {
        case 0:
            renderInspector(s, into: &buffer, area: inner, context)
        case 1:
            let rows = s.modelSummary.map { [$0.layer, $0.shape, "\($0.parameters)"] } + [["total", "", "\(s.parameterCount)"]]
            let table = Table(columns: [Table.Column("parameter", truncation: .path), Table.Column("shape"),
                                        Table.Column("values", width: .fixed(9))],
                              rows: rows, theme: theme, glyphs: glyphs)
            ScrollView(contentHeight: contentHeight, offset: offset, barColumn: area.right - 1, theme: theme, glyphs: glyphs) {
                table.render(in: $0, into: &$1)
            }.render(in: inner, into: &buffer)
        default:
            let panel = s.panels[tab - 2]
            let appearance = context.appearance
            ScrollView(contentHeight: contentHeight, offset: offset, barColumn: area.right - 1, theme: theme, glyphs: glyphs) {
                panel.render(in: $0, into: &$1, appearance: appearance)
            }.render(in: inner, into: &buffer)
        }
    }

    private func renderInspector(_ s: RunSnapshot, into buffer: inout ScreenBuffer, area: Rect, _ context: ScreenContext) {
        let theme = context.theme, glyphs = context.glyphs
        guard !s.inspector.isEmpty else {
            let text = s.state != .preparing && s.parameterCount == 0 && s.modelSummary.isEmpty
                ? "This run trains no parameters of its own (a replay looks each child's accuracy up in a table)."
                : "Pause (space) and step (n): this panel then shows, for every parameter, the size of its values, of its "
                    + "gradient and of the last update. |Δw|/|w| near 1e-3 is healthy; near 1 the learning rate is too high."
            Paragraph(text: text, style: theme.muted).render(in: area, into: &buffer)
            return
        }
        // Below 60 columns (an 80x24 screen) the histogram would leave the names 8 characters
        // ("l…ght"): the table gets the whole width there.
        let histogramWidth = area.width >= 60 ? min(24, area.width / 4) : 0
        let columns = Layout(.horizontal, [.fill(1), .fixed(histogramWidth)], spacing: histogramWidth > 0 ? 1 : 0).split(area)
        func fit(_ value: Double, _ width: Int) -> String { NumberFormat.compact(value, fitting: width) }
        let rows = s.inspector.map { [$0.name, fit($0.valueNorm, 6), $0.gradientNorm.map { fit($0, 6) } ?? "—",
                                      $0.updateNorm.map { fit($0, 6) } ?? "new", $0.updateRatio.map { fit($0, 8) } ?? "—"] }
        let table = Table(columns: [Table.Column("parameter", truncation: .path), Table.Column("|w|", width: .fixed(6)),
                                    Table.Column("|g|", width: .fixed(6)), Table.Column("|Δw|", width: .fixed(6)),
                                    Table.Column("|Δw|/|w|", width: .fixed(8))],
                          rows: rows, theme: theme, glyphs: glyphs)
        ScrollView(contentHeight: rows.count + 1, offset: panelScroll["Inspector"] ?? 0, barColumn: columns[0].right,
                   theme: theme, glyphs: glyphs) { table.render(in: $0, into: &$1) }.render(in: columns[0], into: &buffer)
        if let first = s.inspector.first, histogramWidth > 0 {
            // "histogram: name" where it fits, else the name alone, its path shortened ("n.t.conv1.weight").
            let label = "histogram: \(first.name)"
            let title = DisplayWidth.of(label) <= columns[1].width
                ? label : first.name.abbreviatedPath(toWidth: columns[1].width, ellipsis: glyphs.ellipsis)
            buffer.set(string: title, at: (columns[1].x, columns[1].y), style: theme.muted, clippedTo: columns[1])
            Histogram(values: first.sample, binCount: max(4, columns[1].width / 2), theme: theme, glyphs: glyphs)
                .render(in: Rect(x: columns[1].x, y: columns[1].y + 1, width: columns[1].width, height: max(0, columns[1].height - 1)),
                        into: &buffer)
        }
    }
}
