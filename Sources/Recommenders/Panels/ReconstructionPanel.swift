import Lab
import TopicViews
import TerminalUI

/// AutoRec: one row of the rating matrix, its observed entries next to the model's
/// reconstruction of them, and the row's RMSE.
public struct ReconstructionPanel: TopicPanel {
    public struct Entry: Sendable, Equatable {
        public var label: String
        public var observed: Float
        public var reconstructed: Float
        public init(label: String, observed: Float, reconstructed: Float) {
            self.label = label
            self.observed = observed
            self.reconstructed = reconstructed
        }
    }

    public let title: String
    public let entries: [Entry]

    public init(title: String, entries: [Entry]) {
        self.title = title
        self.entries = entries
    }

    /// sqrt(mean (observed - reconstructed)²) over the row's observed entries.
    public var rowRMSE: Double {
        guard !entries.isEmpty else { return 0 }
        let total = entries.reduce(0.0) { $0 + Double(($1.observed - $1.reconstructed) * ($1.observed - $1.reconstructed)) }
        return (total / Double(entries.count)).squareRoot()
    }

    public func render(in area: Rect, into buffer: inout ScreenBuffer, appearance: Appearance) {
        let theme = appearance.theme, glyphs = appearance.glyphs
        let area = area.intersection(buffer.area)
        guard !area.isEmpty else { return }
        let summary = String(format: "%d observed, row RMSE %.3f", entries.count, rowRMSE)
        buffer.set(string: summary, at: (area.x, area.y), style: theme.muted, clippedTo: area)
        let rows = entries.map { [$0.label, String(format: "%.0f", $0.observed), String(format: "%.2f", $0.reconstructed)] }
        Table(columns: [Table.Column("rated by"), Table.Column("observed", width: .fixed(8)),
                        Table.Column("rebuilt", width: .fixed(7))], rows: rows, theme: theme, glyphs: glyphs)
            .render(in: area.inset(top: 1), into: &buffer)
    }
}
