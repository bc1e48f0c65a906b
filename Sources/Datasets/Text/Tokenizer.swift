/// Lowercase word tokens in the style of the Pang & Lee polarity sentences: split on
/// whitespace, then split punctuation off the ends of each word (`"cow,"` -> `cow`, `,`).
/// Inner apostrophes and hyphens stay (`it's`, `coming-of-age`); a run of one mark stays
/// together (`...`, `--`).
public enum Tokenizer {
    public static func words(_ text: String) -> [String] {
        var tokens: [String] = []
        for chunk in text.lowercased().split(whereSeparator: \.isWhitespace) {
            var core = Substring(chunk)
            var leading: [String] = []
            while let first = core.first, isMark(first) {
                let run = core.prefix(while: { $0 == first })
                leading.append(String(run))
                core = core.dropFirst(run.count)
            }
            var trailing: [String] = []
            while let last = core.last, isMark(last) {
                let count = core.reversed().prefix(while: { $0 == last }).count
                trailing.append(String(core.suffix(count)))
                core = core.dropLast(count)
            }
            tokens += leading
            if !core.isEmpty { tokens.append(String(core)) }
            tokens += trailing.reversed()
        }
        return tokens
    }

    /// Anything that is neither a letter nor a digit.
    private static func isMark(_ character: Character) -> Bool {
        !(character.isLetter || character.isNumber)
    }
}
