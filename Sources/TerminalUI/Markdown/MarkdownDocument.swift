// MARK: - MarkdownDocument

/// A parsed subset of Markdown: ATX headings, paragraphs, bullet and numbered lists (nested by
/// indentation), fenced code blocks, block quotes, pipe tables and horizontal rules; inline
/// `**bold**`, `*italic*` / `_italic_`, `` `code` `` and `[links](target)`.
///
/// Anything else is kept as plain text (formulas included). Parse once, then ``layout(width:theme:glyphs:)``
/// for each width.
public struct MarkdownDocument: Hashable, Sendable {
    /// A block-level element.
    public indirect enum Block: Hashable, Sendable {
        case heading(level: Int, text: [Inline])
        case paragraph([Inline])
        case list([ListItem])
        case code(language: String?, lines: [String])
        case quote([Block])
        case table(header: [[Inline]], alignments: [Alignment], rows: [[[Inline]]])
        case rule
    }

    /// One list item; nesting is given by `depth` (0 = outermost).
    public struct ListItem: Hashable, Sendable {
        public var depth: Int
        /// The number of an ordered item; `nil` for a bullet.
        public var ordinal: Int?
        public var text: [Inline]
    }

    /// A run of inline text with its emphasis.
    public struct Inline: Hashable, Sendable {
        public var text: String
        public var isBold = false
        public var isItalic = false
        public var isCode = false
        /// The target of a link; `nil` for ordinary text.
        public var linkTarget: String?

        public init(_ text: String, isBold: Bool = false, isItalic: Bool = false, isCode: Bool = false,
                    linkTarget: String? = nil) {
            self.text = text
            self.isBold = isBold
            self.isItalic = isItalic
            self.isCode = isCode
            self.linkTarget = linkTarget
        }
    }

    public var blocks: [Block]

    public init(blocks: [Block]) { self.blocks = blocks }

