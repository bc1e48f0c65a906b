import ArgumentParser
import CLISupport
import CursesBackend
import Foundation
import Lab
import TerminalUI
import WorkbenchApp

/// `workbench` (and `workbench screen`): the full-screen workbench.
struct ScreenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "screen", abstract: "Start the full-screen workbench (the default).")
    @OptionGroup var engine: EngineOptions
    @Option(help: "Epochs a run trains before it stops by itself (default: each experiment's own, see `workbench list`).") var epochs: Int?
    @Option(help: "Record the session as an asciicast v2 file (asciinema plays it).") var record: String?
    @Option(name: .customLong("data"), help: ArgumentHelp(
        "Train on your own file in place of a dataset's: --data NAME=PATH or NAME/FILE=PATH (repeatable).", valueName: "name=path"))
    var dataFiles: [String] = []

    func run() throws {
        try startScreen(experiment: nil, assignments: [], dataFiles: dataFiles, engine: engine, epochs: epochs, record: record)
    }
}

/// `workbench open ID`: the screen, straight on an experiment's runner, paused (space starts it).
struct OpenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "open", abstract: "Open the workbench on an experiment, paused.")
    @Argument(help: "Experiment id (see `workbench list`).", completion: .list(experimentIDs)) var id: String
    @Option(name: .customLong("set"), help: "Set a hyperparameter: --set key=value (repeatable).", completion: .list(settingKeys))
    var assignments: [String] = []
    @Option(help: "Epochs a run trains before it stops by itself (default: each experiment's own, see `workbench list`).") var epochs: Int?
    @Option(help: "Record the session as an asciicast v2 file (asciinema plays it).") var record: String?
    @Option(name: .customLong("data"), help: ArgumentHelp(
        "Train on your own file in place of a dataset's: --data NAME=PATH or NAME/FILE=PATH (repeatable).", valueName: "name=path"))
    var dataFiles: [String] = []
    @OptionGroup var engine: EngineOptions

    func run() throws {
        try startScreen(experiment: id, assignments: assignments, dataFiles: dataFiles, engine: engine, epochs: epochs, record: record)
    }
}

func startScreen(experiment: String?, assignments: [String], dataFiles: [String], engine: EngineOptions, epochs: Int?,
                 record: String?) throws {
    var app: WorkbenchApp?
    try Console.userErrors {
        if let epochs, !(1...100_000).contains(epochs) { throw UsageError("--epochs must be from 1 to 100000, got \(epochs)") }
        try engine.apply()
        guard let root = projectRoot else { throw UsageError("cannot find the project folder (one with data/manifest.json)") }
        // Check the id, settings and data files before taking over the screen.
        let entry = try experiment.map { try catalog.entry($0) }
        _ = try entry?.settings(applying: assignments)
        let store = try DataOption.apply(dataFiles, to: try openStore(), for: entry)
        let environment = AppEnvironment(catalog: catalog, lessons: try LessonCatalog.load(from: root.appendingPathComponent("lessons")),
                                         store: store, runsFolder: ProjectLocator.runsFolder(projectRoot: root), epochBudget: epochs)
        // A bad recording path fails here, before the screen is taken over.
        let recording = try record.map { path -> SessionRecording in
            do { return try SessionRecording(url: URL(fileURLWithPath: path)) } catch let error as RecordingError {
                throw UsageError(error.description)
            }
        }
        let terminal: CursesTerminal
        do { terminal = try CursesTerminal.start() } catch let error as CursesTerminal.StartError {
            throw UsageError(error.description)
        }
        defer { terminal.stop() }
        let workbench = WorkbenchApp(environment: environment,
                                     appearance: Appearance(colorAllowed: terminal.usesColor, unicode: terminal.unicode))
        app = workbench
        workbench.recording = recording
        if let experiment { try workbench.open(experiment: experiment, assignments: assignments, running: false) }
        workbench.run(on: terminal)
    }
    _ = app
}
