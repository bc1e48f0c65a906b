/// Lowercase word tokens in the style of the Pang & Lee polarity sentences: split on
/// whitespace, then split punctuation off the ends of each word (`"cow,"` -> `cow`, `,`).
/// Inner apostrophes and hyphens stay (`it's`, `coming-of-age`); a run of one mark stays
/// together (`...`, `--`). Works on UTF-8 bytes: ASCII letters are lowercased, and bytes of
/// non-ASCII characters count as letters.
public enum Tokenizer {
    public static func words(_ text: String) -> [String] {
        var tokens: [String] = []
        var text = text
        text.withUTF8 { bytes in
            var start = 0
            while start < bytes.count {
                while start < bytes.count, isSpace(bytes[start]) { start += 1 }
                var end = start
                while end < bytes.count, !isSpace(bytes[end]) { end += 1 }
                if end > start { appendWord(ByteSlice(rebasing: bytes[start..<end]), to: &tokens) }
                start = end
            }
        }
        return tokens
    }

    /// Tokens separated by whitespace, unchanged (for text that is already tokenised).
    public static func whitespaceTokens(_ text: String) -> [String] {
        var tokens: [String] = []
        var text = text
        text.withUTF8 { bytes in
            var start = 0
            while start < bytes.count {
                while start < bytes.count, isSpace(bytes[start]) { start += 1 }
                var end = start
                while end < bytes.count, !isSpace(bytes[end]) { end += 1 }
                if end > start { tokens.append(String(decoding: ByteSlice(rebasing: bytes[start..<end]), as: UTF8.self)) }
                start = end
            }
        }
        return tokens
    }

    /// Splits the marks off both ends of one whitespace-free word.
    private static func appendWord(_ word: ByteSlice, to tokens: inout [String]) {
        var lower = 0
        var upper = word.count
        while lower < upper, isMark(word[lower]) {
            var runEnd = lower + 1
            while runEnd < upper, word[runEnd] == word[lower] { runEnd += 1 }
            tokens.append(lowercased(ByteSlice(rebasing: word[lower..<runEnd])))
            lower = runEnd
        }
        var trailing: [String] = []
        while upper > lower, isMark(word[upper - 1]) {
            var runStart = upper - 1
            while runStart > lower, word[runStart - 1] == word[upper - 1] { runStart -= 1 }
            trailing.append(lowercased(ByteSlice(rebasing: word[runStart..<upper])))
            upper = runStart
        }
        if upper > lower { tokens.append(lowercased(ByteSlice(rebasing: word[lower..<upper]))) }
        tokens.append(contentsOf: trailing.reversed())
    }

    private static func lowercased(_ bytes: ByteSlice) -> String {
        if !bytes.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) { return String(decoding: bytes, as: UTF8.self) }
        return String(decoding: bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
    }

    /// An ASCII byte that is neither a letter nor a digit.
    private static func isMark(_ byte: UInt8) -> Bool {
        guard byte < 0x80 else { return false }
        let isDigit = byte >= 0x30 && byte <= 0x39
        let isLetter = (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A
        return !isDigit && !isLetter
    }
}
