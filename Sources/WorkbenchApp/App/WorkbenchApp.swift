import Foundation
import Lab
import TerminalUI

/// The workbench's screens. Pure with respect to the terminal: `handle(_:)` takes keys,
/// `render(width:height:)` returns a frame, `tick()` takes the latest update of the training
/// thread. `run(on:)` is the loop that ties them to a backend.
///
/// Each screen keeps its own state and draws itself (`HomeScreen`, `LessonScreen`,
/// `RunnerScreen`, `CompareScreen`); the app keeps where the user is (a stack, so esc goes back
/// to where they came from), the open run and the overlays.
public final class WorkbenchApp {
    public enum Screen: Equatable { case home, lesson, runner, compare, tape }

    public let environment: AppEnvironment
    public internal(set) var appearance: Appearance
    public internal(set) var shouldQuit = false
    /// Where the user is, and where esc goes back to.
    var stack: [Screen] = [.home]
    var home = HomeScreen()
    var lesson: LessonScreen?
    /// The open run: it keeps training while the user reads elsewhere.
    var runner: RunnerScreen?
    var compare: CompareScreen?
    /// The tape of the open run's last recorded minibatch.
    var tape: TapeScreen?
    /// Records of runs this session has closed (restarted, or replaced by another experiment).
    var closedRuns: [RunRecord] = []
    var showsHelp = false
    var helpScroll = 0
    var confirmingQuit = false
    var notice: String?
    /// The session being recorded to an asciicast file, if any (key R or `--record`).
    public var recording: SessionRecording?
    var lastSize = (width: 80, height: 24)

    public init(environment: AppEnvironment, appearance: Appearance) {
        self.environment = environment
        self.appearance = appearance
    }

    /// The smallest terminal the layout works in.
    public static let minimumSize = (width: 80, height: 24)

    public var screen: Screen { stack.last ?? .home }

    /// The latest snapshot of the open run (for benchmarks and tests).
    public var currentSnapshot: RunSnapshot? { runner?.view.snapshot }

