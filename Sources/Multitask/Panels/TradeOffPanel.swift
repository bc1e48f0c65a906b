import Lab
import TerminalUI

/// Task A's accuracy against task B's, one point per evaluation, with the Pareto front (the
/// points no other point beats on both tasks) drawn as a line. The experiment supplies its own
/// evaluations as one group; a screen comparing runs can pass one group per run.
public struct TradeOffPanel: TopicPanel {
    public let title = "Trade-off"
    /// Named groups of (task A, task B) accuracies.
    public var groups: [(name: String, points: [(x: Double, y: Double)])]
    public var taskNames: [String]
    public var theme: Theme

    public init(groups: [(name: String, points: [(x: Double, y: Double)])], taskNames: [String], theme: Theme = .standard) {
        self.groups = groups
        self.taskNames = taskNames
        self.theme = theme
    }

    /// The points not dominated by another (another at least as good on both tasks and better
    /// on one), sorted by x.
    public static func paretoFront(_ points: [(x: Double, y: Double)]) -> [(x: Double, y: Double)] {
        let front = points.filter { point in
            !points.contains { $0.x >= point.x && $0.y >= point.y && ($0.x > point.x || $0.y > point.y) }
        }
        var unique: [(x: Double, y: Double)] = []
        for point in front.sorted(by: { $0.x < $1.x || ($0.x == $1.x && $0.y < $1.y) })
        where !unique.contains(where: { $0.x == point.x && $0.y == point.y }) {
            unique.append(point)
        }
        return unique
    }

    public func render(in area: Rect, into buffer: inout ScreenBuffer) {
        let area = area.intersection(buffer.area)
        guard !area.isEmpty else { return }
        let all = groups.flatMap(\.points)
        let names = taskNames.count == 2 ? taskNames : ["A", "B"]
        let summary = all.isEmpty ? "\(names[0]) vs \(names[1]): no evaluations yet"
            : "best \(names[0]) \(SummaryOverChart.format(all.map(\.x).max()!))  best \(names[1]) \(SummaryOverChart.format(all.map(\.y).max()!))"
        buffer.set(string: summary, at: (area.x, area.y), style: theme.text, clippedTo: area)
        guard area.height >= 3, !all.isEmpty else { return }
        Scatter(groups: groups.map { Scatter.Group(name: $0.name, points: $0.points) }, paretoFront: Self.paretoFront(all),
                xAxis: Axis(title: names[0], padding: 0.05), yAxis: Axis(title: names[1], padding: 0.05), theme: theme)
            .render(in: area.inset(top: 1), into: &buffer)
    }
}
