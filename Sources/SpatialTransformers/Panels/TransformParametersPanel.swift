import Foundation
import Lab
import TopicViews
import TerminalUI

/// The transformation parameters θ the localisation network predicted for each shown sample,
/// one row per sample: truth, prediction, then θ row by row (affine: a11 a12 tx a21 a22 ty;
/// thin plate spline: where each control point reads, x1 y1 x2 y2 ...).
public struct TransformParametersPanel: TopicPanel {
    public struct Row: Sendable, Equatable {
        public var truth: String
        public var prediction: String
        public var parameters: [Float]
        public init(truth: String, prediction: String, parameters: [Float]) {
            self.truth = truth
            self.prediction = prediction
            self.parameters = parameters
        }
    }

    public var rows: [Row]
    public var family: TransformFamily
    public var title: String { "Transformation parameters (\(family.rawValue))" }

    public init(rows: [Row], family: TransformFamily) {
        self.rows = rows
        self.family = family
    }

    /// Column names: affine a11 a12 tx a21 a22 ty; projective h11 ... h32.
    var columnNames: [String] {
        switch family {
        case .affine: ["a11", "a12", "tx", "a21", "a22", "ty"]
        case .projective: ["h11", "h12", "h13", "h21", "h22", "h23", "h31", "h32"]
        case .tps: (1...(family.parameterCount / 2)).flatMap { ["x\($0)", "y\($0)"] }
        }
    }

    public func render(in area: Rect, into buffer: inout ScreenBuffer, appearance: Appearance) {
        let theme = appearance.theme
        let area = area.intersection(buffer.area)
        guard !area.isEmpty else { return }
        let header = "truth pred " + columnNames.map { $0.leftPadded(to: 6) }.joined()
        buffer.set(string: header, at: (area.x, area.y), style: theme.muted, clippedTo: area)
        for (index, row) in rows.enumerated() {
            let y = area.y + 1 + index
            guard y < area.bottom else { break }
            let numbers = row.parameters.map { String(format: "%6.2f", $0) }.joined()
            let text = row.truth.truncatedTo(5).leftPadded(to: 5) + " " + row.prediction.truncatedTo(4).leftPadded(to: 4) + " " + numbers
            buffer.set(string: text, at: (area.x, y), style: row.truth == row.prediction ? theme.text : theme.bad, clippedTo: area)
        }
    }
}

extension String {
    func leftPadded(to width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
    func truncatedTo(_ width: Int) -> String { count <= width ? self : String(prefix(width)) }
}
