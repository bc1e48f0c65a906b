import ArchitectureSearch
import Basics
import Multitask
import Recommenders
import RecursiveNets
import SpatialTransformers
import Datasets
import Foundation
import Lab
import TestSupport
import TerminalUI
@testable import WorkbenchApp

/// Drives the app headless, like a user at a fixed-size terminal: keys in, text screens out.
final class Pilot {
    /// Every topic module, in the executable's order.
    static let allTopics: [any TopicModule.Type] = [BasicsTopic.self, RecommendersTopic.self, RecursiveNetsTopic.self,
                                                    SpatialTransformersTopic.self, MultitaskTopic.self, ArchitectureSearchTopic.self]

    let app: WorkbenchApp
    let width: Int, height: Int
    let runsFolder: URL

    init(width: Int = 100, height: Int = 30, epochBudget: Int = 1000, colors: Bool = true,
         extraEntries: [ExperimentEntry] = []) throws {
        runsFolder = FileManager.default.temporaryDirectory.appendingPathComponent("runs-\(UUID())")
        let environment = AppEnvironment(
            catalog: ExperimentCatalog(topics: Self.allTopics.map { $0.topic }, entries: BasicsTopic.experiments + extraEntries),
            lessons: LessonCatalog(lessons: try LessonCatalog.load(from: RealData.projectRoot.appendingPathComponent("lessons"))
                .lessons(inTopic: "basics")),
            store: try RealData.store(), runsFolder: runsFolder, epochBudget: epochBudget)
        app = WorkbenchApp(environment: environment, appearance: Appearance(colorAllowed: colors, unicode: true))
        self.width = width
        self.height = height
    }

    /// Presses keys given as script words ("down", "enter", "space", "q", ...).
    func press(_ words: String...) {
        for word in words {
            guard let key = Key(scriptWord: word) else { fatalError("unknown key word \(word)") }
            app.handle(key)
        }
    }

    /// The screen as text lines.
    var screen: [String] {
        app.tick()
        return app.render(width: width, height: height).lines()
    }

    var text: String { screen.joined(separator: "\n") }

    /// Polls the training thread until `condition` holds (or 20 s pass); false on time-out.
    @discardableResult
    func waitUntil(_ condition: (RunSnapshot) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            app.tick()
            if let snapshot = app.currentSnapshot, condition(snapshot) { return true }
            usleep(5_000)
        }
        return false
    }

    deinit { app.handle(.interrupt) }
}
