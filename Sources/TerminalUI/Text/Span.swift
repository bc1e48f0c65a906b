// MARK: - Span

/// A run of text in one style.
public struct Span: Hashable, Sendable {
    /// The text (no newlines).
    public var text: String
    /// The style patched over the widget's base style.
    public var style: Style
    /// Internal tag carried through wrapping (used by Markdown to track links); -1 for none.
    var tag: Int = -1

    /// Creates a span.
    public init(_ text: String, style: Style = Style()) {
        self.text = text
        self.style = style
    }

    init(_ text: String, style: Style, tag: Int) {
        self.text = text
        self.style = style
        self.tag = tag
    }

    /// Columns the text takes.
    public var width: Int { DisplayWidth.of(text) }
}

/// Horizontal alignment of text inside its area.
public enum Alignment: Hashable, Sendable {
    case left, center, right

    /// The column offset for content `contentWidth` wide in `available` columns (never negative).
    public func offset(contentWidth: Int, available: Int) -> Int {
        let spare = max(0, available - contentWidth)
        switch self {
        case .left: return 0
        case .center: return spare / 2
        case .right: return spare
        }
    }
}
