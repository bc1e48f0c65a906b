// MARK: - Color

/// A terminal colour: the terminal's default, one of the 16 ANSI named colours, or an index
/// into the 256-colour palette.
///
/// Palette layout (xterm): 0-15 are the named colours, 16-231 a 6x6x6 colour cube
/// (`16 + 36r + 6g + b`, each of r, g, b in 0...5), and 232-255 a 24-step grey ramp from dark
/// to light.
public enum Color: Hashable, Sendable {
    /// The terminal's own default foreground or background.
    case `default`
    case black, red, green, yellow, blue, magenta, cyan, white
    case brightBlack, brightRed, brightGreen, brightYellow
    case brightBlue, brightMagenta, brightCyan, brightWhite
    /// An index into the 256-colour palette.
    case indexed(UInt8)

    /// The palette index a backend should use: 0-15 for the named colours, the index itself for
    /// `.indexed`, and `nil` for `.default`.
    public var paletteIndex: Int? {
        switch self {
        case .default: return nil
        case .black: return 0
        case .red: return 1
        case .green: return 2
        case .yellow: return 3
        case .blue: return 4
        case .magenta: return 5
        case .cyan: return 6
        case .white: return 7
        case .brightBlack: return 8
        case .brightRed: return 9
        case .brightGreen: return 10
        case .brightYellow: return 11
        case .brightBlue: return 12
        case .brightMagenta: return 13
        case .brightCyan: return 14
        case .brightWhite: return 15
        case .indexed(let index): return Int(index)
        }
    }

    /// A colour from the 6x6x6 cube, each component in 0...5 (clamped): index `16 + 36r + 6g + b`.
    public static func cube(red: Int, green: Int, blue: Int) -> Color {
        func clamp(_ value: Int) -> Int { min(5, max(0, value)) }
        return .indexed(UInt8(16 + 36 * clamp(red) + 6 * clamp(green) + clamp(blue)))
    }

    /// A grey from the 24-step ramp (palette 232...255); `level` in 0...1 is clamped, 0 = darkest.
    /// Index = `232 + round(level * 23)`; NaN maps to the darkest grey.
    public static func grey(_ level: Double) -> Color {
        let clamped = level.isNaN ? 0 : min(1, max(0, level))
        return .indexed(UInt8(232 + Int((clamped * 23).rounded())))
    }
}
