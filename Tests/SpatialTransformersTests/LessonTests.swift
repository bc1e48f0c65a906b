import Foundation
import Lab
import Testing
import TestSupport
@testable import SpatialTransformers

/// The topic's lessons: numbered, titled, and every run: link names one of our experiments with
/// valid settings.
@Suite struct LessonTests {
    @Test func lessonsLinkOnlyToValidExperimentsAndSettings() throws {
        let folder = RealData.projectRoot.appendingPathComponent("lessons/spatial-transformers")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".md") }.sorted()
        let lessons = try files.map { try Lesson.load(folder.appendingPathComponent($0), topic: "spatial-transformers") }
        #expect(lessons.map(\.number) == [1, 2, 3, 4, 5])
        let catalog = ExperimentCatalog(modules: [SpatialTransformersTopic.self])
        #expect(LessonCatalog(lessons: lessons).problems(against: catalog) == [])
        #expect(lessons.allSatisfy { !$0.runLinks.isEmpty && !$0.experiments.isEmpty })
    }
}
