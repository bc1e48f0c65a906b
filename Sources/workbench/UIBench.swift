import ArgumentParser
import CLISupport
import Foundation
import Lab
import TerminalUI
import WorkbenchApp

/// `workbench bench ui`: how long a frame takes, and what the screen costs training.
struct UIBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ui", abstract: "Frame render time at 200x60 and the screen's cost to training throughput.")
    @Option(help: "Experiment trained with and without the screen.") var experiment = "basics.softmax-fashion"
    @Option(help: "Seconds of training timed each way.") var seconds = 4.0
    @OptionGroup var engine: EngineOptions

    func run() throws {
        try Console.userErrors {
            try engine.apply()
            let sample = RenderBenchmark.Inputs()
            let widgets = secondsPerCall { _ = RenderBenchmark.renderSampleFrame(width: 200, height: 60, inputs: sample) }
            print(String(format: "widget sample frame 200x60 (line chart of 2 x 5,000 points, table, markdown): %.3f ms", widgets * 1e3))

            let environment = AppEnvironment(catalog: catalog, lessons: LessonCatalog(lessons: []), store: try openStore(),
                                             runsFolder: FileManager.default.temporaryDirectory, epochBudget: 100_000)
            // Headless: the same controller on a training thread, no screen, for `seconds`; measured
            // before and after the screen run, so warm-up and drift affect both sides alike.
            let entry = try catalog.entry(experiment)
            let before = headlessRate(entry, environment)

            // With the screen: the training thread runs while this thread renders a 200x60 runner
            // frame every 40 ms (25 frames a second), for the same time.
            let app = WorkbenchApp(environment: environment, appearance: .standard)
            try app.open(experiment: experiment, running: true)
            repeat { app.tick(); usleep(1_000) } while (app.currentSnapshot?.stepCount ?? 0) == 0
            var frames = 0, renderSeconds = 0.0
            let firstStep = app.currentSnapshot!.stepCount, began = DispatchTime.now()
            while elapsed(since: began) < seconds {
                let frameStart = DispatchTime.now()
                app.tick()
                _ = app.render(width: 200, height: 60)
                renderSeconds += elapsed(since: frameStart)
                frames += 1
                usleep(40_000)
            }
            app.tick()
            let screenRate = Double(app.currentSnapshot!.stepCount - firstStep) / elapsed(since: began)
            app.handle(.interrupt)
            let after = headlessRate(entry, environment)
            let headlessRate = (before + after) / 2
            print(String(format: "headless before %.0f and after %.0f steps/s", before, after))
            print(String(format: "runner screen 200x60 while training: %.3f ms per frame (%d frames)",
                         renderSeconds / Double(max(frames, 1)) * 1e3, frames))
            print(String(format: "%@: headless %.0f steps/s, with the screen %.0f steps/s: the screen costs %.1f %% of throughput",
                         experiment, headlessRate, screenRate, (1 - screenRate / headlessRate) * 100))
        }
    }

    /// Steps per second of a run with no screen at all: its own thread, started and timed the same way.
    private func headlessRate(_ entry: ExperimentEntry, _ environment: AppEnvironment) -> Double {
        let controller = RunController(entry: entry, seed: 1, store: environment.store, epochBudget: 100_000, startRunning: true)
        let runner = BackgroundRunner(controller: controller)
        var first: (steps: Int, time: DispatchTime)?
        var last = 0
        while true {
            let snapshot = runner.snapshot
            if first == nil, snapshot.stepCount > 0 { first = (snapshot.stepCount, .now()) }
            if let first, elapsed(since: first.time) >= seconds { last = snapshot.stepCount; break }
            usleep(40_000)
        }
        let rate = Double(last - first!.steps) / elapsed(since: first!.time)
        runner.stop()
        return rate
    }

    private func elapsed(since start: DispatchTime) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }
}
