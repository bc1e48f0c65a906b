// MARK: - StyledLine

/// One line of text made of styled spans.
public struct StyledLine: Hashable, Sendable, ExpressibleByStringLiteral {
    /// The spans, left to right.
    public var spans: [Span]
    /// Alignment used by widgets that honour per-line alignment (``Paragraph``); `nil` defers to
    /// the widget.
    public var alignment: Alignment?

    /// Creates a line from spans.
    public init(_ spans: [Span] = [], alignment: Alignment? = nil) {
        self.spans = spans
        self.alignment = alignment
    }

    /// A line of one span.
    public init(_ text: String, style: Style = Style(), alignment: Alignment? = nil) {
        self.spans = [Span(text, style: style)]
        self.alignment = alignment
    }

    public init(stringLiteral value: String) { self.init(value) }

    /// Columns taken by all spans.
    public var width: Int { spans.reduce(0) { $0 + $1.width } }

    /// The plain text without styles.
    public var text: String { spans.map(\.text).joined() }

    /// Appends a span, merging it with the last one when styles and tags agree.
    public mutating func append(_ span: Span) {
        guard !span.text.isEmpty else { return }
        if let last = spans.last, last.style == span.style, last.tag == span.tag {
            spans[spans.count - 1].text += span.text
        } else {
            spans.append(span)
        }
    }

    /// Appends text in `style`.
    public mutating func append(_ text: String, style: Style = Style()) {
        append(Span(text, style: style))
    }

    /// This line cut to at most `maxWidth` columns; when cut, the last column shows `ellipsis`
    /// (pass `nil` to cut without a mark).
    public func truncated(to maxWidth: Int, ellipsis: Character? = "…") -> StyledLine {
        guard width > maxWidth else { return self }
        guard maxWidth > 0 else { return StyledLine([], alignment: alignment) }
        let budget = ellipsis == nil ? maxWidth : maxWidth - 1
        var result = StyledLine([], alignment: alignment)
        var used = 0
        var lastStyle = spans.first?.style ?? Style()
        outer: for span in spans {
            var piece = ""
            for character in span.text {
                let characterWidth = DisplayWidth.of(character)
                if used + characterWidth > budget { result.append(Span(piece, style: span.style, tag: span.tag)); lastStyle = span.style; break outer }
                piece.append(character)
                used += characterWidth
            }
            result.append(Span(piece, style: span.style, tag: span.tag))
            lastStyle = span.style
        }
        if let ellipsis { result.append(Span(String(ellipsis), style: lastStyle)) }
        return result
    }
}

extension String {
    /// `self` cut to at most `maxWidth` columns with `ellipsis` in the middle, keeping the start
    /// and the (longer) end, so names that differ at the end stay apart: "validation accuracy"
    /// and "validation loss" in 10 columns are "val…curacy" and "vali…loss".
    public func truncatedInMiddle(toWidth maxWidth: Int, ellipsis: Character) -> String {
        guard DisplayWidth.of(self) > maxWidth else { return self }
        guard maxWidth > 2 else { return truncated(toWidth: maxWidth, ellipsis: ellipsis) }
        let headWidth = (maxWidth - 1) * 2 / 5
        var head = "", tail = ""
        var used = 0
        for character in self {
            let width = DisplayWidth.of(character)
            if used + width > headWidth { break }
            head.append(character)
            used += width
        }
        used = 0
        for character in reversed() {
            let width = DisplayWidth.of(character)
            if used + width > maxWidth - 1 - DisplayWidth.of(head) { break }
            tail.insert(character, at: tail.startIndex)
            used += width
        }
        return head + String(ellipsis) + tail
    }

    /// A dotted path (a parameter's name) in at most `maxWidth` columns: leading components are
    /// shortened to their first character, outermost first, until it fits, so the end that tells
    /// the rows apart stays whole ("classifier.conv0.weight" in 16 columns: "c.conv0.weight").
    /// A path that still does not fit is cut in the middle.
    public func abbreviatedPath(toWidth maxWidth: Int, ellipsis: Character) -> String {
        guard DisplayWidth.of(self) > maxWidth else { return self }
        var components = split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        for index in components.indices.dropLast() where !components[index].isEmpty {
            components[index] = String(components[index].first!)
            let abbreviated = components.joined(separator: ".")
            if DisplayWidth.of(abbreviated) <= maxWidth { return abbreviated }
        }
        return components.joined(separator: ".").truncatedInMiddle(toWidth: maxWidth, ellipsis: ellipsis)
    }

    /// `self` cut to at most `maxWidth` columns, ending in `ellipsis` when cut.
    public func truncated(toWidth maxWidth: Int, ellipsis: Character) -> String {
        guard DisplayWidth.of(self) > maxWidth else { return self }
        guard maxWidth > 0 else { return "" }
        var result = ""
        var used = 0
        for character in self {
            let characterWidth = DisplayWidth.of(character)
            if used + characterWidth > maxWidth - 1 { break }
            result.append(character)
            used += characterWidth
        }
        result.append(ellipsis)
        return result
    }
}
