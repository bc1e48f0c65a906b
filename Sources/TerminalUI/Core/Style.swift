// MARK: - Style

/// Foreground, background and attributes of a cell.
///
/// A `nil` colour means "unset": when one style is patched onto another the unset colours keep
/// the old value. In a finished buffer an unset colour is drawn as the terminal default.
public struct Style: Hashable, Sendable {
    /// Foreground colour; `nil` leaves the underlying colour.
    public var foreground: Color?
    /// Background colour; `nil` leaves the underlying colour.
    public var background: Color?
    /// Attributes; patching adds them to the underlying ones.
    public var attributes: Attributes

    /// Creates a style; all parts default to unset.
    public init(foreground: Color? = nil, background: Color? = nil, attributes: Attributes = []) {
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
    }

    /// The empty style: no colours, no attributes.
    public static let plain = Style()

    /// This style with `other` laid on top: `other`'s colours replace ours where set, and the
    /// attributes are the union of both.
    public func patched(with other: Style) -> Style {
        Style(foreground: other.foreground ?? foreground,
              background: other.background ?? background,
              attributes: attributes.union(other.attributes))
    }

    /// This style with the foreground replaced.
    public func foreground(_ color: Color?) -> Style {
        var copy = self
        copy.foreground = color
        return copy
    }

    /// This style with the background replaced.
    public func background(_ color: Color?) -> Style {
        var copy = self
        copy.background = color
        return copy
    }

    /// This style with `extra` attributes added.
    public func adding(_ extra: Attributes) -> Style {
        var copy = self
        copy.attributes.formUnion(extra)
        return copy
    }

    /// This style with `removed` attributes taken away.
    public func removing(_ removed: Attributes) -> Style {
        var copy = self
        copy.attributes.subtract(removed)
        return copy
    }
}
