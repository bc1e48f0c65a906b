import Foundation
import Lab
import TerminalUI
import TopicViews

/// Progressive search's surrogate at work: for the cells of the latest round (the beam the surrogate
/// chose), the accuracy it predicted (right) against the accuracy measured when they were trained (up),
/// with Kendall's τ between the two orders. The surrogate only has to rank: τ near 1 means it put the
/// good expansions first, whatever its absolute errors.
public struct SurrogatePanel: TopicPanel {
    public let title = "Surrogate: predicted vs measured"
    public let level: Int
    public let points: [(architecture: Architecture, predicted: Double, measured: Double)]
    public let tau: Double?

    public init(level: Int, points: [(architecture: Architecture, predicted: Double, measured: Double)], tau: Double?) {
        self.level = level
        self.points = points
        self.tau = tau
    }

    public var summary: String {
        "level \(level), \(points.count) cells of the beam; Kendall τ " + (tau.map { String(format: "%.2f", $0) } ?? "—")
    }

    public func render(in area: Rect, into buffer: inout ScreenBuffer, appearance: Appearance) {
        guard area.height >= 1 else { return }
        buffer.set(string: summary, at: (area.x, area.y), style: appearance.theme.muted, clippedTo: area)
        guard area.height >= 4 else { return }
        let placed = points.map { (x: $0.predicted * 100, y: $0.measured * 100) }
        Scatter(groups: [Scatter.Group(name: "beam cells", points: placed)],
                xAxis: Axis(title: "predicted %", padding: 0.05), yAxis: Axis(title: "measured %", padding: 0.05),
                theme: appearance.theme, glyphs: appearance.glyphs)
            .render(in: area.inset(top: 1), into: &buffer)
    }
}

/// Priority-queue training's queue: the K best distinct architectures so far (what the controller
/// is trained to reproduce), and the queue's mean log-likelihood under the controller per update.
public struct PriorityQueuePanel: TopicPanel {
    public let title = "Priority queue"
    public let entries: [(architecture: Architecture, accuracy: Double)]
    public let likelihoods: [Double]

    public init(entries: [(architecture: Architecture, accuracy: Double)], likelihoods: [Double]) {
        self.entries = entries
        self.likelihoods = likelihoods
    }

    /// Rows drawn above the chart: a header and one line per queued architecture.
    public var lines: [String] {
        [String(format: " #  acc %%   queue log-likelihood %.2f (%d updates)", likelihoods.last ?? 0, likelihoods.count)]
            + entries.enumerated().map { index, entry in
                String(index + 1).leftPadded(to: 2) + String(format: "  %5.1f  ", entry.accuracy * 100) + entry.architecture.effectiveDescription
            }
    }

    /// The list, then 10 rows of chart.
    public func contentHeight(width: Int) -> Int? { lines.count + 10 }

    public func render(in area: Rect, into buffer: inout ScreenBuffer, appearance: Appearance) {
        for (row, line) in lines.enumerated() where row < area.height {
            buffer.set(string: line, at: (area.x, area.y + row), style: row == 0 ? appearance.theme.title : appearance.theme.text,
                       clippedTo: area)
        }
        let chart = area.inset(top: lines.count)
        guard chart.height >= 4, likelihoods.count >= 2 else { return }
        LineChart(series: [LineChart.Series(name: "mean log p(queue)", values: likelihoods)],
                  xAxis: Axis(title: "update"), yAxis: Axis(title: "log p", padding: 0.05),
                  theme: appearance.theme, glyphs: appearance.glyphs).render(in: chart, into: &buffer)
    }
}
