// MARK: - ANSI encoder

/// Turns frame diffs into the escape codes a terminal (or an asciicast player) needs to show
/// them, remembering the cursor and the current style between frames so it writes only what
/// changes.
///
/// Escapes used: `ESC[row;colH` (cursor position, 1-based), `ESC[2J` (clear), `ESC[?25l` (hide the
/// cursor) and SGR `ESC[…m` with 0 (reset), 1 bold, 2 dim, 3 italic, 4 underline, 7 reverse,
/// 30–37 / 90–97 and 40–47 / 100–107 for the 16 named colours, `38;5;n` / `48;5;n` for
/// ``Color/indexed(_:)`` and 39 / 49 for ``Color/default``. An unset colour (`nil`) is what the
/// reset leaves, the terminal's default.
struct ANSIEncoder {
    /// Where the terminal's cursor is, or `nil` when unknown (after the last column).
    private var cursor: (x: Int, y: Int)?
    /// The style the terminal draws with now, or `nil` when unknown.
    private var pen: Style?

    /// The escape that clears the screen to the default style and homes the cursor.
    mutating func clearScreen(into output: inout String) {
        output += "\u{1B}[0m\u{1B}[2J\u{1B}[H"
        pen = Style()
        cursor = (0, 0)
    }

    /// Hides the cursor (recordings of full-screen programs do not show it).
    func hideCursor(into output: inout String) { output += "\u{1B}[?25l" }

    /// Draws `changes` (cells of a frame `width` columns wide, in any order).
    mutating func draw(_ changes: [CellChange], width: Int, into output: inout String) {
        for change in changes where !change.cell.isContinuation {
            if cursor == nil || cursor! != (change.x, change.y) {
                output += "\u{1B}[\(change.y + 1);\(change.x + 1)H"
            }
            if pen != change.cell.style {
                Self.appendSelectGraphicRendition(change.cell.style, to: &output)
                pen = change.cell.style
            }
            let (character, characterWidth) = Self.printable(change.cell.character)
            output.append(character)
            let next = change.x + characterWidth
            cursor = next < width ? (next, change.y) : nil
        }
    }

    /// `character` and its width, or a space for one a terminal would not print as a cell of
    /// its own (control characters, lone combining marks: they would join the character before).
    static func printable(_ character: Character) -> (Character, Int) {
        if let ascii = character.asciiValue { return ascii >= 0x20 && ascii < 0x7F ? (character, 1) : (" ", 1) }
        let width = DisplayWidth.of(character)
        guard width > 0, let first = character.unicodeScalars.first, !DisplayWidth.isCombining(first) else { return (" ", 1) }
        return (character, width)
    }

    /// The SGR escape that sets exactly `style`: a reset, then its attributes and colours.
    static func appendSelectGraphicRendition(_ style: Style, to output: inout String) {
        output += "\u{1B}[0"
        let attributes: [(Attributes, String)] = [(.bold, ";1"), (.dim, ";2"), (.italic, ";3"),
                                                  (.underline, ";4"), (.reverse, ";7")]
        for (attribute, code) in attributes where style.attributes.contains(attribute) { output += code }
        if let foreground = style.foreground { output += ";" + code(for: foreground, background: false) }
        if let background = style.background { output += ";" + code(for: background, background: true) }
        output += "m"
    }

    /// The SGR parameters of one colour.
    static func code(for color: Color, background: Bool) -> String {
        switch color {
        case .default: return background ? "49" : "39"
        case .indexed(let index): return (background ? "48;5;" : "38;5;") + String(index)
        default:
            let index = color.paletteIndex!
            let base = index < 8 ? (background ? 40 : 30) : (background ? 100 : 90)
            return String(base + index % 8)
        }
    }
}

extension Color {
    /// The named colour with palette index 0–15.
    static func named(_ index: Int) -> Color {
        let colors: [Color] = [.black, .red, .green, .yellow, .blue, .magenta, .cyan, .white,
                               .brightBlack, .brightRed, .brightGreen, .brightYellow,
                               .brightBlue, .brightMagenta, .brightCyan, .brightWhite]
        return colors[index]
    }
}
