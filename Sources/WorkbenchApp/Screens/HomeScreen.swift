import Datasets
import Lab
import TerminalUI

/// One selectable row of the home screen.
enum HomeItem: Equatable {
    case topic(Topic)
    case lesson(Lesson)
    case experiment(ExperimentDescriptor)

    static func == (a: HomeItem, b: HomeItem) -> Bool { a.id == b.id }

    var id: String {
        switch self {
        case .topic(let topic): "topic:\(topic.id)"
        case .lesson(let lesson): "lesson:\(lesson.topic)/\(lesson.slug)"
        case .experiment(let descriptor): "experiment:\(descriptor.id)"
        }
    }
}

extension WorkbenchApp {
    /// Topics, each followed by its lessons and experiments.
    var homeItems: [HomeItem] {
        environment.catalog.topics.flatMap { topic -> [HomeItem] in
            [.topic(topic)] + environment.lessons.lessons(inTopic: topic.id).map { .lesson($0) }
                + environment.catalog.entries(inTopic: topic.id).map { .experiment($0.descriptor) }
        }
    }

    func handleHome(_ key: Key) {
        let items = homeItems
        switch key {
        case .up, .character("k"): homeSelection = max(0, homeSelection - 1)
        case .down, .character("j"): homeSelection = min(items.count - 1, homeSelection + 1)
        case .pageUp: homeSelection = max(0, homeSelection - 10)
        case .pageDown: homeSelection = min(items.count - 1, homeSelection + 10)
        case .character("c"): openCompare()
        case .character("f"): startFetch(for: items[homeSelection])
        case .enter:
            switch items[homeSelection] {
            case .lesson(let lesson): openLesson(lesson)
            case .experiment(let descriptor):
                do { try open(experiment: descriptor.id, running: false) } catch { notice = "\(error)" }
            case .topic:
                if let next = items.dropFirst(homeSelection + 1).firstIndex(where: { if case .topic = $0 { false } else { true } }) {
                    homeSelection = next
                }
            }
        default: break
        }
    }

    func renderHome(into buffer: inout ScreenBuffer, area: Rect) {
        let items = homeItems
        let inner = renderChrome(into: &buffer, area: area, title: "Home",
                                 right: "\(environment.catalog.entries.count) experiments",
                                 status: StyledLine(" Pick a lesson to read or an experiment to train.", style: theme.muted),
                                 hints: [("↑↓", "choose"), ("enter", "open"), ("f", "fetch data"), ("c", "compare")])
        let columns = Layout(.horizontal, [.percent(45), .fill(1)], spacing: 1).split(inner)
        let list = Block(title: "Topics, lessons and experiments", isFocused: true, theme: theme, glyphs: glyphs)
        list.render(in: columns[0], into: &buffer)
        let listArea = list.inner(columns[0])
        let offset = Table.scrollOffset(forSelection: homeSelection, currentOffset: max(0, homeSelection - listArea.height + 1),
                                        visibleRows: listArea.height)
        for (row, item) in items.enumerated().dropFirst(offset).prefix(listArea.height) {
            let y = listArea.y + row - offset
            let selected = row == homeSelection
            let (text, style): (String, Style) = switch item {
            case .topic(let topic): (topic.title, theme.title)
            case .lesson(let lesson): ("  \(glyphs.bullet) \(lesson.title)", theme.text)
            case .experiment(let descriptor): ("  ▸ \(descriptor.id)", theme.accent)
            }
            let rowStyle = selected ? theme.highlight : style
            if selected { buffer.fill(listArea.row(y - listArea.y), character: " ", style: theme.highlight) }
            buffer.set(string: text, at: (listArea.x, y), style: rowStyle, clippedTo: listArea)
        }
        let right = Layout(.vertical, [.fill(1), .fixed(min(12, environment.store.manifest.datasets.count + 3))]).split(columns[1])
        renderHomeDetail(items[min(homeSelection, items.count - 1)], into: &buffer, area: right[0])
        renderDataStatus(into: &buffer, area: right[1])
    }

    private func renderHomeDetail(_ item: HomeItem, into buffer: inout ScreenBuffer, area: Rect) {
        let lines: [StyledLine]
        switch item {
        case .topic(let topic):
            lines = [StyledLine(topic.title, style: theme.title), "", StyledLine(topic.summary),
                     "", StyledLine("\(environment.lessons.lessons(inTopic: topic.id).count) lessons, "
                                    + "\(environment.catalog.entries(inTopic: topic.id).count) experiments", style: theme.muted)]
        case .lesson(let lesson):
            lines = [StyledLine(lesson.title, style: theme.title), "",
                     StyledLine("Drives: \(lesson.experiments.joined(separator: ", "))", style: theme.muted), "",
                     StyledLine("enter reads it; its links start experiments with preset settings.")]
        case .experiment(let descriptor):
            let entry = try? environment.catalog.entry(descriptor.id)
            let settings = entry?.make().hyperparameters.all.map { "  \($0.key) = \($0.value)" } ?? []
            lines = [StyledLine(descriptor.title, style: theme.title), "", StyledLine(descriptor.summary), "",
                     StyledLine("Data: \(descriptor.datasets.joined(separator: ", "))", style: theme.muted), "",
                     StyledLine("Settings:", style: theme.muted)] + settings.map { StyledLine($0) }
                + ["", StyledLine("enter opens it paused; space in the runner starts it.", style: theme.muted)]
        }
        let block = Block(title: "About", theme: theme, glyphs: glyphs)
        block.render(in: area, into: &buffer)
        Paragraph(lines).render(in: block.inner(area).inset(horizontal: 1, vertical: 0), into: &buffer)
    }

    private func renderDataStatus(into buffer: inout ScreenBuffer, area: Rect) {
        let block = Block(title: "Data", rightTitle: fetchJob.map { $0.isRunning ? "fetching…" : "fetch done" },
                          theme: theme, glyphs: glyphs)
        block.render(in: area, into: &buffer)
        let inner = block.inner(area)
        if let job = fetchJob, job.isRunning || !job.log.isEmpty {
            let log = job.log.suffix(inner.height)
            Paragraph(log.map { StyledLine($0, style: theme.muted) }, wraps: false).render(in: inner, into: &buffer)
            return
        }
        let rows = environment.store.manifest.datasets.map { entry -> [String] in
            let status = (try? environment.store.status(of: entry.name)) ?? .missing(files: [])
            return [entry.name, status == .verified ? "verified" : status.shortLabel]
        }
        Table(columns: [Table.Column("dataset", width: .fixed(16)), Table.Column("status")], rows: rows,
              showsHeader: false, theme: theme, glyphs: glyphs).render(in: inner, into: &buffer)
    }

    func startFetch(for item: HomeItem) {
        guard fetchJob?.isRunning != true else { return }
        let names: [String]
        if case .experiment(let descriptor) = item { names = descriptor.datasets } else {
            names = environment.store.manifest.datasets.map(\.name)
        }
        fetchJob = FetchJob(store: environment.store, datasets: names)
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
