import Foundation
import Testing
import Lab
import TestSupport
@testable import Recommenders

@Suite(.serialized) struct RankingExperimentTests {
    @Test func leaveOneOutHoldsOutTheLatestAndSamplesUnseenNegatives() throws {
        let ratings = try RatingData.load(store: try RealData.store(), userLimit: 100)
        let data = ImplicitData(ratings, seed: 3)
        for user in 0..<100 {
            let rows = ratings.users.indices.filter { ratings.users[$0] == user }
            let latest = rows.map { ratings.timestamps[$0] }.max()!
            #expect(rows.contains { ratings.items[$0] == data.heldOut[user] && ratings.timestamps[$0] == latest })
            #expect(data.history[user].count == rows.count - 1)
            let rated = Set(rows.map { ratings.items[$0] })
            #expect(data.candidates[user].count == 100 && data.candidates[user][0] == data.heldOut[user])
            #expect(data.candidates[user].dropFirst().allSatisfy { !rated.contains($0) })
        }
        #expect(ImplicitData(ratings, seed: 3).candidates == data.candidates)
    }

    /// He et al. 2017, section 4.1: both metrics are computed per user and averaged over all
    /// users, so a miss counts as 0 in NDCG (not an average over the hits only).
    @Test func ndcgAveragesOverEveryUserWithMissesAsZero() throws {
        let data = ImplicitData(try RatingData.load(store: try RealData.store(), userLimit: 40), seed: 3)
        // Even users: held-out item second (rank 1); odd users: last of 100 (a miss).
        let result = data.hitRateAndNDCG { user, candidates in
            candidates.indices.map { index in
                index == 0 ? (user % 2 == 0 ? 0.5 : -1) : (index == 1 ? 1 : 0)
            }
        }
        #expect(result.hitRate == 0.5)
        #expect(abs(result.ndcg - 0.5 / log2(3)) < 1e-12)
    }

    /// `context=earlier` gives each training pair only the items the user rated before it.
    @Test func trainingPositionsIndexEachUsersHistoryInTimeOrder() throws {
        let data = ImplicitData(try RatingData.load(store: try RealData.store(), userLimit: 30), seed: 3)
        for pair in data.trainUsers.indices {
            #expect(data.history[data.trainUsers[pair]][data.trainPositions[pair]] == data.trainItems[pair])
        }
        #expect(data.trainPositions.filter { $0 == 0 }.count == 30)
    }

    @Test func neuMFBeatsPopularity() throws {
        let run = try train(NeuMF.entry, ["users=300", "learning-rate=0.003"], epochs: 3)
        let last = run.epochs.last!
        #expect(last.trainLoss < run.epochs[0].trainLoss)
        #expect(last.metric("HR@10")! > last.metric("popularity HR@10")!, "\(last.metrics)")
    }

    @Test func twoTowerLearnsToRetrieve() throws {
        let run = try train(TwoTower.entry, ["users=150", "batch-size=256"], epochs: 3)
        let last = run.epochs.last!
        #expect(last.trainLoss < run.epochs[0].trainLoss)
        #expect(last.metric("recall@50")! > run.before.value("recall@50")! + 0.05, "\(run.before) -> \(last.metrics)")
    }

    @Test func cdlLearnsRatingsAndRecall() throws {
        let run = try train(CDL.entry, ["users=300"], epochs: 3)
        let last = run.epochs.last!
        #expect(last.trainLoss < run.epochs[0].trainLoss)
        #expect(last.metric("test RMSE")! < run.before.value("test RMSE")! - 0.05, "\(run.before) -> \(last.metrics)")
        #expect(last.metric("recall@50")! > run.before.value("recall@50")!, "\(run.before) -> \(last.metrics)")
    }

    /// The paper's CDL: r̂ = u_u · v_j with no mean or biases, squared reconstruction error.
    @Test func cdlAsInThePaperHasNoBiasesAndStillLearns() throws {
        let session = try CDL.entry.session(["users=200", "biases=false", "reconstruction=squared"])
        #expect(!session.run.parameters.contains { $0.name == "user_bias" || $0.name == "item_bias" })
        let first = try session.runEpoch(), last = try session.runEpoch()
        #expect(last.trainLoss < first.trainLoss)
        #expect(last.metric("test RMSE")! < 1.2, "\(last.metrics)")
    }

    @Test func deepCoNNLearnsFromDocuments() throws {
        let run = try train(DeepCoNN.entry, ["users=150", "user-document-length=60", "users-per-step=4"], epochs: 4)
        let last = run.epochs.last!
        #expect(last.trainLoss < run.epochs[0].trainLoss)
        let corpus = ReviewCorpus(movieLens: try RatingData.load(store: try RealData.store(), userLimit: 150))
        #expect(last.metric("test RMSE")! < Self.meanPredictorRMSE(corpus), "\(last.metrics)")
    }

    /// A reviews file in the `user, item, rating, text` format, written from real MovieLens
    /// ratings (text: the movie's title and genres), trains the same way.
    @Test func deepCoNNTrainsOnAReviewsFile() throws {
        let data = try RatingData.load(store: try RealData.store(), userLimit: 150)
        var lines = ["user\titem\trating\ttext"]
        for row in data.users.indices {
            let item = data.items[row]
            let genres = data.itemGenres[item].map { data.genreNames[$0] }.joined(separator: " ")
            lines.append("u\(data.users[row])\ti\(item)\t\(Int(data.ratings[row]))\t\(data.titles[item]) \(genres)")
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("ml-reviews-\(UUID()).tsv")
        try lines.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        let entry = ExperimentEntry(DeepCoNN.entry.descriptor, settings: DeepCoNN.entry.settings.all) {
            try DeepCoNN($0, reviewsFile: url)
        }
        let run = try train(entry, ["user-document-length=60", "users-per-step=4"], epochs: 4)
        #expect(run.epochs.last!.trainLoss < run.epochs[0].trainLoss)
        #expect(run.epochs.last!.metric("test RMSE")! < Self.meanPredictorRMSE(try ReviewCorpus(reviewsFile: url)),
                "\(run.epochs.last!.metrics)")
    }

    /// Test RMSE of predicting the training mean for everything.
    static func meanPredictorRMSE(_ corpus: ReviewCorpus) -> Double {
        let mean = corpus.train.reduce(Float(0)) { $0 + corpus.ratings[$1] } / Float(corpus.train.count)
        return RecommenderMetrics.ratingErrors(predictions: corpus.test.map { _ in mean },
                                               targets: corpus.test.map { corpus.ratings[$0] }).rmse
    }
}
