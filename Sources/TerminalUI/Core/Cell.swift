// MARK: - Cell

/// One terminal cell: a grapheme and its style.
///
/// A wide character (CJK, most emoji) occupies two cells: the first holds the character, the
/// second is a *continuation* cell that a backend skips when drawing.
public struct Cell: Hashable, Sendable {
    /// The grapheme shown in this cell (a space for blank and continuation cells).
    public var character: Character
    /// The cell's style.
    public var style: Style
    /// `true` for the right half of a wide character.
    public var isContinuation: Bool

    /// Creates a cell.
    public init(_ character: Character = " ", style: Style = Style(), isContinuation: Bool = false) {
        self.character = character
        self.style = style
        self.isContinuation = isContinuation
    }

    /// A blank cell: a space with no style.
    public static let blank = Cell()

    /// The number of columns the character takes: 2 for wide characters, else 1.
    public var width: Int { isContinuation ? 0 : max(1, DisplayWidth.of(character)) }
}
