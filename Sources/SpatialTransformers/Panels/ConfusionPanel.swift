import Lab
import TerminalUI

/// The held-out confusion matrix of the last evaluation: rows are true classes, columns
/// predictions, each entry a count coloured on the theme's heat ramp.
public struct ConfusionPanel: TopicPanel {
    /// counts[truth][prediction]; empty before the first evaluation.
    public var counts: [[Int]]
    public var classNames: [String]
    public var theme: Theme
    public var glyphs: Glyphs
    public var title: String { "Confusion matrix (test)" }

    public init(counts: [[Int]], classNames: [String], theme: Theme = .standard, glyphs: Glyphs = .unicode) {
        self.counts = counts
        self.classNames = classNames
        self.theme = theme
        self.glyphs = glyphs
    }

    public func render(in area: Rect, into buffer: inout ScreenBuffer) {
        let area = area.intersection(buffer.area)
        guard !area.isEmpty else { return }
        guard !counts.isEmpty else {
            buffer.set(string: "shown after the first evaluation", at: (area.x, area.y), style: theme.muted, clippedTo: area)
            return
        }
        Heatmap(values: counts.map { $0.map(Double.init) }, rowLabels: classNames,
                columnLabels: classNames.indices.map(String.init), theme: theme, glyphs: glyphs)
            .render(in: area, into: &buffer)
    }
}
