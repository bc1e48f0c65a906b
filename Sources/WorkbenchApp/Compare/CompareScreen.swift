import Lab
import TerminalUI

/// Runs side by side: tick runs to overlay their training loss per epoch, or (`v`) to plot one
/// metric against another with the Pareto front of all their epochs (the trade-off between two
/// tasks, say); the table below gives their final metrics and the settings that differ. Enter
/// opens a run's details.
struct CompareScreen: AppScreen {
    let runs: [RunRecord]
    var selection: Int
    var checked: Set<Int>
    /// Whether the chart plots two metrics against each other instead of the loss.
    var showsTradeOff = false
    /// The metrics on the trade-off chart's axes (indices into `metricNames`).
    var xMetric = 0, yMetric = 1
    /// The run whose details are open, and their scroll.
    var details: Int?
    var detailsScroll = 0

    init(runs: [RunRecord]) {
        self.runs = runs
        selection = max(0, runs.count - 1)
        checked = Set(runs.indices.suffix(2))
    }

    mutating func handle(_ key: Key, _ context: inout ScreenContext) {
        if let details {
            switch key {
            case .escape, .enter: self.details = nil
            case .up, .character("k"): detailsScroll -= 1
            case .down, .character("j"): detailsScroll += 1
            case .pageUp: detailsScroll -= 10
            case .pageDown, .character(" "): detailsScroll += 10
            default: break
            }
            let run = runs[details]
            let lineCount = run.config.count + max(1, run.changes.count) + run.history.epochs.count + 7
            detailsScroll = max(0, min(detailsScroll, lineCount - max(1, context.size.height - 5)))
            return
        }
        switch key {
        case .escape: context.request(.back)
        case .up, .character("k"): selection = max(0, selection - 1)
        case .down, .character("j"): selection = min(max(0, runs.count - 1), selection + 1)
        case .character(" "):
            guard runs.indices.contains(selection) else { return }
            if checked.contains(selection) { checked.remove(selection) } else { checked.insert(selection) }
        case .enter:
            if runs.indices.contains(selection) { details = selection; detailsScroll = 0 }
        case .character("c"): context.request(.compare)
        case .character("v"): showsTradeOff.toggle()
        case .character("x"): xMetric = (xMetric + 1) % max(1, metricNames.count)
        case .character("y"): yMetric = (yMetric + 1) % max(1, metricNames.count)
        default: break
        }
    }

    /// The metrics the ticked runs have, higher-is-better ones first (the trade-off axes cycle
    /// through them).
    var metricNames: [String] {
        let metrics = checked.sorted().flatMap { runs[$0].finalMetrics }
        var names: [String] = []
        for metric in metrics.filter(\.higherIsBetter) + metrics.filter({ !$0.higherIsBetter }) where !names.contains(metric.name) {
            names.append(metric.name)
        }
        return names
    }

