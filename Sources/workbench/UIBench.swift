import ArgumentParser
import Foundation
import Lab
import TerminalUI
import WorkbenchApp

/// `workbench bench ui`: how long a frame takes, and what the screen costs training.
struct UIBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ui", abstract: "Frame render time at 200x60 and the screen's cost to training throughput.")
    @Option(help: "Experiment trained with and without the screen.") var experiment = "basics.softmax-fashion"
    @Option(help: "Training steps timed each way.") var steps = 400
    @OptionGroup var engine: EngineOptions

    func run() throws {
        try Console.userErrors {
            try engine.apply()
            let sample = RenderBenchmark.Inputs()
            let widgets = secondsPerCall { _ = RenderBenchmark.renderSampleFrame(width: 200, height: 60, inputs: sample) }
            print(String(format: "widget sample frame 200x60 (line chart of 2 x 5,000 points, table, markdown): %.3f ms", widgets * 1e3))

            let environment = AppEnvironment(catalog: catalog, lessons: LessonCatalog(lessons: []), store: try openStore(),
                                             runsFolder: FileManager.default.temporaryDirectory, epochBudget: 100_000)
            // Headless: the same steps through the same controller, no screen.
            let entry = try catalog.entry(experiment)
            let headless = RunController(entry: entry, seed: 1, store: environment.store, epochBudget: 100_000, startRunning: true)
            headless.advance()  // prepare
            let start = DispatchTime.now()
            for _ in 0..<steps { headless.advance() }
            let headlessSeconds = seconds(since: start)

            // With the screen: the training thread runs while this thread renders a 200x60 runner frame every 40 ms.
            let app = WorkbenchApp(environment: environment, appearance: Appearance(colorAllowed: true, unicode: true))
            try app.open(experiment: experiment, running: true)
            var frames = 0, renderSeconds = 0.0
            var snapshot: RunSnapshot?
            repeat { app.tick(); snapshot = app.currentSnapshot; usleep(1_000) } while snapshot?.state == .preparing || (snapshot?.stepCount ?? 0) == 0
            let firstStep = snapshot!.stepCount, began = DispatchTime.now()
            while (app.currentSnapshot?.stepCount ?? 0) < firstStep + steps {
                let frameStart = DispatchTime.now()
                app.tick()
                _ = app.render(width: 200, height: 60)
                renderSeconds += seconds(since: frameStart)
                frames += 1
                usleep(40_000)
            }
            let screenSeconds = seconds(since: began) * Double(steps) / Double(app.currentSnapshot!.stepCount - firstStep)
            app.handle(.interrupt)
            print(String(format: "runner screen 200x60 while training: %.3f ms per frame (%d frames)", renderSeconds / Double(max(frames, 1)) * 1e3, frames))
            print(String(format: "%@, %d steps: headless %.3f s, with the screen %.3f s: the screen costs %.1f %% of throughput",
                         experiment, steps, headlessSeconds, screenSeconds, (screenSeconds / headlessSeconds - 1) * 100))
        }
    }

    private func seconds(since start: DispatchTime) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }
}
