import Lab
import TerminalUI

/// Rows: true class; columns: predicted class; each row normalised to fractions of that class.
public struct ConfusionMatrixPanel: TopicPanel {
    public let title = "Confusion matrix"
    public let counts: [[Int]]
    public let classNames: [String]

    public init(truth: [Int], predictions: [Int], classNames: [String]) {
        var counts = Array(repeating: [Int](repeating: 0, count: classNames.count), count: classNames.count)
        for (actual, guess) in zip(truth, predictions) { counts[actual][guess] += 1 }
        self.counts = counts
        self.classNames = classNames
    }

    public func render(in area: Rect, into buffer: inout ScreenBuffer) {
        let fractions = counts.map { row -> [Double] in
            let total = Double(max(row.reduce(0, +), 1))
            return row.map { Double($0) / total }
        }
        let labels = classNames.map { String($0.prefix(5)) }
        Heatmap(values: fractions, rowLabels: labels, columnLabels: labels, bounds: 0...1, showsValues: area.width >= 60,
                cellWidth: area.width >= 60 ? 5 : 3).render(in: area, into: &buffer)
    }
}

/// Each class's column of a linear classifier's weights, drawn as an image: the template the
/// class's score compares the input with (bright: pixels that vote for the class).
public struct ClassTemplatesPanel: TopicPanel {
    public let title = "Weights as images"
    /// One image per class, each `side x side`, scaled to 0...1.
    public let templates: [[Float]]
    public let side: Int
    public let classNames: [String]

    /// `weights`: `[side * side, classes]` row-major.
    public init(weights: [Float], side: Int, classNames: [String]) {
        let classes = classNames.count
        templates = (0..<classes).map { column in
            let values = (0..<(side * side)).map { weights[$0 * classes + column] }
            let low = values.min() ?? 0, high = values.max() ?? 1
            return values.map { (high - low) > 0 ? ($0 - low) / (high - low) : 0.5 }
        }
        self.side = side
        self.classNames = classNames
    }

    public func render(in area: Rect, into buffer: inout ScreenBuffer) {
        guard !templates.isEmpty, area.width >= 4, area.height >= 3 else { return }
        let cellWidth = max(4, min(side, area.width / min(templates.count, 5) - 1))
        let perRow = max(1, area.width / (cellWidth + 1))
        let imageHeight = max(1, min(side / 2, area.height / ((templates.count + perRow - 1) / perRow) - 1))
        for (index, template) in templates.enumerated() {
            let x = area.x + (index % perRow) * (cellWidth + 1)
            let y = area.y + (index / perRow) * (imageHeight + 1)
            let image = Rect(x: x, y: y, width: cellWidth, height: imageHeight).intersection(area)
            HalfBlockImage(pixels: template, width: side, height: side).render(in: image, into: &buffer)
            buffer.set(string: String(classNames[index].prefix(cellWidth)), at: (x, y + imageHeight), clippedTo: area)
        }
    }
}
