import Testing
@testable import TerminalUI

/// Renders `widget` into a fresh blank buffer of `width` x `height` over `area` (default: all).
func render(_ widget: some Widget, width: Int, height: Int, area: Rect? = nil) -> ScreenBuffer {
    var buffer = ScreenBuffer(width: width, height: height)
    widget.render(in: area ?? buffer.area, into: &buffer)
    return buffer
}

/// The rendered lines of `widget` in a `width` x `height` buffer (trailing spaces trimmed).
func lines(_ widget: some Widget, width: Int, height: Int) -> [String] {
    render(widget, width: width, height: height).lines()
}

/// Every cell of `buffer` outside `area` is still blank.
func cellsOutside(_ area: Rect, areBlankIn buffer: ScreenBuffer) -> Bool {
    for y in 0 ..< buffer.height {
        for x in 0 ..< buffer.width where !area.contains(x: x, y: y) {
            if buffer[x, y] != .blank { return false }
        }
    }
    return true
}
