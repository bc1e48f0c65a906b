// MARK: - ANSI interpreter

/// A minimal terminal: applies the escape output of ``ANSIEncoder`` (and the plain text between
/// escapes) to a ``ScreenBuffer``, to check recordings.
///
/// Understood: printable characters (wide ones take two cells; writing over half of a wide
/// character blanks its other half, as terminals do), `ESC[row;colH` / `ESC[H`, `ESC[2J`, SGR
/// (0, 1, 2, 3, 4, 7, 22, 23, 24, 27, 30–37, 38;5;n, 39, 40–47, 48;5;n, 49, 90–97, 100–107).
/// Other escapes are skipped. A continuation cell takes the style of its wide character (a
/// terminal keeps no other), so compare frames with ``ScreenBuffer/sameAppearance(as:)``.
public struct ANSIInterpreter: Sendable {
    /// The screen as drawn so far.
    public private(set) var screen: ScreenBuffer
    /// Cursor column and row, 0-based.
    public private(set) var cursor = (x: 0, y: 0)
    /// The style new characters are drawn with.
    public private(set) var pen = Style()

    private var escape: [Unicode.Scalar]?
    private var text = ""

    /// A blank screen of `width` x `height`.
    public init(width: Int, height: Int) {
        screen = ScreenBuffer(width: width, height: height)
    }

    /// Starts over on a blank screen of a new size (an asciicast resize event).
    public mutating func resize(width: Int, height: Int) {
        flushText()
        screen = ScreenBuffer(width: width, height: height)
        cursor = (0, 0)
    }

    /// Applies `output`. An escape cut off at the end continues with the next call.
    public mutating func feed(_ output: String) {
        for scalar in output.unicodeScalars {
            if var sequence = escape {
                sequence.append(scalar)
                if Self.isComplete(sequence) {
                    escape = nil
                    perform(sequence)
                } else {
                    escape = sequence
                }
            } else if scalar == "\u{1B}" {
                flushText()
                escape = [scalar]
            } else {
                text.unicodeScalars.append(scalar)
            }
        }
        flushText()
    }

    /// Whether `sequence` (starting with ESC) is finished: ESC plus one character, or a CSI
    /// (`ESC[`) up to its final byte (@ to ~).
    private static func isComplete(_ sequence: [Unicode.Scalar]) -> Bool {
        guard sequence.count >= 2 else { return false }
        guard sequence[1] == "[" else { return true }
        guard sequence.count >= 3, let last = sequence.last else { return false }
        return (0x40...0x7E).contains(last.value)
    }

    // MARK: - Text

    /// Prints the text collected since the last escape, one grapheme at a time.
    private mutating func flushText() {
        guard !text.isEmpty else { return }
        for character in text { put(character) }
        text = ""
    }

    private mutating func put(_ character: Character) {
        let width = DisplayWidth.of(character)
        guard width > 0, screen.width > 0, screen.height > 0 else { return }
        if cursor.x + width > screen.width {  // wrap
            cursor = (0, min(cursor.y + 1, screen.height - 1))
            guard width <= screen.width else { return }
        }
        let (x, y) = cursor
        breakWideCharacter(x: x, y: y)
        if width == 2 { breakWideCharacter(x: x + 1, y: y) }
        screen[x, y] = Cell(character, style: pen)
        if width == 2 { screen[x + 1, y] = Cell(" ", style: pen, isContinuation: true) }
        cursor.x += width
    }

    /// Before (x, y) is overwritten: if it is half of a wide character, blank the other half.
    private mutating func breakWideCharacter(x: Int, y: Int) {
        if screen[x, y].isContinuation, x > 0 {
            screen[x - 1, y].character = " "
            screen[x, y].isContinuation = false
        } else if screen[x + 1, y].isContinuation {
            screen[x + 1, y].isContinuation = false
            screen[x + 1, y].character = " "
        }
    }

    // MARK: - Escapes

    private mutating func perform(_ sequence: [Unicode.Scalar]) {
        guard sequence.count >= 3, sequence[1] == "[", let final = sequence.last else { return }
        let body = String(String.UnicodeScalarView(sequence[2 ..< sequence.count - 1]))
        if body.hasPrefix("?") { return }  // private modes (cursor visibility)
        let parameters = body.split(separator: ";", omittingEmptySubsequences: false).map { Int($0) }
        switch final {
        case "H", "f":
            let row = parameters.first.flatMap { $0 } ?? 1, column = parameters.dropFirst().first.flatMap { $0 } ?? 1
            cursor = (min(max(column, 1), max(screen.width, 1)) - 1, min(max(row, 1), max(screen.height, 1)) - 1)
        case "J" where parameters.first.flatMap({ $0 }) == 2:
            screen.clear(to: Cell(" ", style: Style(background: pen.background)))
        case "m":
            selectGraphicRendition(parameters.map { $0 ?? 0 })
        default:
            break
        }
    }

    private mutating func selectGraphicRendition(_ parameters: [Int]) {
        var index = 0
        while index < parameters.count {
            let code = parameters[index]
            index += 1
            switch code {
            case 0: pen = Style()
            case 1: pen.attributes.insert(.bold)
            case 2: pen.attributes.insert(.dim)
            case 3: pen.attributes.insert(.italic)
            case 4: pen.attributes.insert(.underline)
            case 7: pen.attributes.insert(.reverse)
            case 22: pen.attributes.subtract([.bold, .dim])
            case 23: pen.attributes.remove(.italic)
            case 24: pen.attributes.remove(.underline)
            case 27: pen.attributes.remove(.reverse)
            case 30...37: pen.foreground = .named(code - 30)
            case 90...97: pen.foreground = .named(code - 90 + 8)
            case 40...47: pen.background = .named(code - 40)
            case 100...107: pen.background = .named(code - 100 + 8)
            case 39: pen.foreground = .default
            case 49: pen.background = .default
            case 38, 48:
                guard index < parameters.count else { return }
                let mode = parameters[index]
                if mode == 5, index + 1 < parameters.count {
                    let color = Color.indexed(UInt8(clamping: parameters[index + 1]))
                    if code == 38 { pen.foreground = color } else { pen.background = color }
                }
                index += mode == 5 ? 2 : (mode == 2 ? 4 : 1)  // 38;2;r;g;b is skipped
            default: break
            }
        }
    }
}

extension ScreenBuffer {
    /// Whether `other` looks the same on a terminal: same size, and the same characters, styles
    /// and wide characters in every cell. A continuation cell's style is not compared: the
    /// terminal draws the wide character's style over both columns.
    public func sameAppearance(as other: ScreenBuffer) -> Bool {
        guard width == other.width, height == other.height else { return false }
        for (mine, theirs) in zip(cells, other.cells) {
            if mine.isContinuation != theirs.isContinuation { return false }
            if !mine.isContinuation && mine != theirs { return false }
        }
        return true
    }
}
