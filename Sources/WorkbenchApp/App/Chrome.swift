import TerminalUI

/// The frame around every screen: a title row, a status row and a key-hint row.
extension ScreenContext {
    /// Draws the title and the two bottom rows; returns the area left for the screen. The key
    /// bar always keeps `? help` and `q quit`; the status line drops whole parts from its end.
    func renderChrome(into buffer: inout ScreenBuffer, area: Rect, title: String, right: String = "",
                      status: [String], hints: [(String, String)]) -> Rect {
        StatusBar(left: StyledLine(" Deep Workbench \(glyphs.bullet) \(title)", style: theme.title),
                  right: StyledLine(right + " ", style: theme.title), theme: theme)
            .render(in: area.topRows(1), into: &buffer)
        let statusLine = notice.map { StyledLine(" \($0)", style: theme.warning) }
            ?? StyledLine(Self.fitting(status, width: area.width), style: theme.muted)
        buffer.set(line: statusLine, at: (area.x, area.bottom - 2), baseStyle: theme.muted, clippedTo: area.row(area.height - 2))
        KeyHints(pairs: hints + [("?", "help"), ("q", "quit")], pinned: 2, theme: theme)
            .render(in: area.bottomRows(1), into: &buffer)
        return Rect(x: area.x, y: area.y + 1, width: area.width, height: max(0, area.height - 3))
    }

    /// The parts joined by two spaces, as many from the start as fit in `width` columns.
    static func fitting(_ parts: [String], width: Int) -> String {
        var line = ""
        for part in parts {
            let next = line.isEmpty ? " " + part : line + "  " + part
            if DisplayWidth.of(next) > width { break }
            line = next
        }
        return line
    }

    func renderTooSmall(into buffer: inout ScreenBuffer, area: Rect, minimum: (width: Int, height: Int)) {
        let lines = ["Enlarge the terminal", "to at least \(minimum.width)x\(minimum.height)",
                     "(now \(area.width)x\(area.height))", "q quits"]
        for (index, line) in lines.enumerated() {
            let y = area.y + max(0, area.height / 2 - 2) + index
            let x = area.x + max(0, (area.width - line.count) / 2)
            buffer.set(string: line, at: (x, y), style: index == 0 ? theme.warning : theme.text, clippedTo: area)
        }
    }

    /// A box with a title and lines of text, centred in `area` (or placed at `origin`); lines
    /// that do not fit scroll from `scroll` with a scroll bar on the right border.
    func renderDialog(into buffer: inout ScreenBuffer, area: Rect, title: String, lines: [String], scroll: Int = 0) {
        let width = min(area.width - 2, max(DisplayWidth.of(title) + 6, (lines.map { DisplayWidth.of($0) }.max() ?? 0) + 4))
        let height = min(area.height, lines.count + 2)
        guard width > 2, height > 2 else { return }
        let box = Rect(x: area.x + (area.width - width) / 2, y: area.y + (area.height - height) / 2, width: width, height: height)
        let block = Block(title: title, border: .rounded, isFocused: true, fillsBackground: true, theme: theme, glyphs: glyphs)
        block.render(in: box, into: &buffer)
        let inner = block.inner(box)
        let theme = self.theme
        ScrollView(contentHeight: lines.count, offset: scroll, barColumn: box.right - 1, theme: theme, glyphs: glyphs) { area, canvas in
            for (index, line) in lines.enumerated() where index < area.height {
                canvas.set(string: line, at: (area.x + 1, area.y + index), style: theme.text, clippedTo: area)
            }
        }.render(in: inner, into: &buffer)
    }

    /// Wraps `text` to `width` columns.
    func wrap(_ text: String, width: Int) -> [String] {
        WordWrap.wrap(StyledLine(text), width: width).map(\.text)
    }
}

/// Short number text for tables: three significant digits.
func format(_ value: Double) -> String { NumberFormat.compact(value, significantDigits: 3) }

/// m:ss.
func clock(_ seconds: Double) -> String {
    let total = Int(seconds.rounded())
    return "\(total / 60):" + (total % 60 < 10 ? "0" : "") + "\(total % 60)"
}
