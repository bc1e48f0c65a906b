import Foundation
import Lab
import TopicViews
import TerminalUI

/// A one-line summary over a chart: the shape every multi-task panel shares. The summary takes
/// the first row; the chart the rest (nothing when the area has fewer than 3 rows).
struct SummaryOverChart {
    var summary: String
    var chart: LineChart?
    var theme: Theme

    func render(in area: Rect, into buffer: inout ScreenBuffer) {
        let area = area.intersection(buffer.area)
        guard !area.isEmpty else { return }
        buffer.set(string: summary, at: (area.x, area.y), style: theme.text, clippedTo: area)
        guard let chart, area.height >= 3 else { return }
        chart.render(in: area.inset(top: 1), into: &buffer)
    }

    static func format(_ value: Double) -> String { String(format: "%.2f", value) }
}

/// The latest per-task minibatch losses over a line chart of their history.
public struct TaskLossPanel: TopicPanel {
    public let title = "Task losses"
    public var history: TaskHistory

    public init(history: TaskHistory) {
        self.history = history
    }

    public func render(in area: Rect, into buffer: inout ScreenBuffer, appearance: Appearance) {
        let theme = appearance.theme, glyphs = appearance.glyphs
        let latest = zip(history.taskNames, history.losses).map { name, points in
            "\(name) \(points.last.map { SummaryOverChart.format($0.value) } ?? "-")"
        }
        let series = zip(history.taskNames, history.losses).map { LineChart.Series(name: $0, points: $1.map { ($0.step, $0.value) }) }
        SummaryOverChart(summary: "loss  " + latest.joined(separator: "  "),
                         chart: LineChart(series: series, xAxis: Axis(title: "step", wholeNumbers: true), theme: theme, glyphs: glyphs), theme: theme)
            .render(in: area, into: &buffer)
    }
}

/// The task weights w_i as the weighting rule changes them (flat lines for uniform weights).
public struct TaskWeightPanel: TopicPanel {
    public let title = "Task weights"
    public var history: TaskHistory

    public init(history: TaskHistory) {
        self.history = history
    }

    public func render(in area: Rect, into buffer: inout ScreenBuffer, appearance: Appearance) {
        let theme = appearance.theme, glyphs = appearance.glyphs
        let latest = zip(history.taskNames, history.weights).map { name, points in
            "\(name) \(points.last.map { SummaryOverChart.format($0.value) } ?? "-")"
        }
        let series = zip(history.taskNames, history.weights).map { LineChart.Series(name: $0, points: $1.map { ($0.step, $0.value) }) }
        SummaryOverChart(summary: "weight  " + latest.joined(separator: "  "),
                         chart: LineChart(series: series, xAxis: Axis(title: "step", wholeNumbers: true), yAxis: Axis(padding: 0.1), theme: theme, glyphs: glyphs),
                         theme: theme)
            .render(in: area, into: &buffer)
    }
}

/// A conflict meter: cos(∇L_1, ∇L_2) on the shared layers, step by step, on a fixed -1...1 axis.
/// Positive: the tasks pull the shared weights the same way; negative: they fight.
public struct GradientConflictPanel: TopicPanel {
    public let title = "Gradient conflict"
    public var history: TaskHistory

    public init(history: TaskHistory) {
        self.history = history
    }

    /// The word for a cosine: "conflict" below -0.1, "agree" above 0.1, else "unrelated".
    public static func verdict(_ cosine: Double) -> String {
        cosine < -0.1 ? "conflict" : (cosine > 0.1 ? "agree" : "unrelated")
    }

    public func render(in area: Rect, into buffer: inout ScreenBuffer, appearance: Appearance) {
        let theme = appearance.theme, glyphs = appearance.glyphs
        let recent = history.cosines.suffix(20).map(\.value)
        let summary: String
        if recent.isEmpty {
            summary = "cos -"
        } else {
            let mean = recent.reduce(0, +) / Double(recent.count)
            summary = "cos \(SummaryOverChart.format(history.cosines.last!.value))  mean of last \(recent.count) \(SummaryOverChart.format(mean)) (\(Self.verdict(mean)))"
        }
        let series = [LineChart.Series(name: "cos", points: history.cosines.map { ($0.step, $0.value) })]
        SummaryOverChart(summary: summary,
                         chart: LineChart(series: series, xAxis: Axis(title: "step", wholeNumbers: true), yAxis: Axis(bounds: -1...1),
                                          showsLegend: false, theme: theme, glyphs: glyphs),
                         theme: theme)
            .render(in: area, into: &buffer)
    }
}

/// MMoE's gates: each task's mean weight on each expert (rows tasks, columns experts, 0...1).
public struct GateHeatmapPanel: TopicPanel {
    public let title = "MMoE gates"
    public var gates: [[Double]]
    public var taskNames: [String]

    public init(gates: [[Double]], taskNames: [String]) {
        self.gates = gates
        self.taskNames = taskNames
    }

    public func render(in area: Rect, into buffer: inout ScreenBuffer, appearance: Appearance) {
        let theme = appearance.theme, glyphs = appearance.glyphs
        let experts = gates.map(\.count).max() ?? 0
        Heatmap(values: gates, rowLabels: taskNames, columnLabels: (0..<experts).map { "e\($0 + 1)" },
                bounds: 0...1, theme: theme, glyphs: glyphs)
            .render(in: area, into: &buffer)
    }
}
