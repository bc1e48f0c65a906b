// MARK: - ScreenBuffer

/// A width x height grid of cells that widgets draw into; a backend draws the ``diff(from:)``
/// of two consecutive frames.
///
/// Cells are stored row-major: cell (x, y) is `cells[y * width + x]`.
public struct ScreenBuffer: Hashable, Sendable {
    /// Number of columns.
    public let width: Int
    /// Number of rows.
    public let height: Int
    /// All cells, row-major.
    public private(set) var cells: [Cell]

    /// A buffer of blank cells (negative sizes are treated as zero).
    public init(width: Int, height: Int, filling cell: Cell = .blank) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: cell, count: self.width * self.height)
    }

    /// The whole buffer as a rectangle at the origin.
    public var area: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    /// The cell at column `x`, row `y`. Reading outside gives a blank cell; writing outside is
    /// ignored.
    public subscript(x: Int, y: Int) -> Cell {
        get {
            guard x >= 0, y >= 0, x < width, y < height else { return .blank }
            return cells[y * width + x]
        }
        set {
            guard x >= 0, y >= 0, x < width, y < height else { return }
            cells[y * width + x] = newValue
        }
    }

    /// Resets every cell to `cell`.
    public mutating func clear(to cell: Cell = .blank) {
        for index in cells.indices { cells[index] = cell }
    }

    /// Fills `rect` (clipped to the buffer) with `character` in `style` (the style replaces the
    /// old one).
    public mutating func fill(_ rect: Rect, character: Character = " ", style: Style = Style()) {
        let clip = rect.intersection(area)
        guard !clip.isEmpty else { return }
        let cell = Cell(character, style: style)
        for row in clip.y ..< clip.bottom {
            let base = row * width
            for column in clip.x ..< clip.right { cells[base + column] = cell }
        }
    }

    /// Lays `style` over every cell of `rect` (clipped) with ``Style/patched(with:)``, keeping
    /// the characters.
    public mutating func applyStyle(_ style: Style, to rect: Rect) {
        let clip = rect.intersection(area)
        guard !clip.isEmpty else { return }
        for row in clip.y ..< clip.bottom {
            let base = row * width
            for column in clip.x ..< clip.right {
                cells[base + column].style = cells[base + column].style.patched(with: style)
            }
        }
    }

    /// Puts one character at (x, y) if that cell lies inside `clip` and the buffer, patching
    /// `style` onto the cell's style. A wide character needs both of its cells inside.
    /// Returns the number of columns written (0, 1 or 2).
    @discardableResult
    public mutating func set(character: Character, at position: (x: Int, y: Int), style: Style = Style(),
                             clippedTo clip: Rect? = nil) -> Int {
        let bounds = clip.map { $0.intersection(area) } ?? area
        let characterWidth = DisplayWidth.of(character)
        guard characterWidth > 0 else { return 0 }
        return put(character, width: characterWidth, x: position.x, y: position.y, style: style, bounds: bounds)
    }

    /// Writes `string` from (x, y) rightwards, one grapheme per cell (two for wide ones),
    /// stopping at the right edge of `clip` (default: the buffer). Control characters are skipped;
    /// a wide character that would straddle the edge is not drawn.
    /// - Returns: the number of columns used.
    @discardableResult
    public mutating func set(string: String, at position: (x: Int, y: Int), style: Style = Style(),
                             clippedTo clip: Rect? = nil) -> Int {
        let bounds = clip.map { $0.intersection(area) } ?? area
        guard position.y >= bounds.y, position.y < bounds.bottom else { return 0 }
        var column = position.x
        for character in string {
            let characterWidth = DisplayWidth.of(character)
            if characterWidth == 0 { continue }
            if column + characterWidth > bounds.right { break }
            if column >= bounds.x {
                put(character, width: characterWidth, x: column, y: position.y, style: style, bounds: bounds)
            }
            column += characterWidth
        }
        return max(0, column - position.x)
    }

    /// Writes the spans of `line` from (x, y), clipped like ``set(string:at:style:clippedTo:)``;
    /// each span's style is patched over `baseStyle`. Returns the columns used.
    @discardableResult
    public mutating func set(line: StyledLine, at position: (x: Int, y: Int), baseStyle: Style = Style(),
                             clippedTo clip: Rect? = nil) -> Int {
        var column = position.x
        for span in line.spans {
            column += set(string: span.text, at: (column, position.y),
                          style: baseStyle.patched(with: span.style), clippedTo: clip)
        }
        return column - position.x
    }

    // MARK: - Private

    /// Stores one grapheme, repairing any wide character it half overwrites.
    @discardableResult
    private mutating func put(_ character: Character, width characterWidth: Int, x: Int, y: Int,
                              style: Style, bounds: Rect) -> Int {
        guard y >= bounds.y, y < bounds.bottom, x >= bounds.x, x + characterWidth <= bounds.right else { return 0 }
        let index = y * width + x
        breakWideCharacter(at: index, x: x)
        if characterWidth == 2 { breakWideCharacter(at: index + 1, x: x + 1) }
        let old = cells[index].style
        cells[index] = Cell(character, style: old.patched(with: style))
        if characterWidth == 2 {
            cells[index + 1] = Cell(" ", style: cells[index + 1].style.patched(with: style), isContinuation: true)
        }
        return characterWidth
    }

    /// Before a cell is overwritten: if it is half of a wide character, blank the other half.
    private mutating func breakWideCharacter(at index: Int, x: Int) {
        if cells[index].isContinuation, x > 0 {
            cells[index - 1].character = " "
            cells[index].isContinuation = false
        } else if x + 1 < width, cells[index + 1].isContinuation {
            cells[index + 1].isContinuation = false
            cells[index + 1].character = " "
        }
    }
}
