// MARK: - ScrollView

/// Shows a window of content taller than its area: the content is drawn into an off-screen
/// buffer of its full height and rows `offset ..< offset + area.height` are copied in. When the
/// content does not fit, a scroll bar is drawn in `barColumn` (typically the right border of the
/// surrounding block, so no content column is lost): the track in the border style, the thumb
/// where the window is.
public struct ScrollView: Widget {
    public var contentHeight: Int
    public var offset: Int
    /// The column the scroll bar is drawn in (nil: none).
    public var barColumn: Int?
    public var theme: Theme
    public var glyphs: Glyphs
    public var drawContent: (Rect, inout ScreenBuffer) -> Void

    public init(contentHeight: Int, offset: Int, barColumn: Int?, theme: Theme, glyphs: Glyphs,
                content: @escaping (Rect, inout ScreenBuffer) -> Void) {
        self.contentHeight = contentHeight
        self.offset = offset
        self.barColumn = barColumn
        self.theme = theme
        self.glyphs = glyphs
        drawContent = content
    }

    /// The largest useful offset for `contentHeight` rows in `visibleRows`.
    public static func maximumOffset(contentHeight: Int, visibleRows: Int) -> Int { max(0, contentHeight - visibleRows) }

    public func render(in area: Rect, into buffer: inout ScreenBuffer) {
        let area = area.intersection(buffer.area)
        guard !area.isEmpty else { return }
        guard contentHeight > area.height else {
            drawContent(area, &buffer)
            return
        }
        let start = min(max(0, offset), Self.maximumOffset(contentHeight: contentHeight, visibleRows: area.height))
        var canvas = ScreenBuffer(width: area.width, height: contentHeight)
        canvas.fill(canvas.area, character: " ", style: theme.text)
        drawContent(canvas.area, &canvas)
        for row in 0..<area.height {
            for column in 0..<area.width {
                buffer[area.x + column, area.y + row] = canvas[column, start + row]
            }
        }
        guard let barColumn, barColumn >= 0, barColumn < buffer.width else { return }
        let thumbHeight = max(1, area.height * area.height / contentHeight)
        let thumbTop = (area.height - thumbHeight) * start / max(1, contentHeight - area.height)
        for row in 0..<area.height {
            let inThumb = row >= thumbTop && row < thumbTop + thumbHeight
            let character: Character = inThumb ? (glyphs.isUnicode ? "█" : "#") : glyphs.vertical
            buffer[barColumn, area.y + row] = Cell(character, style: inThumb ? theme.focusedBorder : theme.border)
        }
    }
}
