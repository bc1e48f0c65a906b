import Lab
import TerminalUI

/// A lesson laid out in the reading column; tab selects its ▶ links, enter opens the link's
/// experiment paused (space then starts it), esc goes back.
struct LessonScreen: AppScreen {
    let lesson: Lesson
    var scroll = 0
    /// The selected link (index into the layout's links).
    var link: Int?

    init(lesson: Lesson) { self.lesson = lesson }

    /// The lesson laid out for the reading column of a `width`-column screen, under its title
    /// (unless the body opens with a heading of its own). A terminal without Unicode gets the
    /// text transliterated to ASCII first (σ → sigma), so formulas stay readable.
    func layout(width: Int, _ context: ScreenContext) -> MarkdownLayout {
        let opensWithTitle = lesson.body.drop { $0.isWhitespace }.hasPrefix("# ")
        var text = (opensWithTitle ? "" : "# \(lesson.title)\n\n") + lesson.body
        if !context.glyphs.isUnicode { text = ASCIIFolding.fold(text) }
        return MarkdownDocument.parse(text)
            .layout(width: max(10, min(width - 4, Lesson.readingWidth)), theme: context.theme, glyphs: context.glyphs,
                    marksLink: { RunLink(target: $0) != nil })
    }

    mutating func handle(_ key: Key, _ context: inout ScreenContext) {
        let layout = layout(width: context.size.width, context)
        let page = max(1, context.size.height - 6)
        let maximum = MarkdownView.maxScrollOffset(lineCount: layout.height, height: page)
        let runLinks = layout.links.enumerated().filter { RunLink(target: $0.element.target) != nil }.map(\.offset)
        switch key {
        case .escape, .backspace: context.request(.back)
        case .up, .character("k"): scroll = max(0, scroll - 1)
        case .down, .character("j"): scroll = min(maximum, scroll + 1)
        case .pageUp: scroll = max(0, scroll - page)
        case .pageDown, .character(" "): scroll = min(maximum, scroll + page)
        case .home: scroll = 0
        case .end: scroll = maximum
        case .tab, .backTab:
            guard !runLinks.isEmpty else { return }
            let current = link.flatMap { runLinks.firstIndex(of: $0) }
            let next = key == .tab ? ((current ?? -1) + 1) % runLinks.count
                                   : ((current ?? 0) - 1 + runLinks.count) % runLinks.count
            link = runLinks[next]
            let line = layout.links[runLinks[next]].line
            if line < scroll || line >= scroll + page { scroll = min(maximum, max(0, line - page / 2)) }
        case .enter:
            guard let index = link, let runLink = RunLink(target: layout.links[index].target) else {
                context.notice = "tab selects a ▶ link first"
                return
            }
            context.request(.openExperiment(id: runLink.experiment, assignments: runLink.assignments))
        default: break
        }
    }

    func render(into buffer: inout ScreenBuffer, area: Rect, _ context: ScreenContext) {
        let layout = layout(width: area.width, context)
        let arrow = context.glyphs.isUnicode ? "▶" : ">"
        let inner = context.renderChrome(into: &buffer, area: area, title: "\(lesson.topic) › \(lesson.title)",
                                         right: "line \(scroll + 1)/\(layout.height)",
                                         status: ["tab selects a \(arrow) link; enter opens its experiment, paused (space starts it)."],
                                         hints: [("↑↓", "scroll"), ("tab", "next link"), ("enter", "open link"), ("esc", "back")])
        let column = Rect(x: inner.x + max(0, (inner.width - layout.width) / 2), y: inner.y + 1,
                          width: min(layout.width, inner.width), height: max(0, inner.height - 1))
        MarkdownView(layout: layout, scrollOffset: scroll, selectedLink: link, theme: context.theme, glyphs: context.glyphs)
            .render(in: column, into: &buffer)
    }
}