    var context: ScreenContext {
        ScreenContext(environment: environment, appearance: appearance, size: lastSize,
                      currentRun: runner?.summary, notice: notice)
    }

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
            handleHelp(key)
            return
        }
        if runner?.isTyping != true || screen != .runner {
            switch key {
            case .character("?"): showsHelp = true; helpScroll = 0; return
            case .character("t"): appearance.toggleTheme(); return
            case .character("R"): toggleRecording(); return
            case .character("q"):
                if runner?.view.snapshot.state.isActive == true { confirmingQuit = true } else { quit() }
                return
            default: break
            }
        }
        var context = self.context
        switch screen {
        case .home: home.handle(key, &context)
        case .lesson: lesson?.handle(key, &context)
        case .runner: runner?.handle(key, &context)
        case .compare: compare?.handle(key, &context)
        case .tape: tape?.handle(key, &context)
        }
        notice = context.notice
        for request in context.requests { perform(request) }
    }

    private func handleHelp(_ key: Key) {
        switch key {
        case .escape, .character("?"), .character("q"): showsHelp = false
        case .down, .character("j"): helpScroll += 1
        case .up, .character("k"): helpScroll = max(0, helpScroll - 1)
        case .pageDown, .character(" "): helpScroll += 10
        case .pageUp: helpScroll = max(0, helpScroll - 10)
        default: break
        }
        helpScroll = min(helpScroll, ScrollView.maximumOffset(contentHeight: Self.helpLines.count,
                                                               visibleRows: max(1, lastSize.height - 4)))
    }

    func perform(_ request: AppRequest) {
        switch request {
        case .back:
            if stack.count > 1 { stack.removeLast() }
        case .openLesson(let lesson):
            self.lesson = LessonScreen(lesson: lesson)
            push(.lesson)
        case let .openExperiment(id, assignments):
            do { try open(experiment: id, assignments: assignments, running: false) } catch { notice = "\(error)" }
        case .showCurrentRun:
            if runner != nil { push(.runner) }
        case .compare:
            compare = CompareScreen(runs: allRuns())
            push(.compare)
        case .openTape:
            guard let runner else { return }
            tape = TapeScreen(view: runner.view)
            runner.view.runner.send(.stepRecordingTape)
            push(.tape)
        case .saveRun:
            saveRun()
        }
    }

    /// Shows `screen` on top of the current one (the same screen is not stacked twice).
    private func push(_ screen: Screen) {
        stack.removeAll { $0 == screen }
        stack.append(screen)
    }

    func quit() {
        runner?.view.runner.stop()
        recording?.write()
        shouldQuit = true
    }

    // MARK: - Recording

    /// Records the session from now on into `url` (asciicast v2).
    public func startRecording(to url: URL) throws {
        recording?.write()
        recording = try SessionRecording(url: url)
    }

    /// Key R: starts a recording under the runs folder, or stops the one going.
    func toggleRecording() {
        if let recording {
            recording.write()
            self.recording = nil
            notice = recording.writeError.map { "recording not fully written: \($0)" } ?? "recorded to \(recording.url.path)"
            return
        }
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        let folder = environment.runsFolder.appendingPathComponent("recordings")
        let url = folder.appendingPathComponent("session-\(formatter.string(from: Date())).cast")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try startRecording(to: url)
            notice = "recording to \(url.path) (R stops)"
        } catch {
            notice = "\(error)"
        }
    }

    // MARK: - Runs

    /// Opens the runner on an experiment, paused or running, with preset settings. When the
    /// open run is the same experiment with the same presets, it is shown again as it is.
    public func open(experiment id: String, assignments: [String] = [], running: Bool) throws {
        let entry = try environment.catalog.entry(id)
        let settings = try entry.settings(applying: assignments)
        if let runner, runner.view.experimentID == id, runner.view.openedWith == settings {
            push(.runner)
            if running { runner.view.runner.send(.resume) }
            return
        }
        closeRun()
        let controller = RunController(entry: entry, settings: settings, seed: 1, store: environment.store,
                                       epochBudget: environment.epochBudget ?? entry.descriptor.epochs, startRunning: running)
        runner = RunnerScreen(view: RunView(runner: BackgroundRunner(controller: controller), openedWith: settings))
        push(.runner)
    }

    /// Stops the open run and keeps its record for compare.
    private func closeRun() {
        guard let runner else { return }
        closedRuns += runner.view.restartedRecords
        if let record = runner.view.runner.record() { closedRuns.append(record) }
        runner.view.runner.stop()
        self.runner = nil
        tape = nil
        stack.removeAll { $0 == .tape }
    }

    /// Every run to compare, one row per run: saved ones, this session's closed ones and the open
    /// one (a saved run that is still open shows its latest state), without runs that never stepped.
    func allRuns() -> [RunRecord] {
        var runs = RunStore.load(from: environment.runsFolder) + closedRuns + (runner?.view.restartedRecords ?? [])
        if let current = runner?.view.runner.record() { runs.append(current) }
        var byID: [String: Int] = [:]
        var unique: [RunRecord] = []
        for var run in runs where !run.history.steps.isEmpty {
            run.history = run.history.compacted()  // as run.json saves it: compare draws a few hundred columns
            if let index = byID[run.id] { unique[index] = run } else {
                byID[run.id] = unique.count
                unique.append(run)
            }
        }
        return unique
    }

    /// Saves the open run under the runs folder: run.json, loss.csv, metrics.csv, the weights
    /// and this screen as text.
    func saveRun() {
        guard let runner else { return }
        let saved: (record: RunRecord, weights: Data)?
        do { saved = try runner.view.runner.recordAndWeights() } catch {
            notice = "could not save: \(error)"
            return
        }
        guard let saved else { notice = "nothing to save before the run is prepared"; return }
        let screenText = render(width: lastSize.width, height: lastSize.height).lines()
        do {
            let folder = try RunStore.save(saved.record, weights: saved.weights, screen: screenText, in: environment.runsFolder)
            notice = "saved to \(folder.path)"
        } catch {
            notice = "could not save: \(error)"
        }
    }

    // MARK: - Training thread

    /// Takes the latest update from the training thread (cheap when nothing changed).
    public func tick() {
        runner?.view.update()
        tape?.follow()
    }

    // MARK: - Frames

    public func render(width: Int, height: Int) -> ScreenBuffer {
        lastSize = (width, height)
        var buffer = ScreenBuffer(width: width, height: height)
        let area = buffer.area
        buffer.fill(area, character: " ", style: appearance.theme.text)
        let context = self.context
        if width < Self.minimumSize.width || height < Self.minimumSize.height {
            context.renderTooSmall(into: &buffer, area: area, minimum: Self.minimumSize)
        } else {
            switch screen {
            case .home: home.render(into: &buffer, area: area, context)
            case .lesson: lesson?.render(into: &buffer, area: area, context)
            case .runner: runner?.render(into: &buffer, area: area, context)
            case .compare: compare?.render(into: &buffer, area: area, context)
            case .tape: tape?.render(into: &buffer, area: area, context)
            }
            if recording != nil {
                let mark = (appearance.glyphs.isUnicode ? "● " : "* ") + "rec "
                buffer.set(string: mark, at: (max(0, width - mark.count), height - 2), style: appearance.theme.bad, clippedTo: area)
            }
            if showsHelp {
                context.renderDialog(into: &buffer, area: area, title: "Keys (esc closes, ↑↓ scroll)", lines: Self.helpLines,
                                     scroll: helpScroll)
            }
            if confirmingQuit {
                context.renderDialog(into: &buffer, area: area, title: "Quit?",
                                     lines: ["Training is running.", "", "y: quit    any other key: stay"])
            }
        }
        if !appearance.glyphs.isUnicode { buffer.foldToASCII() }
        return buffer
    }

    static let helpLines = [
        "Everywhere   ?  this help      t  projector theme      q  quit",
        "             R  record the session (asciicast) / stop",
        "             esc  back to where you came from",
        "             tab / shift-tab  move focus",
        "Home         ↑↓ or j k  choose     enter  open lesson / experiment / run",
        "             f  fetch the data of the selected item",
        "             c  compare runs",
        "Lesson       ↑↓ pgup pgdn  scroll     tab  next ▶ link",
        "             enter  open the link's experiment (paused)",
        "Runner       space  start / pause (past the budget: go on)",
        "             n or →  one minibatch     e  one epoch",
        "             r  restart with the current settings",
        "             +/-  pace (delay per step); on the settings",
        "                  panel: the selected value",
        "             enter  type a new value for the selected setting",
        "             ↑↓  scroll the focused panel or choose a setting",
        "             l  log scale    m  smoothing    z  zoom",
        "             p  next bottom panel (inspector, model, topic)",
        "             b  pause and record the next minibatch's tape",
        "             /  type a text for the topic's view",
        "             s  save the run and its weights in runs/",
        "             c  compare runs",
        "Tape         ↑↓  op by op: forward, backward, checks",
        "             enter  open the op's tensors (tab: next one)",
        "             m  the first NaN or exploding gradient",
        "             n  record one more minibatch",
        "Compare      ↑↓  choose    space  tick a run to overlay",
        "             enter  details: settings, changes, epochs",
        "             v  trade-off: one metric against another",
        "             x / y  the metric on each axis",
    ]

    // MARK: - Loop

    /// Draws at least 20 frames a second while training, answers every key, and returns when
    /// the user quits.
    public func run(on terminal: any TerminalBackend) {
        while !shouldQuit {
            tick()
            let size = terminal.size
            let frame = render(width: size.width, height: size.height)
            terminal.present(frame)
            recording?.record(frame)
            if let key = terminal.nextKey(timeoutMilliseconds: 40) {
                if key == .suspend {
                    terminal.suspend()
                    continue
                }
                handle(key)
                // Drain keys typed faster than frames.
                while !shouldQuit, let more = terminal.nextKey(timeoutMilliseconds: 0) {
                    if more == .suspend { terminal.suspend(); break }
                    handle(more)
                }
            }
        }
        recording?.write()
    }
}
