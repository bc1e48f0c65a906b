import TerminalUI

/// The frame around every screen: a title row, a status row and a key-hint row.
extension WorkbenchApp {
    var theme: Theme { appearance.theme }
    var glyphs: Glyphs { appearance.glyphs }

    /// Draws the title and the two bottom rows; returns the area left for the screen.
    func renderChrome(into buffer: inout ScreenBuffer, area: Rect, title: String, right: String = "",
                      status: StyledLine, hints: [(String, String)]) -> Rect {
        StatusBar(left: StyledLine(" Deep Workbench \(glyphs.bullet) \(title)", style: theme.title),
                  right: StyledLine(right + " ", style: theme.title), theme: theme)
            .render(in: area.topRows(1), into: &buffer)
        let statusLine = notice.map { StyledLine(" \($0)", style: theme.warning) } ?? status
        buffer.set(line: statusLine, at: (area.x, area.bottom - 2), baseStyle: theme.muted, clippedTo: area.row(area.height - 2))
        KeyHints(pairs: hints + [("?", "help"), ("q", "quit")], theme: theme).render(in: area.bottomRows(1), into: &buffer)
        return Rect(x: area.x, y: area.y + 1, width: area.width, height: max(0, area.height - 3))
    }

    func renderTooSmall(into buffer: inout ScreenBuffer, area: Rect) {
        let lines = ["Enlarge the terminal", "to at least \(Self.minimumSize.width)x\(Self.minimumSize.height)",
                     "(now \(area.width)x\(area.height))", "q quits"]
        for (index, line) in lines.enumerated() {
            let y = area.y + max(0, area.height / 2 - 2) + index
            let x = area.x + max(0, (area.width - line.count) / 2)
            buffer.set(string: line, at: (x, y), style: index == 0 ? theme.warning : theme.text, clippedTo: area)
        }
    }

    /// A centred box with a title and lines of text.
    func renderDialog(into buffer: inout ScreenBuffer, area: Rect, title: String, lines: [String]) {
        let width = min(area.width - 4, max(title.count + 6, (lines.map(\.count).max() ?? 0) + 4))
        let height = min(area.height - 2, lines.count + 2)
        let box = Rect(x: area.x + (area.width - width) / 2, y: area.y + (area.height - height) / 2, width: width, height: height)
        let block = Block(title: title, border: .rounded, isFocused: true, fillsBackground: true, theme: theme, glyphs: glyphs)
        block.render(in: box, into: &buffer)
        let inner = block.inner(box)
        for (index, line) in lines.enumerated() where index < inner.height {
            buffer.set(string: line, at: (inner.x + 1, inner.y + index), style: theme.text, clippedTo: inner)
        }
    }

    func renderHelp(into buffer: inout ScreenBuffer, area: Rect) {
        renderDialog(into: &buffer, area: area, title: "Keys (esc closes)", lines: Self.helpLines)
    }

    static let helpLines = [
        "Everywhere          ?  this help      t  projector theme    q  quit",
        "                    esc  back         tab / shift-tab  move focus",
        "Home                ↑↓ or j k  choose   enter  open lesson / experiment",
        "                    f  fetch the data of the selected item     c  compare runs",
        "Lesson              ↑↓ pgup pgdn  scroll   tab  next link   enter  run the link",
        "Runner              space  start / pause     n or →  one minibatch",
        "                    e  one epoch     r  restart with the current settings",
        "                    +/-  pace (delay per step) or, on the settings panel, the value",
        "                    enter  type a new value for the selected setting",
        "                    l  log scale    m  smoothing    z  zoom to the last steps",
        "                    p  next bottom panel (inspector, model, topic views)",
        "                    /  type a text for the topic's view (a sentence to parse...)",
        "                    s  save the run (JSON, CSV and this screen) under runs/",
        "Compare             ↑↓  choose   space  tick a run to overlay   enter  details",
    ]
}
