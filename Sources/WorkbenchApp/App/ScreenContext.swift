import Lab
import TerminalUI

/// What a screen may ask of the app after a key.
enum AppRequest: Equatable {
    /// Back to the screen the user came from.
    case back
    case openLesson(Lesson)
    /// Opens an experiment paused (or returns to the current run when it is the same one).
    case openExperiment(id: String, assignments: [String])
    /// Returns to the run that is open.
    case showCurrentRun
    case compare
    /// Records the open run's next minibatch on a tape and shows it.
    case openTape
    /// Saves the open run (run.json, loss.csv, the screen).
    case saveRun
}

/// What a screen reads and writes while it handles a key or draws a frame.
struct ScreenContext {
    let environment: AppEnvironment
    let appearance: Appearance
    /// The size of the last frame (for page keys).
    let size: (width: Int, height: Int)
    /// The run that is open, if any (the home screen lists it).
    let currentRun: RunSummary?
    /// A one-line notice for the status bar ("saved to runs/…").
    var notice: String?
    var requests: [AppRequest] = []

    var theme: Theme { appearance.theme }
    var glyphs: Glyphs { appearance.glyphs }

    mutating func request(_ request: AppRequest) { requests.append(request) }
}

/// One line about the open run, for screens other than the runner.
struct RunSummary: Equatable {
    let experimentID: String
    let title: String
    let state: String
    let epoch: Int
    let budget: Int
}

/// A screen of the app: its own state, its keys and its frames.
protocol AppScreen {
    mutating func handle(_ key: Key, _ context: inout ScreenContext)
    func render(into buffer: inout ScreenBuffer, area: Rect, _ context: ScreenContext)
}
