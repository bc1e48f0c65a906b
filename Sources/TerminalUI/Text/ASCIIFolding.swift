import Foundation

// MARK: - ASCIIFolding

/// Text for a terminal whose locale is not UTF-8, which can show ASCII only.
///
/// `fold(_ text:)` transliterates before layout (σ → "sigma", ≤ → "<=", é → "e"), so lessons
/// stay readable; `fold(_ character:)` maps one cell to one character (used on whole frames as
/// the last pass, so nothing outside ASCII ever reaches such a terminal: what has no fold
/// becomes `?`).
public enum ASCIIFolding {
    /// Multi-character transliterations for text (formulas and prose).
    static let words: [Character: String] = [
        "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "Δ": "Delta", "ε": "epsilon", "η": "eta",
        "θ": "theta", "λ": "lambda", "Λ": "Lambda", "μ": "mu", "µ": "mu", "π": "pi", "ρ": "rho", "σ": "sigma",
        "Σ": "Sum", "τ": "tau", "φ": "phi", "ω": "omega", "Ω": "Omega", "∇": "grad ", "∂": "d",
        "≤": "<=", "≥": ">=", "≠": "!=", "≈": "~", "±": "+-", "∓": "-+", "×": "x", "÷": "/", "·": ".",
        "∈": " in ", "∝": " ~ ", "≡": "==", "√": "sqrt", "∞": "inf", "⊙": "(.)", "‖": "||",
        "→": "->", "←": "<-", "↑": "^", "↓": "v", "⇒": "=>", "…": "...", "—": "--", "–": "-", "−": "-",
        "‘": "'", "’": "'", "“": "\"", "”": "\"", "°": " deg", "§": "S", "✓": "ok", "✗": "x",
        "²": "^2", "³": "^3", "¹": "^1", "⁴": "^4", "⁶": "^6", "⁻": "^-", "ᵀ": "^T",
    ]

    /// One character for one cell.
    static let cells: [Character: Character] = [
        "─": "-", "━": "-", "│": "|", "┃": "|", "┌": "+", "┐": "+", "└": "+", "┘": "+", "╭": "+", "╮": "+",
        "╰": "+", "╯": "+", "├": "+", "┤": "+", "┬": "+", "┴": "+", "┼": "+", "█": "#", "▓": "#", "▒": ":",
        "░": ".", "▀": "\"", "▄": "_", "▌": "|", "▐": "|", "•": "*", "●": "*", "○": "o", "▸": ">", "▶": ">",
        "›": ">", "»": ">", "◂": "<", "◀": "<", "‹": "<", "«": "<", "→": ">", "←": "<", "↑": "^", "↓": "v",
        "…": "~", "—": "-", "–": "-", "−": "-", "×": "x", "÷": "/", "·": ".", "≈": "~", "≤": "<", "≥": ">",
        "‘": "'", "’": "'", "“": "\"", "”": "\"", "±": "+", "°": "o", "µ": "u", "✓": "v", "✗": "x",
        // Greek letters of column headings, one cell each (|Δw| -> |dw|, σ -> s).
        "Δ": "d", "δ": "d", "∂": "d", "Σ": "S", "σ": "s", "ε": "e", "μ": "u", "λ": "l", "α": "a", "β": "b",
        "γ": "g", "θ": "t", "τ": "t", "ρ": "r", "η": "n", "π": "p",
    ]

    /// `text` in ASCII: transliterated where a fold is known, accents dropped, `?` otherwise.
    public static func fold(_ text: String) -> String {
        guard !text.allSatisfy(\.isASCII) else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            if character.isASCII { result.append(character) } else if let word = words[character] { result += word } else {
                result.append(fold(character))
            }
        }
        return result
    }

    /// One ASCII character for `character` (box drawing, blocks, arrows, accented letters...).
    public static func fold(_ character: Character) -> Character {
        if character.isASCII { return character }
        if let mapped = cells[character] { return mapped }
        // An accented Latin letter: its base letter (é = e + combining acute).
        if let base = character.unicodeScalars.first, base.isASCII, base.properties.isAlphabetic {
            return Character(base)
        }
        let decomposed = String(character).decomposedStringWithCanonicalMapping
        if let base = decomposed.unicodeScalars.first, base.isASCII { return Character(base) }
        if let word = words[character], word.count == 1, let only = word.first { return only }
        return "?"
    }
}

extension ScreenBuffer {
    /// Every cell folded to ASCII (see ``ASCIIFolding``); continuation cells of wide characters
    /// become spaces.
    public mutating func foldToASCII() {
        for y in 0..<height {
            for x in 0..<width {
                var cell = self[x, y]
                guard !cell.character.isASCII || cell.isContinuation else { continue }
                cell.character = cell.isContinuation ? " " : ASCIIFolding.fold(cell.character)
                cell.isContinuation = false
                self[x, y] = cell
            }
        }
    }
}
