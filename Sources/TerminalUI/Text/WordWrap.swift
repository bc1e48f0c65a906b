// MARK: - Word wrap

/// Greedy word wrapping of styled text.
///
/// Runs of whitespace collapse to one space; a line break happens at a space when the next word
/// does not fit; a word longer than the width is broken across lines. A no-break space (U+00A0)
/// joins words that must stay together.
public enum WordWrap {
    /// Wraps `line` to `width` columns. An empty line gives one empty line; a width below 1 gives
    /// no lines.
    public static func wrap(_ line: StyledLine, width: Int) -> [StyledLine] {
        wrap(line.spans, width: width).map { StyledLine($0.spans, alignment: line.alignment) }
    }

    /// Wraps spans to `width` columns.
    public static func wrap(_ spans: [Span], width: Int) -> [StyledLine] {
        guard width > 0 else { return [] }
        let words = tokenize(spans)
        var lines: [StyledLine] = []
        var current = StyledLine()
        var used = 0
        for word in words {
            if used > 0 && used + 1 + word.width <= width {
                current.append(word.space)
                used += 1
            } else if used > 0 {
                lines.append(current)
                current = StyledLine()
                used = 0
            }
            if word.width <= width - used {
                for fragment in word.fragments { current.append(fragment) }
                used += word.width
                continue
            }
            // The word alone is too long: break it character by character.
            for fragment in word.fragments {
                for character in fragment.text {
                    let characterWidth = DisplayWidth.of(character)
                    if used + characterWidth > width && used > 0 {
                        lines.append(current)
                        current = StyledLine()
                        used = 0
                    }
                    current.append(Span(String(character), style: fragment.style, tag: fragment.tag))
                    used += characterWidth
                }
            }
        }
        lines.append(current)
        return lines
    }

    // MARK: - Tokens

    struct Word {
        var fragments: [Span] = []
        var width = 0
        /// The space before this word, in the style of the text it came from.
        var space = Span(" ")
    }

    static func tokenize(_ spans: [Span]) -> [Word] {
        var words: [Word] = []
        var word = Word()
        var pendingSpace = Span(" ")
        for span in spans {
            var piece = ""
            for character in span.text {
                if character.isWhitespace && character != "\u{00A0}" {
                    if !piece.isEmpty {
                        word.fragments.append(Span(piece, style: span.style, tag: span.tag))
                        piece = ""
                    }
                    if !word.fragments.isEmpty {
                        words.append(word)
                        word = Word()
                    }
                    pendingSpace = Span(" ", style: span.style, tag: span.tag)
                    continue
                }
                if word.fragments.isEmpty && piece.isEmpty { word.space = pendingSpace }
                piece.append(character)
                word.width += DisplayWidth.of(character)
            }
            if !piece.isEmpty { word.fragments.append(Span(piece, style: span.style, tag: span.tag)) }
        }
        if !word.fragments.isEmpty { words.append(word) }
        return words
    }
}
