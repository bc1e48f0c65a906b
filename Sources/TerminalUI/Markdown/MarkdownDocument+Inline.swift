// MARK: - Inline parsing

extension MarkdownDocument {
    /// Splits text into runs by `**bold**`, `*italic*`, `_italic_`, `` `code` `` and
    /// `[text](target)`. A marker without a partner later in the text is kept literally;
    /// `\` escapes punctuation.
    public static func parseInlines(_ text: String) -> [Inline] {
        let characters = Array(text)
        var runs: [Inline] = []
        var current = ""
        var bold = false, italic = false
        var index = 0

        func flush() {
            guard !current.isEmpty else { return }
            runs.append(Inline(current, isBold: bold, isItalic: italic))
            current = ""
        }
        func find(_ target: Character, from start: Int) -> Int? {
            var position = start
            while position < characters.count {
                if characters[position] == "\\" { position += 2; continue }
                if characters[position] == target { return position }
                position += 1
            }
            return nil
        }
        func findDouble(from start: Int) -> Int? {
            var position = start
            while position + 1 < characters.count {
                if characters[position] == "*" && characters[position + 1] == "*" { return position }
                position += 1
            }
            return nil
        }
        func isWordCharacter(_ position: Int) -> Bool {
            position >= 0 && position < characters.count && (characters[position].isLetter || characters[position].isNumber)
        }

        while index < characters.count {
            let character = characters[index]
            let next: Character? = index + 1 < characters.count ? characters[index + 1] : nil
            if character == "\\", let next, next.isPunctuation || next.isSymbol {
                current.append(next)
                index += 2
            } else if character == "`", let close = find("`", from: index + 1) {
                flush()
                runs.append(Inline(String(characters[(index + 1) ..< close]), isBold: bold, isItalic: italic, isCode: true))
                index = close + 1
            } else if character == "*", next == "*", bold || findDouble(from: index + 2) != nil {
                flush()
                bold.toggle()
                index += 2
            } else if character == "*", italic || (next != nil && next != " " && next != "*" && find("*", from: index + 1) != nil) {
                flush()
                italic.toggle()
                index += 1
            } else if character == "_", italic ? !isWordCharacter(index + 1) : !isWordCharacter(index - 1),
                      italic || find("_", from: index + 1) != nil {
                flush()
                italic.toggle()
                index += 1
            } else if character == "[", let link = parseLink(characters, at: index) {
                flush()
                runs.append(Inline(link.text, isBold: bold, isItalic: italic, linkTarget: link.target))
                index = link.end
            } else {
                current.append(character)
                index += 1
            }
        }
        flush()
        return runs
    }

    /// `[text](target)` starting at `start`: the text, the target and the index after `)`.
    static func parseLink(_ characters: [Character], at start: Int) -> (text: String, target: String, end: Int)? {
        var depth = 0
        var position = start
        while position < characters.count {
            if characters[position] == "[" { depth += 1 }
            if characters[position] == "]" { depth -= 1; if depth == 0 { break } }
            position += 1
        }
        guard position + 1 < characters.count, characters[position + 1] == "(" else { return nil }
        guard let close = characters[(position + 2)...].firstIndex(of: ")") else { return nil }
        let text = String(characters[(start + 1) ..< position])
        let target = String(characters[(position + 2) ..< close])
        return (text, target, close + 1)
    }
}