    func render(into buffer: inout ScreenBuffer, area: Rect, _ context: ScreenContext) {
        if let details {
            renderDetails(runs[details], number: details + 1, into: &buffer, area: area, context)
            return
        }
        let theme = context.theme, glyphs = context.glyphs
        let inner = context.renderChrome(into: &buffer, area: area, title: "Compare runs", right: runs.count == 1 ? "1 run" : "\(runs.count) runs",
                                         status: ["Tick runs with space; their per-epoch training loss is overlaid."],
                                         hints: [("↑↓", "choose"), ("space", "tick"), ("enter", "details"),
                                                 ("v", showsTradeOff ? "loss" : "trade-off")]
                                            + (showsTradeOff ? [("x/y", "axes")] : []) + [("esc", "back")])
        let rows = Layout(.vertical, [.percent(55), .fill(1)]).split(inner)
        let top = Layout(.horizontal, [.fixed(min(46, inner.width / 2)), .fill(1)], spacing: 1).split(rows[0])
        let listBlock = Block(title: "Runs", isFocused: true, theme: theme, glyphs: glyphs)
        listBlock.render(in: top[0], into: &buffer)
        let list = runs.enumerated().map { index, run in
            [checked.contains(index) ? "[x]" : "[ ]", "#\(index + 1)", run.experiment, "seed \(run.seed)",
             "\(run.history.epochs.count) ep"]
        }
        if runs.isEmpty {
            Paragraph(text: "No runs yet: train one (space in the runner), or save one with s.", style: theme.muted)
                .render(in: listBlock.inner(top[0]), into: &buffer)
        }
        // The number, seed and epochs as wide as their widest cell, the experiment the rest; an id
        // that still does not fit keeps its last part ("r.youtube-dnn").
        func widest(_ column: Int) -> Int { list.map { $0[column].count }.max() ?? 1 }
        Table(columns: [Table.Column("", width: .fixed(3)), Table.Column("run", width: .fixed(widest(1)), alignment: .right),
                        Table.Column("experiment", truncation: .path), Table.Column("seed", width: .fixed(widest(3))),
                        Table.Column("epochs", width: .fixed(widest(4)), alignment: .right)],
              rows: list, selectedRow: runs.isEmpty ? nil : selection, showsHeader: false,
              theme: theme, glyphs: glyphs).render(in: listBlock.inner(top[0]), into: &buffer)

        let ticked = checked.sorted()
        if showsTradeOff {
            renderTradeOff(ticked, into: &buffer, area: top[1], context)
        } else {
            let chartBlock = Block(title: "Training loss per epoch", rightTitle: "v: trade-off", theme: theme, glyphs: glyphs)
            chartBlock.render(in: top[1], into: &buffer)
            let series = ticked.map { index in
                LineChart.Series(name: "#\(index + 1) \(runs[index].experiment)",
                                 points: runs[index].history.epochs.map { (Double($0.epoch), $0.trainLoss) })
            }
            LineChart(series: series, xAxis: Axis(title: "epoch", wholeNumbers: true), yAxis: Axis(title: "loss", padding: 0.05), theme: theme, glyphs: glyphs)
                .render(in: chartBlock.inner(top[1]), into: &buffer)
        }

        let chosen = ticked.map { runs[$0] }
        let metricNames = Array(Set(chosen.flatMap { $0.finalMetrics.map(\.name) })).sorted()
        let keys = Array(Set(chosen.flatMap { $0.config.keys })).sorted()
        let differing = keys.filter { key in
            Set(chosen.map { Self.settingText($0, key) }).count > 1
        }
        // Each column as (title, cells): the run, its metrics, s/epoch, then the settings that differ.
        // Numbers right-aligned, "—" (a metric the run lacks) included.
        typealias Column = (title: String, cells: [String], alignment: Table.ColumnAlignment)
        let allColumns: [Column] = [("run", ticked.map { "#\($0 + 1)" }, .left)]
            + metricNames.map { name in
                (name, chosen.map { run in run.finalMetrics.first { $0.name == name }.map { format($0.value) } ?? "—" }, .right)
            }
            + [("s/epoch", chosen.map { format($0.secondsPerEpoch) }, .right)]
            + differing.map { key in (key, chosen.map { Self.settingText($0, key) }, .automatic) }
        // As many columns as fit whole, in that order (runs of different experiments can differ in
        // dozens): a cut number or name would mislead, so the rest are counted in the title.
        let tableArea = Block(title: "", theme: theme, glyphs: glyphs).inner(rows[1])
        func width(_ column: Column) -> Int { ([column.title] + column.cells).map { DisplayWidth.of($0) }.max() ?? 0 }
        var shown: [Column] = [], used = 0
        for column in allColumns {
            let width = width(column)
            guard used + width <= tableArea.width else { break }
            shown.append(column)
            used += width + 1
        }
        let hidden = ticked.isEmpty ? 0 : allColumns.count - shown.count
        let tableBlock = Block(title: "Final metrics and the settings that differ",
                               rightTitle: hidden > 0 ? "+\(hidden) columns: a wider window shows them" : nil,
                               compactRightTitle: hidden > 0 ? "+\(hidden) columns" : nil, theme: theme, glyphs: glyphs)
        tableBlock.render(in: rows[1], into: &buffer)
        if ticked.isEmpty && !runs.isEmpty {
            Paragraph(text: "Tick runs with space to see their final metrics here, with the settings in which they differ.",
                      style: theme.muted).render(in: tableArea, into: &buffer)
            return
        }
        let columns = shown.map { Table.Column($0.title, width: .fixed(width($0)), alignment: $0.alignment) }
        let tableRows = chosen.indices.map { row in shown.map { $0.cells[row] } }
        Table(columns: columns, rows: tableRows, theme: theme, glyphs: glyphs).render(in: tableArea, into: &buffer)
    }

