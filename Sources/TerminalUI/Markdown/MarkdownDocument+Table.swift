// MARK: - Pipe tables

extension MarkdownDocument {
    /// A separator row such as `|---|:--:|--:|`.
    static func isTableSeparator(_ line: Substring) -> Bool {
        let cells = splitRow(line)
        guard !cells.isEmpty else { return false }
        return cells.allSatisfy { cell in
            let body = cell.filter { $0 != " " }
            return body.contains("-") && body.allSatisfy { $0 == "-" || $0 == ":" }
        }
    }

    /// The cells of a pipe row, outer pipes removed; `\|` stays a literal pipe.
    static func splitRow(_ line: Substring) -> [String] {
        var text = line.trimmingLeadingSpaces
        while text.last == " " { text = text.dropLast() }
        if text.first == "|" { text = text.dropFirst() }
        if text.last == "|", !text.hasSuffix("\\|") { text = text.dropLast() }
        var cells: [String] = []
        var current = ""
        var escaped = false
        for character in text {
            if escaped { current.append(character); escaped = false; continue }
            if character == "\\" { escaped = true; current.append(character); continue }
            if character == "|" { cells.append(current); current = ""; continue }
            current.append(character)
        }
        cells.append(current)
        return cells.map { String(Substring($0).trimmingLeadingSpaces).trimmingSpaces }
    }

    static func parseTable(_ lines: [Substring], from index: inout Int) -> Block {
        let header = splitRow(lines[index]).map(parseInlines)
        let alignments: [Alignment] = splitRow(lines[index + 1]).map { cell in
            let left = cell.hasPrefix(":"), right = cell.hasSuffix(":")
            return left && right ? .center : right ? .right : .left
        }
        index += 2
        var rows: [[[Inline]]] = []
        while index < lines.count, lines[index].contains("|"), !lines[index].trimmingLeadingSpaces.isEmpty {
            rows.append(splitRow(lines[index]).map(parseInlines))
            index += 1
        }
        return .table(header: header, alignments: alignments, rows: rows)
    }
}
