// MARK: - HalfBlockImage

/// A grey-scale image drawn two pixels per cell with the upper half block `▀`: the foreground
/// colour is the top pixel and the background the bottom one, from the 24-step grey ramp
/// (palette index `232 + round(v * 23)`).
///
/// The image is scaled to fit the area keeping its aspect ratio (one cell = 1 x 2 pixels),
/// nearest neighbour, from the top-left. Without colour (ASCII glyphs or a monochrome theme)
/// each cell shows the mean of its two pixels on the ramp ` .:-=+*#%@`.
/// Overlay points (in image pixel coordinates, e.g. a sampling grid) are drawn in
/// ``overlayColor`` (or as `+` without colour).
public struct HalfBlockImage: Widget, Sendable {
    /// Pixel values in 0...1, row-major, `pixelWidth * pixelHeight` of them.
    public var pixels: [Float]
    public var pixelWidth: Int
    public var pixelHeight: Int
    /// Points drawn over the image, in pixel coordinates (x right, y down).
    public var overlay: [(x: Double, y: Double)]
    public var overlayColor: Color
    /// Allow scaling up beyond one pixel per half cell.
    public var allowsUpscaling: Bool
    public var theme: Theme
    public var glyphs: Glyphs

    /// Creates an image from `width * height` grey values in 0...1, row-major.
    public init(pixels: [Float], width: Int, height: Int, overlay: [(x: Double, y: Double)] = [],
                overlayColor: Color = .brightRed, allowsUpscaling: Bool = true,
                theme: Theme = .standard, glyphs: Glyphs = .unicode) {
        self.pixels = pixels
        self.pixelWidth = max(0, width)
        self.pixelHeight = max(0, height)
        self.overlay = overlay
        self.overlayColor = overlayColor
        self.allowsUpscaling = allowsUpscaling
        self.theme = theme
        self.glyphs = glyphs
    }

    /// The size drawn in `area`: columns, and rows of *pixels* (two per cell).
    public func fittedSize(in area: Rect) -> (columns: Int, pixelRows: Int) {
        guard pixelWidth > 0, pixelHeight > 0, !area.isEmpty else { return (0, 0) }
        var scale = min(Double(area.width) / Double(pixelWidth), Double(area.height * 2) / Double(pixelHeight))
        if !allowsUpscaling { scale = min(1, scale) }
        let columns = max(1, min(area.width, Int((Double(pixelWidth) * scale).rounded(.down))))
        let rows = max(1, min(area.height * 2, Int((Double(pixelHeight) * scale).rounded(.down))))
        return (columns, rows)
    }

    public func render(in area: Rect, into buffer: inout ScreenBuffer) {
        let area = area.intersection(buffer.area)
        guard !area.isEmpty, pixelWidth > 0, pixelHeight > 0, pixels.count >= pixelWidth * pixelHeight else { return }
        let size = fittedSize(in: area)
        let usesColor = theme.usesColor && glyphs.isUnicode
        var marked = Set<Int>()   // output pixel index (row * columns + column) of overlay points
        for point in overlay where point.x.isFinite && point.y.isFinite {
            let column = Int((point.x / Double(pixelWidth) * Double(size.columns)).rounded(.down))
            let row = Int((point.y / Double(pixelHeight) * Double(size.pixelRows)).rounded(.down))
            if column >= 0, row >= 0, column < size.columns, row < size.pixelRows { marked.insert(row * size.columns + column) }
        }
        for cellRow in 0 ..< (size.pixelRows + 1) / 2 {
            for column in 0 ..< size.columns {
                let topRow = cellRow * 2, bottomRow = cellRow * 2 + 1
                let top = sample(column: column, row: topRow, size: size)
                let bottom = bottomRow < size.pixelRows ? sample(column: column, row: bottomRow, size: size) : nil
                let topMarked = marked.contains(topRow * size.columns + column)
                let bottomMarked = bottom != nil && marked.contains(bottomRow * size.columns + column)
                let position = (area.x + column, area.y + cellRow)
                if usesColor {
                    let foreground = topMarked ? overlayColor : Color.grey(Double(top))
                    let background = bottomMarked ? overlayColor : bottom.map { Color.grey(Double($0)) } ?? .default
                    buffer.set(character: "▀", at: position,
                               style: Style(foreground: foreground, background: background), clippedTo: area)
                } else if topMarked || bottomMarked {
                    buffer.set(character: "+", at: position, style: theme.accent, clippedTo: area)
                } else {
                    let mean = bottom.map { (top + $0) / 2 } ?? top
                    let ramp = glyphs.imageRamp
                    let index = Int((Double(min(1, max(0, mean.isNaN ? 0 : mean))) * Double(ramp.count - 1)).rounded())
                    buffer.set(character: ramp[index], at: position, style: theme.text, clippedTo: area)
                }
            }
        }
    }

    /// Nearest-neighbour pixel for output pixel (column, row) of the fitted size.
    private func sample(column: Int, row: Int, size: (columns: Int, pixelRows: Int)) -> Float {
        let sourceX = min(pixelWidth - 1, column * pixelWidth / size.columns)
        let sourceY = min(pixelHeight - 1, row * pixelHeight / size.pixelRows)
        let value = pixels[sourceY * pixelWidth + sourceX]
        return value.isNaN ? 0 : min(1, max(0, value))
    }
}
