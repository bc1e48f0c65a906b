// MARK: - BrailleCanvas

/// A dot canvas with 2 x 4 dots per cell, drawn as Unicode braille (U+2800 + bits).
///
/// Dot (column c, row r) inside a cell sets bit:
/// ```
/// c=0: r0 0x01, r1 0x02, r2 0x04, r3 0x40
/// c=1: r0 0x08, r1 0x10, r2 0x20, r3 0x80
/// ```
/// Dot coordinates start at the top-left: x in `0 ..< 2 * columns`, y in `0 ..< 4 * rows`.
/// Each cell keeps one style: the last one drawn into it wins. With ASCII glyphs a cell shows
/// `'` (dots in its upper half only), `.` (lower half only) or `*` (both).
public struct BrailleCanvas: Widget, Sendable {
    /// Width in cells.
    public let columns: Int
    /// Height in cells.
    public let rows: Int
    public var glyphs: Glyphs
    /// Dot bits per cell, row-major.
    private var bits: [UInt8]
    /// Index into `styles` per cell (0 = none).
    private var styleIndices: [UInt8]
    private var styles: [Style] = [Style()]
    /// Characters placed over the dots (markers, legend text), per cell.
    private var overlays: [(index: Int, character: Character, style: Style)] = []

    /// Creates an empty canvas of `columns` x `rows` cells.
    public init(columns: Int, rows: Int, glyphs: Glyphs = .unicode) {
        self.columns = max(0, columns)
        self.rows = max(0, rows)
        self.glyphs = glyphs
        bits = Array(repeating: 0, count: self.columns * self.rows)
        styleIndices = Array(repeating: 0, count: self.columns * self.rows)
    }

    /// Width in dots.
    public var dotWidth: Int { columns * 2 }
    /// Height in dots.
    public var dotHeight: Int { rows * 4 }

    /// The braille bit of dot (column, row) inside a cell.
    @inline(__always)
    public static func bit(column: Int, row: Int) -> UInt8 {
        if row == 3 { return column == 0 ? 0x40 : 0x80 }
        return UInt8(1 << (row + 3 * column))
    }

    /// The dot bits of cell (column, row); 0 outside.
    public func cellBits(column: Int, row: Int) -> UInt8 {
        guard column >= 0, row >= 0, column < columns, row < rows else { return 0 }
        return bits[row * columns + column]
    }

    /// Interns a style for use with the `styleIndex:` drawing calls (up to 255 styles).
    public mutating func styleIndex(for style: Style) -> Int {
        if let found = styles.firstIndex(of: style) { return found }
        guard styles.count < 256 else { return styles.count - 1 }
        styles.append(style)
        return styles.count - 1
    }

    /// Sets one dot; dots outside the canvas are ignored.
    public mutating func set(x: Int, y: Int, style: Style = Style()) {
        let index = styleIndex(for: style)
        set(x: x, y: y, styleIndex: index)
    }

    /// Sets one dot with an interned style.
    @inline(__always)
    public mutating func set(x: Int, y: Int, styleIndex: Int) {
        guard x >= 0, y >= 0, x < dotWidth, y < dotHeight else { return }
        let cell = (y >> 2) * columns + (x >> 1)
        bits[cell] |= BrailleCanvas.bit(column: x & 1, row: y & 3)
        styleIndices[cell] = UInt8(truncatingIfNeeded: styleIndex)
    }

    /// Draws a straight line of dots from one dot to another (Bresenham), both ends included.
    public mutating func line(from start: (x: Int, y: Int), to end: (x: Int, y: Int), style: Style = Style()) {
        line(from: start, to: end, styleIndex: styleIndex(for: style))
    }

    /// Draws a line with an interned style; see ``line(from:to:style:)``.
    public mutating func line(from start: (x: Int, y: Int), to end: (x: Int, y: Int), styleIndex: Int) {
        var x = start.x, y = start.y
        let dx = abs(end.x - x), dy = -abs(end.y - y)
        let stepX = x < end.x ? 1 : -1, stepY = y < end.y ? 1 : -1
        var error = dx + dy
        while true {
            set(x: x, y: y, styleIndex: styleIndex)
            if x == end.x && y == end.y { break }
            let doubled = 2 * error
            if doubled >= dy { error += dy; x += stepX }
            if doubled <= dx { error += dx; y += stepY }
        }
    }

    /// Places a character over cell (column, row), hiding its dots.
    public mutating func put(_ character: Character, column: Int, row: Int, style: Style = Style()) {
        guard column >= 0, row >= 0, column < columns, row < rows else { return }
        overlays.append((row * columns + column, character, style))
    }

    /// Removes all dots and overlays.
    public mutating func clear() {
        for index in bits.indices { bits[index] = 0; styleIndices[index] = 0 }
        overlays.removeAll()
    }

    /// Draws the canvas from the top-left of `area`, clipped to it.
    public func render(in area: Rect, into buffer: inout ScreenBuffer) {
        let area = area.intersection(buffer.area)
        guard !area.isEmpty else { return }
        let visibleColumns = min(columns, area.width), visibleRows = min(rows, area.height)
        for row in 0 ..< visibleRows {
            for column in 0 ..< visibleColumns {
                let value = bits[row * columns + column]
                guard value != 0 else { continue }
                let style = styles[Int(styleIndices[row * columns + column])]
                buffer.set(character: character(for: value), at: (area.x + column, area.y + row),
                           style: style, clippedTo: area)
            }
        }
        for overlay in overlays {
            let column = overlay.index % columns, row = overlay.index / columns
            buffer.set(character: overlay.character, at: (area.x + column, area.y + row),
                       style: overlay.style, clippedTo: area)
        }
    }

    /// The braille character for `value`, or its ASCII stand-in.
    @inline(__always)
    func character(for value: UInt8) -> Character {
        if glyphs.isUnicode { return Character(Unicode.Scalar(0x2800 + UInt32(value))!) }
        let upper: UInt8 = 0x01 | 0x02 | 0x08 | 0x10
        let hasUpper = value & upper != 0, hasLower = value & ~upper != 0
        return hasUpper && hasLower ? "*" : (hasUpper ? "'" : ".")
    }
}
