import Testing
import Lab
import TestSupport
@testable import Recommenders

/// Rating models on a real slice of MovieLens 100K (the first 300 users' ratings, standard split).
@Suite(.serialized) struct RatingExperimentTests {
    static let slice = "users=300"

    @Test func baselineBeatsTheGlobalMean() throws {
        let run = try train(BiasedMF.baselineEntry, [Self.slice], epochs: 5)
        let meanOnly = run.before.value("test RMSE")!  // biases start at zero: mu alone
        let after = run.epochs.last!.metric("test RMSE")!
        #expect(after < meanOnly - 0.05, "mean \(meanOnly), baseline \(after)")
        #expect(run.epochs.last!.trainLoss < run.epochs[0].trainLoss)
    }

    @Test func biasedMFLearnsAndBeatsTheBaseline() throws {
        let baseline = try train(BiasedMF.baselineEntry, [Self.slice], epochs: 10).epochs.last!.metric("test RMSE")!
        let run = try train(BiasedMF.entry, [Self.slice], epochs: 10)
        #expect(run.epochs.last!.trainLoss < run.epochs[0].trainLoss)
        #expect(run.epochs.last!.metric("test RMSE")! < baseline, "MF \(run.epochs.last!.metrics), baseline \(baseline)")
    }

    @Test func svdPlusPlusLearns() throws {
        let run = try train(SVDPlusPlus.entry, [Self.slice], epochs: 8)
        #expect(run.epochs.last!.trainLoss < run.epochs[0].trainLoss)
        #expect(run.epochs.last!.metric("test RMSE")! < 0.98, "\(run.epochs.last!.metrics)")
    }

    @Test func itemAutoRecLearns() throws {
        let run = try train(AutoRec.itemEntry, [Self.slice, "hidden=100"], epochs: 8)
        #expect(run.epochs.last!.trainLoss < run.epochs[0].trainLoss)
        #expect(run.epochs.last!.metric("test RMSE")! < run.before.value("test RMSE")! - 0.3, "\(run.epochs.last!.metrics)")
        #expect(run.epochs.last!.metric("test RMSE")! < 1.05)
    }

    @Test func userAutoRecLearns() throws {
        let run = try train(AutoRec.userEntry, [Self.slice, "hidden=100"], epochs: 8)
        #expect(run.epochs.last!.trainLoss < run.epochs[0].trainLoss)
        #expect(run.epochs.last!.metric("test RMSE")! < run.before.value("test RMSE")! - 0.3, "\(run.epochs.last!.metrics)")
    }

    @Test func panelsShowRealTitlesAndReconstructions() throws {
        let mf = try train(BiasedMF.entry, [Self.slice, "shown-user=3"], epochs: 2).session
        let panels = mf.panels
        let recommendations = try #require(panels.first as? RecommendationsPanel)
        let data = mf.experiment(as: BiasedMF.self).data
        let rows = data.train.filter { data.users[$0] == 2 }
        #expect(recommendations.userID == 3 && recommendations.rated.count == 10 && recommendations.recommended.count == 10)
        #expect(recommendations.rated.first!.score == rows.map { data.ratings[$0] }.max()!)
        let seen = Set(rows.map { data.titles[data.items[$0]] })
        #expect(recommendations.recommended.allSatisfy { !seen.contains($0.title) })
        let map = try #require(panels.last as? EmbeddingMapPanel)
        #expect(map.groups.reduce(0) { $0 + $1.points.count } == data.itemCount)

        let autoRec = try train(AutoRec.itemEntry, [Self.slice, "hidden=50"], epochs: 1).session
        let panel = try #require(autoRec.panels.first as? ReconstructionPanel)
        #expect(panel.title.contains("Toy Story"))
        #expect(!panel.entries.isEmpty && panel.entries.allSatisfy { (1...5).contains($0.observed) })
    }

    @Test func standardSplitHoldsOutEveryTenthRow() throws {
        let data = try RatingData.load(store: try RealData.store())
        #expect(data.test.count == 10_000 && data.train.count == 90_000)
        #expect((data.userCount, data.itemCount) == (943, 1682))
        #expect(data.genreNames.count == 19)
        #expect(data.titles[0] == "Toy Story")
    }
}
