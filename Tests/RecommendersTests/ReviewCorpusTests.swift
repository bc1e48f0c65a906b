import Foundation
import Testing
import TestSupport
@testable import Recommenders

@Suite struct ReviewCorpusTests {
    @Test func readsAReviewsFileAndBuildsTrainOnlyDocuments() throws {
        var lines = ["user\titem\trating\ttext"]
        for row in 0..<10 { lines.append("u\(row % 3)\tm\(row % 2)\t\(row % 5 + 1)\tword\(row) Great film") }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("reviews-\(UUID()).tsv")
        try lines.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        let corpus = try ReviewCorpus(reviewsFile: url)
        #expect((corpus.userCount, corpus.itemCount) == (3, 2))
        #expect(corpus.test == [9] && corpus.train.count == 9)
        let documents = corpus.documents(userLength: 12, itemLength: 20)
        #expect(!documents.vocabulary.contains("word9"))  // the test review's words never enter a document
        #expect(documents.vocabulary.contains("word8") && documents.vocabulary.contains("great"))
        #expect(documents.users.allSatisfy { $0.count == 12 } && documents.items.allSatisfy { $0.count == 20 })
    }

    @Test func rejectsAMalformedLine() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID()).tsv")
        try "u1\tm1\tfive\tnice".write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(throws: (any Error).self) { try ReviewCorpus(reviewsFile: url) }
    }

    @Test func movieLensUserDocumentsComeFromTrainingRatingsOnly() throws {
        let data = try RatingData.load(store: try RealData.store(), userLimit: 30)
        let corpus = ReviewCorpus(movieLens: data)
        let documents = corpus.documents(userLength: 5000, itemLength: 40)
        for user in 0..<30 {
            let words = Set(documents.users[user].filter { $0 > 0 }.map { documents.vocabulary[$0] })
            let trainWords = Set(data.train.filter { data.users[$0] == user }.flatMap { corpus.texts[$0] })
            #expect(words == trainWords, "user \(user)")
        }
    }
}