    /// One metric against another, a point per epoch and a colour per ticked run, with the Pareto
    /// front of all the points (those no other point beats on both metrics).
    private func renderTradeOff(_ ticked: [Int], into buffer: inout ScreenBuffer, area: Rect, _ context: ScreenContext) {
        let theme = context.theme, glyphs = context.glyphs
        let names = metricNames
        guard names.count >= 2 else {
            let block = Block(title: "Trade-off", rightTitle: "v: loss", theme: theme, glyphs: glyphs)
            block.render(in: area, into: &buffer)
            Paragraph(text: "Tick runs that measured two metrics or more.", style: theme.muted).render(in: block.inner(area), into: &buffer)
            return
        }
        let x = names[xMetric % names.count], y = names[yMetric % names.count]
        let block = Block(title: "\(y) vs \(x)", rightTitle: "x/y: axes  v: loss", theme: theme, glyphs: glyphs)
        block.render(in: area, into: &buffer)
        let direction = { (name: String) -> Double in
            (ticked.flatMap { runs[$0].finalMetrics }.first { $0.name == name }?.higherIsBetter ?? true) ? 1 : -1
        }
        let groups = ticked.map { index in
            Scatter.Group(name: "#\(index + 1) \(runs[index].experiment)", points: runs[index].history.epochs.compactMap { epoch in
                guard let a = epoch.metric(x), let b = epoch.metric(y) else { return nil }
                return (a, b)
            })
        }
        let front = Self.paretoFront(groups.flatMap(\.points), xDirection: direction(x), yDirection: direction(y))
        Scatter(groups: groups, paretoFront: front, xAxis: Axis(title: x, padding: 0.05), yAxis: Axis(title: y, padding: 0.05),
                theme: theme, glyphs: glyphs).render(in: block.inner(area), into: &buffer)
    }

    /// The points no other point beats on both coordinates (each maximised when its direction
    /// is 1, minimised when -1), sorted by x.
    static func paretoFront(_ points: [(x: Double, y: Double)], xDirection: Double = 1, yDirection: Double = 1) -> [(x: Double, y: Double)] {
        let front = points.filter { point in
            !points.contains { other in
                let betterX = (other.x - point.x) * xDirection, betterY = (other.y - point.y) * yDirection
                return betterX >= 0 && betterY >= 0 && (betterX > 0 || betterY > 0)
            }
        }
        var unique: [(x: Double, y: Double)] = []
        for point in front.sorted(by: { $0.x < $1.x || ($0.x == $1.x && $0.y < $1.y) })
        where !unique.contains(where: { $0.x == point.x && $0.y == point.y }) {
            unique.append(point)
        }
        return unique
    }

    /// A setting's value in a run, or "changed live" when it changed while the run trained.
    static func settingText(_ run: RunRecord, _ key: String) -> String {
        run.changedKeys.contains(key) ? "changed live" : run.config[key] ?? "—"
    }

    /// Everything about one run: its settings, what changed while it trained, and every epoch.
    func renderDetails(_ run: RunRecord, number: Int, into buffer: inout ScreenBuffer, area: Rect, _ context: ScreenContext) {
        let theme = context.theme, glyphs = context.glyphs
        let inner = context.renderChrome(into: &buffer, area: area, title: "Run #\(number): \(run.experiment)",
                                         right: "seed \(run.seed)", status: ["Started \(run.startedAt); \(run.history.steps.last?.step ?? 0) steps."],
                                         hints: [("↑↓", "scroll"), ("esc", "back to the list")])
        var lines: [StyledLine] = [StyledLine("Settings at the start", style: theme.title)]
        let width = (run.config.keys.map(\.count).max() ?? 0) + 2
        lines += run.config.keys.sorted().map { key in
            StyledLine("  " + key.padding(toLength: width, withPad: " ", startingAt: 0) + (run.config[key] ?? ""))
        }
        lines += ["", StyledLine("Changed while training", style: theme.title)]
        lines += run.changes.isEmpty ? [StyledLine("  nothing", style: theme.muted)] : run.changes.map { change in
            StyledLine("  from step \(change.step): \(change.key) \(change.from) → \(change.to)")
        }
        let names = run.history.epochs.last?.metrics.map(\.name) ?? []
        lines += ["", StyledLine("Epochs", style: theme.title)]
        let header = ["epoch", "train loss"] + names + ["seconds"]
        let rows = [header] + run.history.epochs.map { epoch in
            ["\(epoch.epoch)", format(epoch.trainLoss)] + names.map { name in epoch.metric(name).map(format) ?? "—" }
                + [format(epoch.seconds)]
        }
        let widths = (0..<(rows.first?.count ?? 0)).map { column in rows.map { DisplayWidth.of($0[column]) }.max() ?? 0 }
        lines += rows.enumerated().map { index, row in
            StyledLine("  " + zip(row, widths).map { text, width in
                String(repeating: " ", count: max(0, width - DisplayWidth.of(text))) + text
            }.joined(separator: "  "), style: index == 0 ? theme.muted : theme.text)
        }
        let block = Block(title: "Details", isFocused: true, theme: theme, glyphs: glyphs)
        block.render(in: inner, into: &buffer)
        let content = block.inner(inner)
        ScrollView(contentHeight: lines.count, offset: detailsScroll, barColumn: inner.right - 1, theme: theme, glyphs: glyphs) {
            Paragraph(lines, wraps: false).render(in: $0.inset(horizontal: 1, vertical: 0), into: &$1)
        }.render(in: content, into: &buffer)
    }
}
