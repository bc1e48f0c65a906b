import Lab
import TerminalUI

extension WorkbenchApp {
    /// All runs to compare: saved ones, this session's finished ones, and the current one.
    func openCompare() {
        savedRuns = RunStore.load(from: environment.runsFolder)
        compareRuns = savedRuns + finishedRuns + (runner.map { [$0.record()] } ?? [])
        compareSelection = max(0, compareRuns.count - 1)
        if compareChecked.isEmpty { compareChecked = Set(compareRuns.indices.suffix(2)) }
        compareChecked = compareChecked.filter { compareRuns.indices.contains($0) }
        returnScreen = screen == .compare ? returnScreen : screen
        screen = .compare
    }

    func handleCompare(_ key: Key) {
        switch key {
        case .escape: screen = returnScreen
        case .up, .character("k"): compareSelection = max(0, compareSelection - 1)
        case .down, .character("j"): compareSelection = min(max(0, compareRuns.count - 1), compareSelection + 1)
        case .character(" "):
            guard compareRuns.indices.contains(compareSelection) else { return }
            if compareChecked.contains(compareSelection) { compareChecked.remove(compareSelection) } else { compareChecked.insert(compareSelection) }
        case .character("c"): openCompare()
        default: break
        }
    }

    func renderCompare(into buffer: inout ScreenBuffer, area: Rect) {
        let inner = renderChrome(into: &buffer, area: area, title: "Compare runs", right: "\(compareRuns.count) runs",
                                 status: StyledLine(" Tick runs with space; their per-epoch training loss is overlaid.", style: theme.muted),
                                 hints: [("↑↓", "choose"), ("space", "tick"), ("c", "refresh"), ("esc", "back")])
        let rows = Layout(.vertical, [.percent(55), .fill(1)]).split(inner)
        let top = Layout(.horizontal, [.fixed(min(46, inner.width / 2)), .fill(1)], spacing: 1).split(rows[0])
        let listBlock = Block(title: "Runs", isFocused: true, theme: theme, glyphs: glyphs)
        listBlock.render(in: top[0], into: &buffer)
        let list = compareRuns.enumerated().map { index, run in
            [compareChecked.contains(index) ? "[x]" : "[ ]", run.experiment, "seed \(run.seed)", "\(run.history.epochs.count) ep"]
        }
        Table(columns: [Table.Column("", width: .fixed(3)), Table.Column("experiment"), Table.Column("seed", width: .fixed(8)),
                        Table.Column("epochs", width: .fixed(6))],
              rows: list, selectedRow: compareRuns.isEmpty ? nil : compareSelection, showsHeader: false,
              theme: theme, glyphs: glyphs).render(in: listBlock.inner(top[0]), into: &buffer)

        let checked = compareChecked.sorted()
        let chartBlock = Block(title: "Training loss per epoch", theme: theme, glyphs: glyphs)
        chartBlock.render(in: top[1], into: &buffer)
        let series = checked.map { index in
            LineChart.Series(name: "#\(index + 1) \(compareRuns[index].experiment)",
                             points: compareRuns[index].history.epochs.map { (Double($0.epoch), $0.trainLoss) })
        }
        LineChart(series: series, xAxis: Axis(title: "epoch"), yAxis: Axis(title: "loss", padding: 0.05), theme: theme, glyphs: glyphs)
            .render(in: chartBlock.inner(top[1]), into: &buffer)

        let tableBlock = Block(title: "Final metrics and the settings that differ", theme: theme, glyphs: glyphs)
        tableBlock.render(in: rows[1], into: &buffer)
        let runs = checked.map { compareRuns[$0] }
        let metricNames = Array(Set(runs.flatMap { $0.finalMetrics.map(\.name) })).sorted()
        let keys = Array(Set(runs.flatMap { $0.config.keys })).sorted()
        let differing = keys.filter { key in Set(runs.map { $0.config[key] ?? "—" }).count > 1 }
        let columns = [Table.Column("run", width: .fixed(6))] + metricNames.map { Table.Column($0) }
            + [Table.Column("s/epoch", width: .fixed(8))] + differing.map { Table.Column($0) }
        let tableRows = zip(checked, runs).map { index, run in
            ["#\(index + 1)"] + metricNames.map { name in run.finalMetrics.first { $0.name == name }.map { format($0.value) } ?? "—" }
                + [format(run.secondsPerEpoch)] + differing.map { run.config[$0] ?? "—" }
        }
        Table(columns: columns, rows: tableRows, theme: theme, glyphs: glyphs).render(in: tableBlock.inner(rows[1]), into: &buffer)
    }
}
