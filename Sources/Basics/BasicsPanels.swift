import Lab
import TerminalUI
import TopicViews

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

    public func render(in area: Rect, into buffer: inout ScreenBuffer, appearance: Appearance) {
        guard !templates.isEmpty, area.width >= 4, area.height >= 3 else { return }
        let cellWidth = max(4, min(side, area.width / min(templates.count, 5) - 1))
        let perRow = max(1, area.width / (cellWidth + 1))
        let imageHeight = max(1, min(side / 2, area.height / ((templates.count + perRow - 1) / perRow) - 1))
        for (index, template) in templates.enumerated() {
            let x = area.x + (index % perRow) * (cellWidth + 1)
            let y = area.y + (index / perRow) * (imageHeight + 1)
            let image = Rect(x: x, y: y, width: cellWidth, height: imageHeight).intersection(area)
            HalfBlockImage(pixels: template, width: side, height: side, theme: appearance.theme, glyphs: appearance.glyphs)
                .render(in: image, into: &buffer)
            buffer.set(string: String(classNames[index].prefix(cellWidth)), at: (x, y + imageHeight),
                       style: appearance.theme.muted, clippedTo: area)
        }
    }
}
