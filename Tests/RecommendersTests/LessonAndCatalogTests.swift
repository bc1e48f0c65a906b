import Foundation
import Testing
import Lab
import TestSupport
@testable import Recommenders

@Suite struct LessonAndCatalogTests {
    static let catalog = ExperimentCatalog(modules: [RecommendersTopic.self])

    @Test func everyIssueExperimentIsRegistered() {
        let expected = ["rec.baseline", "rec.biased-mf", "rec.svdpp", "rec.autorec-i", "rec.autorec-u", "rec.cdl",
                        "rec.neumf", "rec.two-tower", "rec.youtube-dnn", "rec.gru4rec", "rec.deepconn", "rec.lr", "rec.fm", "rec.wide-deep", "rec.deepfm", "rec.nfm"]
        #expect(Set(Self.catalog.ids) == Set(expected))
        for entry in RecommendersTopic.experiments {
            #expect(entry.descriptor.topic == "recommenders" && entry.descriptor.datasets == ["movielens-100k"])
            #expect(entry.settings.all.contains { $0.isLiveEditable && $0.key == "learning-rate" })
        }
    }

    @Test func lessonsCoverTheTopicAndTheirLinksWork() throws {
        let root = RealData.projectRoot.appendingPathComponent("lessons")
        let lessons = try LessonCatalog.load(from: root)
        let mine = LessonCatalog(lessons: lessons.lessons(inTopic: "recommenders"))
        #expect(mine.lessons.count == 10)
        #expect(mine.problems(against: Self.catalog) == [])
        #expect(mine.lessons.allSatisfy { !$0.runLinks.isEmpty && !$0.experiments.isEmpty })
        let driven = Set(mine.lessons.flatMap(\.experiments))
        #expect(driven == Set(Self.catalog.ids))
    }
}