    /// Parses Markdown text.
    public static func parse(_ text: String) -> MarkdownDocument {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> Substring in
            line.last == "\r" ? line.dropLast() : line
        }
        return MarkdownDocument(blocks: parseBlocks(lines))
    }

    // MARK: - Blocks

    static func parseBlocks(_ lines: [Substring]) -> [Block] {
        var blocks: [Block] = []
        var index = 0
        while index < lines.count {
            let line = lines[index]
            let trimmed = line.trimmingLeadingSpaces
            if trimmed.isEmpty { index += 1; continue }
            if indentedContent(line) != nil, listMarker(line) == nil {
                blocks.append(.code(language: nil, lines: parseIndentedCode(lines, from: &index)))
            } else if let fence = fenceMarker(trimmed) {
                let language = trimmed.dropFirst(fence.count).trimmingLeadingSpaces
                var code: [String] = []
                index += 1
                while index < lines.count, !lines[index].trimmingLeadingSpaces.hasPrefix(fence) {
                    code.append(String(lines[index]))
                    index += 1
                }
                index += 1   // the closing fence (or past the end)
                blocks.append(.code(language: language.isEmpty ? nil : String(language), lines: code))
            } else if let heading = parseHeading(trimmed) {
                blocks.append(heading)
                index += 1
            } else if isRule(trimmed) {
                blocks.append(.rule)
                index += 1
            } else if trimmed.hasPrefix(">") {
                var quoted: [Substring] = []
                while index < lines.count, lines[index].trimmingLeadingSpaces.hasPrefix(">") {
                    var inner = lines[index].trimmingLeadingSpaces.dropFirst()
                    if inner.first == " " { inner = inner.dropFirst() }
                    quoted.append(inner)
                    index += 1
                }
                blocks.append(.quote(parseBlocks(quoted)))
            } else if listMarker(line) != nil {
                blocks.append(.list(parseList(lines, from: &index)))
            } else if index + 1 < lines.count, line.contains("|"), isTableSeparator(lines[index + 1]) {
                blocks.append(parseTable(lines, from: &index))
            } else {
                // A line that is only a link stands alone (a list of links written one per line
                // stays one per line), so it ends the paragraph before it and makes its own.
                var text: [Substring] = []
                while index < lines.count, !startsOtherBlock(lines, at: index) {
                    let trimmed = lines[index].trimmingLeadingSpaces
                    if isLinkOnly(trimmed) {
                        if text.isEmpty { text.append(trimmed); index += 1 }
                        break
                    }
                    text.append(trimmed)
                    index += 1
                }
                blocks.append(.paragraph(parseInlines(text.joined(separator: " "))))
            }
        }
        return blocks
    }

    /// Whether `line` is one link and nothing else: `[text](target)`.
    static func isLinkOnly(_ line: Substring) -> Bool {
        let characters = Array(line.trimmingTrailingSpaces)
        guard characters.first == "[", characters.last == ")", let link = parseLink(characters, at: 0) else { return false }
        return link.end == characters.count
    }

    /// Whether line `index` ends a paragraph (blank) or starts another kind of block.
    static func startsOtherBlock(_ lines: [Substring], at index: Int) -> Bool {
        let trimmed = lines[index].trimmingLeadingSpaces
        return trimmed.isEmpty || fenceMarker(trimmed) != nil || parseHeading(trimmed) != nil || isRule(trimmed)
            || trimmed.hasPrefix(">") || listMarker(lines[index]) != nil
            || (index + 1 < lines.count && lines[index].contains("|") && isTableSeparator(lines[index + 1]))
    }

    /// An indented code block (CommonMark): lines indented four spaces or a tab, and the blank
    /// lines between them, verbatim less that indent. It cannot interrupt a paragraph, so an
    /// indented line right under paragraph text stays part of the paragraph.
    static func parseIndentedCode(_ lines: [Substring], from index: inout Int) -> [String] {
        var code: [String] = []
        while index < lines.count {
            if lines[index].trimmingLeadingSpaces.isEmpty {
                code.append("")
            } else if let content = indentedContent(lines[index]) {
                code.append(String(content))
            } else {
                break
            }
            index += 1
        }
        while code.last == "" { code.removeLast() }
        return code
    }

    /// The line without its code indent (four spaces or a tab); nil when it has none.
    static func indentedContent(_ line: Substring) -> Substring? {
        if line.hasPrefix("\t") { return line.dropFirst() }
        return line.hasPrefix("    ") ? line.dropFirst(4) : nil
    }

    static func fenceMarker(_ trimmed: Substring) -> String? {
        if trimmed.hasPrefix("```") { return "```" }
        if trimmed.hasPrefix("~~~") { return "~~~" }
        return nil
    }

    static func parseHeading(_ trimmed: Substring) -> Block? {
        let hashes = trimmed.prefix { $0 == "#" }.count
        guard (1 ... 6).contains(hashes) else { return nil }
        let rest = trimmed.dropFirst(hashes)
        guard rest.isEmpty || rest.first == " " else { return nil }
        var text = rest.trimmingLeadingSpaces
        while text.last == "#" || text.last == " " { text = text.dropLast() }
        return .heading(level: hashes, text: parseInlines(String(text)))
    }

    /// Three or more `-`, `*` or `_` (spaces allowed between), nothing else.
    static func isRule(_ trimmed: Substring) -> Bool {
        let marks = trimmed.filter { $0 != " " }
        guard marks.count >= 3, let first = marks.first, "-*_".contains(first) else { return false }
        return marks.allSatisfy { $0 == first }
    }

    /// The indentation, ordinal (nil for bullets) and text of a list item line.
    static func listMarker(_ line: Substring) -> (indent: Int, ordinal: Int?, text: Substring)? {
        var indent = 0
        var rest = line[...]
        while let first = rest.first, first == " " || first == "\t" {
            indent += first == "\t" ? 4 : 1
            rest = rest.dropFirst()
        }
        if let first = rest.first, "-*+".contains(first), rest.dropFirst().first == " " {
            return (indent, nil, rest.dropFirst(2).trimmingLeadingSpaces)
        }
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 9 else { return nil }
        let after = rest.dropFirst(digits.count)
        guard let mark = after.first, mark == "." || mark == ")", after.dropFirst().first == " " else { return nil }
        return (indent, Int(digits), after.dropFirst(2).trimmingLeadingSpaces)
    }

    /// List items from `index` on; a deeper indent nests, lines without a marker continue the
    /// previous item, and a blank line followed by a non-item ends the list.
    static func parseList(_ lines: [Substring], from index: inout Int) -> [ListItem] {
        var items: [ListItem] = []
        var indents: [Int] = []
        var texts: [String] = []
        while index < lines.count {
            let line = lines[index]
            if let marker = listMarker(line) {
                while let last = indents.last, marker.indent < last { indents.removeLast() }
                if indents.last.map({ marker.indent > $0 }) ?? true { indents.append(marker.indent) }
                items.append(ListItem(depth: indents.count - 1, ordinal: marker.ordinal, text: []))
                texts.append(String(marker.text))
                index += 1
            } else if line.trimmingLeadingSpaces.isEmpty {
                if index + 1 < lines.count, listMarker(lines[index + 1]) != nil { index += 1 } else { break }
            } else if !startsOtherBlock(lines, at: index) {
                texts[texts.count - 1] += " " + line.trimmingLeadingSpaces
                index += 1
            } else {
                break
            }
        }
        for position in items.indices { items[position].text = parseInlines(texts[position]) }
        return items
    }
}

extension Substring {
    /// Without leading spaces and tabs.
    var trimmingLeadingSpaces: Substring {
        var result = self
        while let first = result.first, first == " " || first == "\t" { result = result.dropFirst() }
        return result
    }

    /// Without trailing spaces and tabs.
    var trimmingTrailingSpaces: Substring {
        var result = self
        while let last = result.last, last == " " || last == "\t" { result = result.dropLast() }
        return result
    }
}
