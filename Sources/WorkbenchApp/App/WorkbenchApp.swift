import Datasets
import Foundation
import Lab
import TerminalUI

/// Everything the app is given: the experiments, the lessons, the data and where runs are saved.
public struct AppEnvironment: Sendable {
    public let catalog: ExperimentCatalog
    public let lessons: LessonCatalog
    public let store: DataStore
    public let runsFolder: URL
    /// Epochs a run trains before it stops by itself.
    public let epochBudget: Int

    public init(catalog: ExperimentCatalog, lessons: LessonCatalog, store: DataStore, runsFolder: URL, epochBudget: Int = 20) {
        self.catalog = catalog
        self.lessons = lessons
        self.store = store
        self.runsFolder = runsFolder
        self.epochBudget = epochBudget
    }
}

/// The workbench's screens and their state. Pure with respect to the terminal: `handle(_:)`
/// takes keys, `render(width:height:)` returns a frame, `tick()` takes the latest snapshot of the
/// training thread. `run(on:)` is the loop that ties them to a backend.
public final class WorkbenchApp {
    public enum Screen: Equatable { case home, lesson, runner, compare }

    public let environment: AppEnvironment
    public internal(set) var screen: Screen = .home
    public internal(set) var appearance: Appearance
    public internal(set) var shouldQuit = false
    var showsHelp = false
    var confirmingQuit = false
    /// A one-line notice in the status bar ("saved to runs/...").
    var notice: String?

    // Home
    var homeSelection = 0
    var fetchJob: FetchJob?

    // Lesson
    var lesson: Lesson?
    var lessonScroll = 0
    var lessonLink: Int?

    // Runner
    var runner: BackgroundRunner?
    var snapshot: RunSnapshot?
    var snapshotVersion = -1
    var runnerFocus: RunnerFocus = .plot
    var hyperparameterSelection = 0
    var editingValue: String?
    /// Text being typed for an interactive experiment (key `/`).
    var typedInput: String?
    var plotOptions = PlotOptions()
    var bottomTab = 0

    // Compare
    var compareSelection = 0
    var compareChecked: Set<Int> = []
    var finishedRuns: [RunRecord] = []
    var savedRuns: [RunRecord] = []
    var compareRuns: [RunRecord] = []
    var returnScreen: Screen = .home

    /// The size of the last frame (for layout-dependent keys such as page down).
    var lastWidth = 80, lastHeight = 24

    public init(environment: AppEnvironment, appearance: Appearance) {
        self.environment = environment
        self.appearance = appearance
    }

    /// The smallest terminal the layout works in.
    public static let minimumSize = (width: 80, height: 24)

    // MARK: - Keys

    public func handle(_ key: Key) {
        notice = nil
        if key == .interrupt { quit(); return }
        if confirmingQuit {
            if key == .character("y") || key == .character("q") { quit() }
            confirmingQuit = false
            return
        }
        if showsHelp {
            if key == .escape || key == .character("?") || key == .character("q") { showsHelp = false }
            return
        }
        if editingValue != nil { handleEditing(key); return }
        if typedInput != nil { handleTypedInput(key); return }
        switch key {
        case .character("?"): showsHelp = true; return
        case .character("t"): appearance.toggleTheme(); return
        case .character("q"):
            if snapshot?.state.isActive == true { confirmingQuit = true } else { quit() }
            return
        default: break
        }
        switch screen {
        case .home: handleHome(key)
        case .lesson: handleLesson(key)
        case .runner: handleRunner(key)
        case .compare: handleCompare(key)
        }
    }

    func quit() {
        runner?.stop()
        runner = nil
        shouldQuit = true
    }

    // MARK: - Training thread

    /// Takes the latest snapshot from the training thread (cheap when nothing changed).
    public func tick() {
        guard let runner else { return }
        let (latest, version) = runner.snapshot()
        guard version != snapshotVersion else { return }
        snapshotVersion = version
        snapshot = latest
    }

    /// The latest snapshot of the current run (for benchmarks and tests).
    public var currentSnapshot: RunSnapshot? { snapshot }

    /// Opens the runner on an experiment, paused or running, with optional preset settings.
    public func open(experiment id: String, assignments: [String] = [], running: Bool) throws {
        let entry = try environment.catalog.entry(id)
        var settings = entry.make().hyperparameters
        try settings.apply(assignments: assignments)
        if let runner {
            finishedRuns.append(runner.record())
            runner.stop()
        }
        let controller = RunController(entry: entry, settings: settings, seed: 1, store: environment.store,
                                       epochBudget: environment.epochBudget, startRunning: running)
        runner = BackgroundRunner(controller: controller)
        snapshot = controller.snapshot(withPanels: false)
        snapshotVersion = -1
        hyperparameterSelection = 0
        runnerFocus = .plot
        bottomTab = 0
        screen = .runner
    }

    // MARK: - Frames

    public func render(width: Int, height: Int) -> ScreenBuffer {
        lastWidth = width
        lastHeight = height
        var buffer = ScreenBuffer(width: width, height: height)
        let area = buffer.area
        buffer.fill(area, character: " ", style: appearance.theme.text)
        guard width >= Self.minimumSize.width, height >= Self.minimumSize.height else {
            renderTooSmall(into: &buffer, area: area)
            return buffer
        }
        switch screen {
        case .home: renderHome(into: &buffer, area: area)
        case .lesson: renderLesson(into: &buffer, area: area)
        case .runner: renderRunner(into: &buffer, area: area)
        case .compare: renderCompare(into: &buffer, area: area)
        }
        if showsHelp { renderHelp(into: &buffer, area: area) }
        if confirmingQuit { renderDialog(into: &buffer, area: area, title: "Quit?",
                                         lines: ["Training is running.", "", "y: quit    any other key: stay"]) }
        return buffer
    }

    // MARK: - Loop

    /// Draws at least 20 frames a second while training, answers every key, and returns when
    /// the user quits.
    public func run(on terminal: any TerminalBackend) {
        while !shouldQuit {
            tick()
            let size = terminal.size
            terminal.present(render(width: size.width, height: size.height))
            if let key = terminal.nextKey(timeoutMilliseconds: 40) {
                handle(key)
                // Drain keys typed faster than frames.
                while !shouldQuit, let more = terminal.nextKey(timeoutMilliseconds: 0) { handle(more) }
            }
        }
    }
}
