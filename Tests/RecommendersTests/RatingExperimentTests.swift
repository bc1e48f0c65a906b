import Testing
import Lab
import TestSupport
@testable import Recommenders

/// Rating models on a real slice of MovieLens 100K (the first 300 users' ratings, standard split).
@Suite(.serialized) struct RatingExperimentTests {
    static let slice = "users=300"

    @Test func baselineBeatsTheGlobalMean() throws {
        let run = try train(BiasedMF(baseline: true), [Self.slice], epochs: 5)
        let meanOnly = run.before.value("test RMSE")!  // biases start at zero: mu alone
        let after = run.epochs.last!.metric("test RMSE")!
        #expect(after < meanOnly - 0.05, "mean \(meanOnly), baseline \(after)")
        #expect(run.epochs.last!.trainLoss < run.epochs[0].trainLoss)
    }

    @Test func biasedMFLearnsAndBeatsTheBaseline() throws {
        let baseline = try train(BiasedMF(baseline: true), [Self.slice], epochs: 10).epochs.last!.metric("test RMSE")!
        let run = try train(BiasedMF(), [Self.slice], epochs: 10)
        #expect(run.epochs.last!.trainLoss < run.epochs[0].trainLoss)
        #expect(run.epochs.last!.metric("test RMSE")! < baseline, "MF \(run.epochs.last!.metrics), baseline \(baseline)")
    }

    @Test func svdPlusPlusLearns() throws {
        let run = try train(SVDPlusPlus(), [Self.slice], epochs: 8)
        #expect(run.epochs.last!.trainLoss < run.epochs[0].trainLoss)
        #expect(run.epochs.last!.metric("test RMSE")! < 0.98, "\(run.epochs.last!.metrics)")
    }

    @Test func itemAutoRecLearns() throws {
        let run = try train(AutoRec(orientation: .items), [Self.slice, "hidden=100"], epochs: 8)
        #expect(run.epochs.last!.trainLoss < run.epochs[0].trainLoss)
        #expect(run.epochs.last!.metric("test RMSE")! < run.before.value("test RMSE")! - 0.3, "\(run.epochs.last!.metrics)")
        #expect(run.epochs.last!.metric("test RMSE")! < 1.05)
    }

    @Test func userAutoRecLearns() throws {
        let run = try train(AutoRec(orientation: .users), [Self.slice, "hidden=100"], epochs: 8)
        #expect(run.epochs.last!.trainLoss < run.epochs[0].trainLoss)
        #expect(run.epochs.last!.metric("test RMSE")! < run.before.value("test RMSE")! - 0.3, "\(run.epochs.last!.metrics)")
    }

    @Test func standardSplitHoldsOutEveryTenthRow() throws {
        let data = try RatingData.load(store: try RealData.store())
        #expect(data.test.count == 10_000 && data.train.count == 90_000)
        #expect((data.userCount, data.itemCount) == (943, 1682))
        #expect(data.genreNames.count == 19)
        #expect(data.titles[0] == "Toy Story")
    }
}
