import Foundation
import Lab
import TerminalUI
import TopicViews

/// The latest sampled cell drawn as its DAG: one line per node with the operation on each incoming edge,
/// e.g. "n2 ← skip(n0) + conv3x3(n1)"; "zero" edges are left out, and a node with none reads "0".
public struct CellDiagramPanel: TopicPanel {
    public let title = "Sampled cell"
    public let cell: CellArchitecture
    public let accuracy: Double

    public init(cell: CellArchitecture, accuracy: Double) {
        self.cell = cell
        self.accuracy = accuracy
    }

    public var lines: [String] {
        var lines = [String(format: "n0 = stem output      accuracy %.1f %%", accuracy * 100)]
        for to in 1..<CellSpace.nodeCount {
            let inputs = CellSpace.edges.enumerated().filter { $0.element.to == to && cell.operations[$0.offset] != .zero }
                .map { "\(cell.operations[$0.offset].code)(n\($0.element.from))" }
            lines.append("n\(to) ← " + (inputs.isEmpty ? "0" : inputs.joined(separator: " + ")))
        }
        lines.append(cell.isConnected ? "output = n3" : "output = n3 (cut off from the input)")
        return lines
    }

    public func contentHeight(width: Int) -> Int? { lines.count }

    public func render(in area: Rect, into buffer: inout ScreenBuffer, appearance: Appearance) {
        for (row, line) in lines.enumerated() where row < area.height {
            buffer.set(string: line, at: (area.x, area.y + row), style: row == 0 ? appearance.theme.accent : appearance.theme.text,
                       clippedTo: area)
        }
    }
}

/// Validation accuracy (up) versus parameter count (right, log scale) of every child evaluated, with the
/// Pareto front (no other child is both as small and more accurate) joined by a line.
public struct ParetoPanel: TopicPanel {
    public let title = "Accuracy vs parameters"
    public let points: [(parameters: Int, accuracy: Double)]

    public init(history: [ChildResult]) { points = history.map { ($0.parameterCount, $0.accuracy) } }

    /// Indices of `points` on the Pareto front (maximise accuracy, minimise parameters), ascending size.
    public static func front(_ points: [(parameters: Int, accuracy: Double)]) -> [Int] {
        let order = points.indices.sorted {
            points[$0].parameters != points[$1].parameters ? points[$0].parameters < points[$1].parameters : points[$0].accuracy > points[$1].accuracy
        }
        var front: [Int] = []
        var bestAccuracy = -Double.infinity
        for index in order where points[index].accuracy > bestAccuracy {
            front.append(index)
            bestAccuracy = points[index].accuracy
        }
        return front
    }

    public func render(in area: Rect, into buffer: inout ScreenBuffer, appearance: Appearance) {
        let theme = appearance.theme
        guard area.height >= 1 else { return }
        let front = Self.front(points)
        buffer.set(string: "Pareto front: \(front.count) of \(points.count) children", at: (area.x, area.y), style: theme.muted,
                   clippedTo: area)
        guard area.height >= 4 else { return }
        let place = { (i: Int) in (x: Double(max(points[i].parameters, 1)), y: points[i].accuracy * 100) }
        Scatter(groups: [Scatter.Group(name: "children", points: points.indices.map(place))], paretoFront: front.map(place),
                xAxis: Axis(title: "parameters (log)", scale: .logarithmic, padding: 0.05),
                yAxis: Axis(title: "accuracy %", padding: 0.05), theme: theme, glyphs: appearance.glyphs)
            .render(in: area.inset(top: 1), into: &buffer)
    }
}
