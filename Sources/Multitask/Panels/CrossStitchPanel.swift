import Foundation
import Lab
import TopicViews
import TerminalUI

/// The cross-stitch units' weights as they learn: the summary line gives each unit's current mean
/// same-task (α_S) and different-task (α_D) values, the chart how much each column reads from the
/// other (mean α_D per unit) step by step, and the table each unit's four means now. α_D near 0:
/// the columns stay apart (two single networks); near 0.5: they share everything.
public struct CrossStitchPanel: TopicPanel {
    public let title = "Cross-stitch weights"
    /// Per recorded step, per unit: the channel means of α_AA, α_AB, α_BA, α_BB.
    public var history: [(step: Int, means: [[Double]])]
    public var unitNames: [String]

    public init(history: [(step: Int, means: [[Double]])], unitNames: [String]) {
        self.history = history
        self.unitNames = unitNames
    }

    static func sameAndDifferent(_ means: [Double]) -> (same: Double, different: Double) {
        ((means[0] + means[3]) / 2, (means[1] + means[2]) / 2)
    }

    public var summary: String { summary(compact: false) }

    /// The summary line; `compact` drops the leading zeros and the double spaces
    /// ("conv1 .98/.09 fc .91/.08"), for a panel too narrow for the whole line.
    func summary(compact: Bool) -> String {
        guard let last = history.last else { return "α_S / α_D  -" }
        func number(_ value: Double) -> String {
            let text = String(format: "%.2f", value)
            guard compact else { return text }
            return text.hasPrefix("0.") ? String(text.dropFirst()) : text.hasPrefix("-0.") ? "-" + text.dropFirst(2) : text
        }
        let gap = compact ? " " : "  "
        return "α_S/α_D" + gap + zip(unitNames, last.means).map { name, means in
            let values = Self.sameAndDifferent(means)
            return "\(name) \(number(values.same))/\(number(values.different))"
        }.joined(separator: gap)
    }

    public func contentHeight(width: Int) -> Int? { nil }

    public func render(in area: Rect, into buffer: inout ScreenBuffer, appearance: Appearance) {
        let theme = appearance.theme, glyphs = appearance.glyphs
        let area = area.intersection(buffer.area)
        guard !area.isEmpty else { return }
        // The whole line, or its compact form, or none (the table below has every value): never a
        // number cut at the edge.
        if let line = [summary(compact: false), summary(compact: true)].first(where: { DisplayWidth.of($0) <= area.width }) {
            buffer.set(string: line, at: (area.x, area.y), style: theme.text, clippedTo: area)
        }
        guard area.height >= 3, let last = history.last else { return }
        // Every unit's row where the panel is tall enough for it, the summary and two rows of chart.
        let tableHeight = min(unitNames.count + 1, max(area.height - 3, 0))
        let chartArea = Rect(x: area.x, y: area.y + 1, width: area.width, height: area.height - 1 - tableHeight)
        // Thin the history to at most ~400 points per series: one per column of braille dots is plenty.
        let stride = max(1, history.count / 400)
        var shown = Swift.stride(from: 0, to: history.count, by: stride).map { history[$0] }
        if shown.last?.step != last.step { shown.append(last) }
        let series = unitNames.indices.map { unit in
            LineChart.Series(name: "\(unitNames[unit]) α_D",
                             points: shown.map { (Double($0.step), Self.sameAndDifferent($0.means[unit]).different) })
        }
        LineChart(series: series, xAxis: Axis(title: "step", wholeNumbers: true), yAxis: Axis(padding: 0.1), theme: theme, glyphs: glyphs)
            .render(in: chartArea, into: &buffer)
        guard tableHeight > 1 else { return }
        let rows = zip(unitNames, last.means).map { name, means in [name] + means.map { String(format: "%.3f", $0) } }
        Table(columns: [Table.Column("unit", width: .fixed(6))] + ["α_AA", "α_AB", "α_BA", "α_BB"].map { Table.Column($0, width: .fixed(6)) },
              rows: rows, theme: theme, glyphs: glyphs)
            .render(in: Rect(x: area.x, y: area.bottom - tableHeight, width: area.width, height: tableHeight), into: &buffer)
    }
}
