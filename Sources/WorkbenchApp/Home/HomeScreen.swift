import Datasets
import Lab
import TerminalUI

/// One selectable row of the home screen.
enum HomeItem: Equatable {
    case currentRun(RunSummary)
    case topic(Topic)
    case lesson(Lesson)
    case experiment(ExperimentDescriptor)

    static func == (a: HomeItem, b: HomeItem) -> Bool { a.id == b.id }

    var id: String {
        switch self {
        case .currentRun: "run"
        case .topic(let topic): "topic:\(topic.id)"
        case .lesson(let lesson): "lesson:\(lesson.topic)/\(lesson.slug)"
        case .experiment(let descriptor): "experiment:\(descriptor.id)"
        }
    }
}

/// The home screen: the open run (if any), then topics, each followed by its lessons and
/// experiments; details of the selected item and the state of the data.
struct HomeScreen: AppScreen {
    var selection = 0
    var fetchJob: FetchJob?

    func items(_ context: ScreenContext) -> [HomeItem] {
        let environment = context.environment
        return (context.currentRun.map { [.currentRun($0)] } ?? []) + environment.catalog.topics.flatMap { topic -> [HomeItem] in
            [.topic(topic)] + environment.lessons.lessons(inTopic: topic.id).map { .lesson($0) }
                + environment.catalog.entries(inTopic: topic.id).map { .experiment($0.descriptor) }
        }
    }

    mutating func handle(_ key: Key, _ context: inout ScreenContext) {
        let items = items(context)
        selection = min(selection, items.count - 1)
        switch key {
        case .up, .character("k"): selection = max(0, selection - 1)
        case .down, .character("j"): selection = min(items.count - 1, selection + 1)
        case .pageUp: selection = max(0, selection - 10)
        case .pageDown: selection = min(items.count - 1, selection + 10)
        case .home: selection = 0
        case .end: selection = items.count - 1
        case .character("c"): context.request(.compare)
        case .character("f"): startFetch(for: items[selection], context)
        case .enter:
            switch items[selection] {
            case .currentRun: context.request(.showCurrentRun)
            case .lesson(let lesson): context.request(.openLesson(lesson))
            case .experiment(let descriptor): context.request(.openExperiment(id: descriptor.id, assignments: []))
            case .topic:
                if let next = items.dropFirst(selection + 1).firstIndex(where: { if case .topic = $0 { false } else { true } }) {
                    selection = next
                }
            }
        default: break
        }
    }

    func render(into buffer: inout ScreenBuffer, area: Rect, _ context: ScreenContext) {
        let theme = context.theme, glyphs = context.glyphs
        let items = items(context)
        let selection = min(self.selection, items.count - 1)
        let inner = context.renderChrome(into: &buffer, area: area, title: "Home",
                                         right: "\(context.environment.catalog.entries.count) experiments",
                                         status: ["Pick a lesson to read or an experiment to train."],
                                         hints: [("↑↓", "choose"), ("enter", "open"), ("f", "fetch data"), ("c", "compare")])
        let columns = Layout(.horizontal, [.percent(45), .fill(1)], spacing: 1).split(inner)
        let list = Block(title: "Topics, lessons and experiments", isFocused: true, theme: theme, glyphs: glyphs)
        list.render(in: columns[0], into: &buffer)
        let listArea = list.inner(columns[0])
        let offset = Table.scrollOffset(forSelection: selection, currentOffset: max(0, selection - listArea.height + 1),
                                        visibleRows: listArea.height)
        for (row, item) in items.enumerated().dropFirst(offset).prefix(listArea.height) {
            let y = listArea.y + row - offset
            let (text, style): (String, Style) = switch item {
            case .currentRun(let run): ("\(glyphs.isUnicode ? "▶" : ">") Open run: \(run.experimentID) (\(run.state), epoch \(run.epoch)/\(run.budget))",
                                        theme.good)
            case .topic(let topic): (topic.title, theme.title)
            case .lesson(let lesson): ("  \(glyphs.bullet) \(lesson.title)", theme.text)
            case .experiment(let descriptor): ("  \(glyphs.isUnicode ? "▸" : ">") \(descriptor.id)", theme.accent)
            }
            if row == selection { buffer.fill(listArea.row(y - listArea.y), character: " ", style: theme.highlight) }
            buffer.set(string: text.truncated(toWidth: listArea.width, ellipsis: glyphs.ellipsis), at: (listArea.x, y),
                       style: row == selection ? theme.highlight : style, clippedTo: listArea)
        }
        let datasets = context.environment.store.manifest.datasets.count
        let right = Layout(.vertical, [.fill(1), .fixed(min(12, datasets + 3))]).split(columns[1])
        renderDetail(items[selection], into: &buffer, area: right[0], context)
        renderDataStatus(into: &buffer, area: right[1], context)
    }

