import Foundation
import Lab
import Testing
import TestSupport
@testable import ArchitectureSearch

/// The nas lessons: numbered, and every run: link names one of our experiments with valid settings.
@Suite struct LessonTests {
    @Test func lessonsLinkOnlyToValidExperimentsAndSettings() throws {
        let folder = RealData.projectRoot.appendingPathComponent("lessons/nas")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".md") }.sorted()
        let lessons = try files.map { try Lesson.load(folder.appendingPathComponent($0), topic: "nas") }
        #expect(lessons.map(\.number) == Array(1...lessons.count))
        let catalog = ExperimentCatalog(modules: [ArchitectureSearchTopic.self])
        #expect(LessonCatalog(lessons: lessons).problems(against: catalog) == [])
        #expect(lessons.allSatisfy { !$0.runLinks.isEmpty && !$0.experiments.isEmpty })
    }
}
