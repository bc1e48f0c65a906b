// MARK: - Display width

/// Column widths of characters, in the spirit of `wcwidth`: 0 for control characters and lone
/// combining marks, 2 for East Asian wide/full-width characters and emoji presentation, 1 else.
public enum DisplayWidth {
    /// Columns taken by one grapheme.
    public static func of(_ character: Character) -> Int {
        let scalars = character.unicodeScalars
        let first = scalars.first!
        let value = first.value
        if value < 0x7F { return value < 0x20 ? 0 : 1 }   // ASCII fast path
        if value < 0xA0 { return 0 }                       // DEL and C1 controls
        if value < 0x1100 {
            return isCombining(first) && scalars.count == 1 ? 0 : 1
        }
        // An emoji variation selector asks for emoji (wide) presentation.
        if scalars.count > 1, scalars.contains(where: { $0.value == 0xFE0F }) { return 2 }
        if isWide(value) { return 2 }
        // Symbols, arrows, box drawing, blocks, shapes, dingbats, braille: narrow (the wide
        // emoji among them are in `isWide`), so skip the property look-ups.
        if value >= 0x2100 && value < 0x2C00 { return 1 }
        if value >= 0x1F000 && first.properties.isEmojiPresentation { return 2 }
        if isCombining(first) && scalars.count == 1 { return 0 }
        return 1
    }

    /// Columns taken by a string: the sum over its graphemes.
    public static func of(_ string: String) -> Int {
        var total = 0
        for character in string { total += of(character) }
        return total
    }

    /// Zero-width combining marks (general categories Mn, Me) and zero-width joiners.
    static func isCombining(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark: return true
        case .format: return true
        default: return false
        }
    }

    /// East Asian Wide and Fullwidth ranges (abridged from Unicode's EastAsianWidth.txt).
    static func isWide(_ value: UInt32) -> Bool {
        switch value {
        case 0x1100...0x115F,      // Hangul Jamo initials
             0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0, 0x23F3,
             0x25FD...0x25FE, 0x2614...0x2615, 0x2648...0x2653, 0x267F, 0x2693, 0x26A1,
             0x26AA...0x26AB, 0x26BD...0x26BE, 0x26C4...0x26C5, 0x26CE, 0x26D4, 0x26EA,
             0x26F2...0x26F3, 0x26F5, 0x26FA, 0x26FD, 0x2705, 0x270A...0x270B, 0x2728, 0x274C,
             0x274E, 0x2753...0x2755, 0x2757, 0x2795...0x2797, 0x27B0, 0x27BF,
             0x2B1B...0x2B1C, 0x2B50, 0x2B55,
             0x2E80...0x303E,      // CJK radicals, punctuation
             0x3041...0x33FF,      // Hiragana, Katakana, CJK compatibility
             0x3400...0x4DBF,      // CJK extension A
             0x4E00...0x9FFF,      // CJK unified ideographs
             0xA000...0xA4CF,      // Yi
             0xA960...0xA97F,      // Hangul Jamo extended A
             0xAC00...0xD7A3,      // Hangul syllables
             0xF900...0xFAFF,      // CJK compatibility ideographs
             0xFE10...0xFE19, 0xFE30...0xFE6F,
             0xFF00...0xFF60, 0xFFE0...0xFFE6,   // full-width forms
             0x1F300...0x1F64F,    // pictographs, emoticons
             0x1F900...0x1F9FF,    // supplemental symbols and pictographs
             0x1FA70...0x1FAFF,
             0x20000...0x3FFFD:    // CJK extensions B and later
            return true
        default:
            return false
        }
    }
}
