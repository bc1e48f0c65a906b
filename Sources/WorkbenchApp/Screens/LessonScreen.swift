import Lab
import TerminalUI

extension WorkbenchApp {
    func openLesson(_ lesson: Lesson) {
        self.lesson = lesson
        lessonScroll = 0
        lessonLink = nil
        screen = .lesson
    }

    /// The lesson laid out for the reading column of a `width`-column screen, under its title
    /// (unless the body opens with a heading of its own).
    func lessonLayout(width: Int) -> MarkdownLayout {
        let body = lesson?.body ?? ""
        let opensWithTitle = body.drop { $0.isWhitespace }.hasPrefix("# ")
        return MarkdownDocument.parse((opensWithTitle ? "" : "# \(lesson?.title ?? "")\n\n") + body)
            .layout(width: max(10, min(width - 4, Lesson.readingWidth)), theme: theme, glyphs: glyphs)
    }

    func handleLesson(_ key: Key) {
        let layout = lessonLayout(width: lastWidth)
        let page = max(1, lastHeight - 6)
        let maximum = MarkdownView.maxScrollOffset(lineCount: layout.height, height: page)
        let runLinks = layout.links.enumerated().filter { $0.element.target.hasPrefix("run:") }.map(\.offset)
        switch key {
        case .escape, .backspace: screen = .home
        case .up, .character("k"): lessonScroll = max(0, lessonScroll - 1)
        case .down, .character("j"): lessonScroll = min(maximum, lessonScroll + 1)
        case .pageUp: lessonScroll = max(0, lessonScroll - page)
        case .pageDown, .character(" "): lessonScroll = min(maximum, lessonScroll + page)
        case .home: lessonScroll = 0
        case .end: lessonScroll = maximum
        case .tab, .backTab:
            guard !runLinks.isEmpty else { return }
            let current = lessonLink.flatMap { runLinks.firstIndex(of: $0) }
            let next = key == .tab ? ((current ?? -1) + 1) % runLinks.count
                                   : ((current ?? 0) - 1 + runLinks.count) % runLinks.count
            lessonLink = runLinks[next]
            let line = layout.links[runLinks[next]].line
            if line < lessonScroll || line >= lessonScroll + page { lessonScroll = min(maximum, max(0, line - page / 2)) }
        case .enter:
            guard let index = lessonLink, let link = RunLink(target: layout.links[index].target) else { return }
            do { try open(experiment: link.experiment, assignments: link.assignments, running: true) } catch {
                notice = "\(error)"
            }
        default: break
        }
    }

    func renderLesson(into buffer: inout ScreenBuffer, area: Rect) {
        let layout = lessonLayout(width: area.width)
        let inner = renderChrome(into: &buffer, area: area, title: lesson.map { "\($0.topic) › \($0.title)" } ?? "Lesson",
                                 right: "line \(lessonScroll + 1)/\(layout.height)",
                                 status: StyledLine(" tab selects a ▶ link, enter starts that experiment with its settings.",
                                                    style: theme.muted),
                                 hints: [("↑↓", "scroll"), ("tab", "next link"), ("enter", "run link"), ("esc", "back")])
        let column = Rect(x: inner.x + max(0, (inner.width - layout.width) / 2), y: inner.y + 1,
                          width: min(layout.width, inner.width), height: max(0, inner.height - 1))
        MarkdownView(layout: layout, scrollOffset: lessonScroll, selectedLink: lessonLink, theme: theme, glyphs: glyphs)
            .render(in: column, into: &buffer)
    }
}
