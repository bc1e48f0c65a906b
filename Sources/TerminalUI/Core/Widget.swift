// MARK: - Widget

/// Something that can draw itself into a rectangle of a ``ScreenBuffer``.
///
/// Rules every widget keeps: it writes only inside `area` (clipped to the buffer), never
/// touches the terminal, reads no global state, and draws nothing (without crashing) when the
/// area is too small, including 0x0 and 1x1.
public protocol Widget {
    /// Draws into `buffer`, inside `area` only.
    func render(in area: Rect, into buffer: inout ScreenBuffer)
}

extension ScreenBuffer {
    /// Renders `widget` into `area` (default: the whole buffer).
    public mutating func render(_ widget: some Widget, in area: Rect? = nil) {
        widget.render(in: area ?? self.area, into: &self)
    }
}
