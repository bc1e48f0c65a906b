import TerminalUI

/// The held-out confusion matrix of the last evaluation, for every classification experiment:
/// rows are true classes, columns predictions, each entry a count. Every non-zero count is
/// written out (so confusions show without colour); zeros are a faint dot. With colour, each entry
/// is tinted by its share of its row, so the diagonal and the large confusions stand out.
public struct ConfusionMatrixPanel: TopicPanel {
    /// counts[truth][prediction].
    public let counts: [[Int]]
    public let classNames: [String]
    public let title: String

    public init(counts: [[Int]], classNames: [String], title: String = "Confusion matrix") {
        self.counts = counts
        self.classNames = classNames
        self.title = title
    }

    public init(truth: [Int], predictions: [Int], classNames: [String], title: String = "Confusion matrix") {
        var counts = Array(repeating: [Int](repeating: 0, count: classNames.count), count: classNames.count)
        for (actual, guess) in zip(truth, predictions) where counts.indices.contains(actual) && counts.indices.contains(guess) {
            counts[actual][guess] += 1
        }
        self.init(counts: counts, classNames: classNames, title: title)
    }

    /// A header row, one row per class and a line saying what rows and columns are.
    public func contentHeight(width: Int) -> Int? { counts.count + 2 }

    /// Columns per entry: wide enough for the largest count and a space.
    var entryWidth: Int { max(3, String(counts.joined().max() ?? 0).count + 1) }

    public func render(in area: Rect, into buffer: inout ScreenBuffer, appearance: Appearance) {
        let area = area.intersection(buffer.area)
        let theme = appearance.theme, glyphs = appearance.glyphs
        guard !area.isEmpty else { return }
        guard !counts.isEmpty else {
            buffer.set(string: "shown after the first evaluation", at: (area.x, area.y), style: theme.muted, clippedTo: area)
            return
        }
        let width = entryWidth
        let labels = counts.indices.map { row in
            "\(row) " + (row < classNames.count && classNames[row] != String(row) ? classNames[row] : "")
        }
        let labelWidth = min(max(4, area.width - counts.count * width - 1), labels.map { DisplayWidth.of($0) }.max() ?? 0)
        let gridX = area.x + labelWidth + 1
        for (index, _) in counts.enumerated() {
            let text = String(index)
            buffer.set(string: text, at: (gridX + (index + 1) * width - text.count, area.y), style: theme.muted, clippedTo: area)
        }
        for (row, entries) in counts.enumerated() {
            let y = area.y + 1 + row
            guard y < area.bottom else { break }
            buffer.set(string: labels[row].truncated(toWidth: labelWidth, ellipsis: glyphs.ellipsis), at: (area.x, y),
                       style: theme.muted, clippedTo: area)
            let total = Double(max(entries.reduce(0, +), 1))
            for (column, count) in entries.enumerated() {
                let cell = Rect(x: gridX + column * width, y: y, width: width, height: 1).intersection(area)
                guard !cell.isEmpty else { continue }
                let share = Double(count) / total
                var style = row == column ? theme.good : (count > 0 ? theme.bad : theme.muted)
                if count > 0, row != column, !theme.usesColor { style = theme.accent }
                if count > 0, let color = theme.heatColor(share) {
                    style = Style(foreground: share > 0.6 ? .black : .brightWhite, background: color)
                    buffer.fill(cell, style: style)
                }
                let text = count == 0 ? String(glyphs.isUnicode ? "·" : ".") : String(count)
                buffer.set(string: text, at: (cell.right - text.count, y), style: style, clippedTo: cell)
            }
        }
        let legend = "rows: true class, columns: predicted"
        if area.height > counts.count + 1 {
            buffer.set(string: legend, at: (area.x, area.y + counts.count + 1), style: theme.muted, clippedTo: area)
        }
    }
}
