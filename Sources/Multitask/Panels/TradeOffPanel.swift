import Foundation
import Lab
import TopicViews
import TerminalUI

/// Task A's accuracy against task B's, one point per evaluation, with the Pareto front (the
/// points no other point beats on both tasks) drawn as a line. The experiment supplies its own
/// evaluations as one group; a screen comparing runs can pass one group per run.
public struct TradeOffPanel: TopicPanel {
    public let title = "Trade-off"
    /// Named groups of (task A, task B) accuracies.
    public var groups: [(name: String, points: [(x: Double, y: Double)])]
    public var taskNames: [String]

    public init(groups: [(name: String, points: [(x: Double, y: Double)])], taskNames: [String]) {
        self.groups = groups
        self.taskNames = taskNames
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

    public func render(in area: Rect, into buffer: inout ScreenBuffer, appearance: Appearance) {
        let theme = appearance.theme, glyphs = appearance.glyphs
        let area = area.intersection(buffer.area)
        guard !area.isEmpty else { return }
        let all = groups.flatMap(\.points)
        let names = taskNames.count == 2 ? taskNames : ["A", "B"]
        let summary = all.isEmpty ? "\(names[0]) vs \(names[1]): no evaluations yet"
            : "best \(names[0]) \(SummaryOverChart.format(all.map(\.x).max()!))  best \(names[1]) \(SummaryOverChart.format(all.map(\.y).max()!))"
        buffer.set(string: summary, at: (area.x, area.y), style: theme.text, clippedTo: area)
        guard area.height >= 3, !all.isEmpty else { return }
        Scatter(groups: groups.map { Scatter.Group(name: $0.name, points: $0.points) }, paretoFront: Self.paretoFront(all),
                xAxis: Axis(title: names[0], padding: 0.05), yAxis: Axis(title: names[1], padding: 0.05), theme: theme, glyphs: glyphs)
            .render(in: area.inset(top: 1), into: &buffer)
    }
}

/// Every MultiFashion run of this process, for the trade-off panel's "all runs" view: each
/// prepared run is a named group of its (left, right) test accuracies, one per evaluation.
/// Runs on other threads (tests, several sessions) may write at once, hence the lock.
public final class TradeOffLog: @unchecked Sendable {
    public static let shared = TradeOffLog()
    private let lock = NSLock()
    private var runs: [(id: Int, name: String, points: [(x: Double, y: Double)])] = []
    private var nextID = 0
    /// How many runs are kept (the oldest are dropped first).
    public let capacity: Int

    public init(capacity: Int = 6) { self.capacity = capacity }

    /// Starts a run's group; returns its id for `record`.
    public func begin(name: String) -> Int {
        lock.withLock {
            nextID += 1
            runs.append((nextID, name, []))
            if runs.count > capacity { runs.removeFirst(runs.count - capacity) }
            return nextID
        }
    }

    /// Adds one evaluation to run `id` (ignored when the run was dropped).
    public func record(run id: Int, _ point: (x: Double, y: Double)) {
        lock.withLock {
            if let index = runs.firstIndex(where: { $0.id == id }) { runs[index].points.append(point) }
        }
    }

    /// The kept runs, oldest first, as panel groups.
    public var groups: [(name: String, points: [(x: Double, y: Double)])] {
        lock.withLock { runs.map { (name: $0.name, points: $0.points) } }
    }
}
