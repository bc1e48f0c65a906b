import Foundation
import Lab
import TerminalUI
import TopicViews

/// The controller's reward R per update and its moving-average baseline b: R − b is the advantage
/// that scales each update. A snapshot of the two curves, on axes.
public struct RewardPanel: TopicPanel {
    public let title = "Controller reward"
    public let rewards: [Double]
    public let baselines: [Double]

    public init(rewards: [Double], baselines: [Double]) {
        self.rewards = rewards
        self.baselines = baselines
    }

    public var summary: String {
        String(format: "reward %.3f  baseline %.3f  (%d updates)", rewards.last ?? 0, baselines.last ?? 0, rewards.count)
    }

    public func render(in area: Rect, into buffer: inout ScreenBuffer, appearance: Appearance) {
        guard area.height >= 1 else { return }
        buffer.set(string: summary, at: (area.x, area.y), style: appearance.theme.muted, clippedTo: area)
        guard area.height >= 4 else { return }
        LineChart(series: [LineChart.Series(name: "reward", values: rewards), LineChart.Series(name: "baseline", values: baselines)],
                  xAxis: Axis(title: "update"), yAxis: Axis(title: "accuracy", padding: 0.05),
                  theme: appearance.theme, glyphs: appearance.glyphs).render(in: area.inset(top: 1), into: &buffer)
    }
}

/// Mean regret (table optimum − best accuracy found so far) versus evaluations, one curve per strategy,
/// from replays averaged over seeds, with this run's own curve when it is a replay.
public struct RegretPanel: TopicPanel {
    public let title = "Regret vs evaluations"
    /// (strategy name, mean regret after 1, 2, … evaluations).
    public let curves: [(name: String, regret: [Double])]

    public init(curves: [(name: String, regret: [Double])]) { self.curves = curves }

    public var summary: String {
        "regret after the last evaluation: " + curves.map { "\($0.name) " + String(format: "%.4f", $0.regret.last ?? 0) }
            .joined(separator: ", ")
    }

    public func render(in area: Rect, into buffer: inout ScreenBuffer, appearance: Appearance) {
        guard area.height >= 1 else { return }
        buffer.set(string: summary, at: (area.x, area.y), style: appearance.theme.muted, clippedTo: area)
        guard area.height >= 4 else { return }
        let series = curves.map { curve in
            LineChart.Series(name: curve.name, points: curve.regret.enumerated().map { (Double($0.offset + 1), $0.element) })
        }
        LineChart(series: series, xAxis: Axis(title: "evaluations", wholeNumbers: true), yAxis: Axis(title: "regret", padding: 0.05),
                  theme: appearance.theme, glyphs: appearance.glyphs).render(in: area.inset(top: 1), into: &buffer)
    }
}