    private func renderDetail(_ item: HomeItem, into buffer: inout ScreenBuffer, area: Rect, _ context: ScreenContext) {
        let theme = context.theme
        let environment = context.environment
        let lines: [StyledLine]
        switch item {
        case .currentRun(let run):
            lines = [StyledLine(run.title, style: theme.title), "", StyledLine("\(run.experimentID) is \(run.state), epoch \(run.epoch) of \(run.budget)."),
                     "", StyledLine("enter returns to it; it goes on training while you read.", style: theme.muted)]
        case .topic(let topic):
            lines = [StyledLine(topic.title, style: theme.title), "", StyledLine(topic.summary),
                     "", StyledLine("\(environment.lessons.lessons(inTopic: topic.id).count) lessons, "
                                    + "\(environment.catalog.entries(inTopic: topic.id).count) experiments", style: theme.muted)]
        case .lesson(let lesson):
            lines = [StyledLine(lesson.title, style: theme.title), "",
                     StyledLine("Drives: \(lesson.experiments.joined(separator: ", "))", style: theme.muted), "",
                     StyledLine("enter reads it; its links open experiments with preset settings.")]
        case .experiment(let descriptor):
            let settings = (try? environment.catalog.entry(descriptor.id))?.settings.all.map { "  \($0.key) = \($0.value)" } ?? []
            lines = [StyledLine(descriptor.title, style: theme.title), "", StyledLine(descriptor.summary), "",
                     StyledLine("Data: \(descriptor.datasets.joined(separator: ", "))", style: theme.muted), "",
                     StyledLine("Settings:", style: theme.muted)] + settings.map { StyledLine($0) }
                + ["", StyledLine("enter opens it paused; space in the runner starts it.", style: theme.muted)]
        }
        let block = Block(title: "About", theme: theme, glyphs: context.glyphs)
        block.render(in: area, into: &buffer)
        Paragraph(lines).render(in: block.inner(area).inset(horizontal: 1, vertical: 0), into: &buffer)
    }

    private func renderDataStatus(into buffer: inout ScreenBuffer, area: Rect, _ context: ScreenContext) {
        let theme = context.theme, glyphs = context.glyphs
        let store = context.environment.store
        let block = Block(title: "Data", rightTitle: fetchJob.map { $0.isRunning ? "fetching\(glyphs.ellipsis)" : "fetch done" },
                          theme: theme, glyphs: glyphs)
        block.render(in: area, into: &buffer)
        let inner = block.inner(area)
        if let job = fetchJob, job.isRunning || !job.log.isEmpty {
            Paragraph(job.log.suffix(inner.height).map { StyledLine($0, style: theme.muted) }, wraps: false).render(in: inner, into: &buffer)
            return
        }
        let rows = store.manifest.datasets.map { entry -> [String] in
            let status = (try? store.status(of: entry.name)) ?? .missing(files: [])
            return [entry.name, status.shortLabel]
        }
        Table(columns: [Table.Column("dataset", width: .fixed(16)), Table.Column("status")], rows: rows,
              showsHeader: false, theme: theme, glyphs: glyphs).render(in: inner, into: &buffer)
    }

    private mutating func startFetch(for item: HomeItem, _ context: ScreenContext) {
        guard fetchJob?.isRunning != true else { return }
        let names: [String]
        if case .experiment(let descriptor) = item { names = descriptor.datasets } else {
            names = context.environment.store.manifest.datasets.map(\.name)
        }
        fetchJob = FetchJob(store: context.environment.store, datasets: names)
    }
}

extension DatasetStatus {
    var shortLabel: String {
        switch self {
        case .verified: "verified"
        case .presentUnverified: "present (unverified)"
        case .missing: "missing: press f"
        case .corrupt: "CORRUPT: press f"
        }
    }
}
