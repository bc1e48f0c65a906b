import Testing
@testable import Recommenders

@Suite struct MetricTests {
    @Test func aucCountsTiesAsHalf() {
        #expect(RecommenderMetrics.auc(scores: [0.1, 0.4, 0.35, 0.8], labels: [0, 0, 1, 1]) == 0.75)
        #expect(RecommenderMetrics.auc(scores: [0.5, 0.5], labels: [0, 1]) == 0.5)
    }

    @Test func errorsAndRanks() {
        let errors = RecommenderMetrics.ratingErrors(predictions: [3, 5], targets: [4, 5])
        #expect(Swift.abs(errors.rmse - 0.5.squareRoot()) < 1e-9 && errors.mae == 0.5)
        #expect(RecommenderMetrics.rankOfFirst([0.5, 0.9, 0.5, 0.1]) == 1.5)
        #expect(RecommenderMetrics.hitAndNDCG(rank: 0, k: 10) == (1, 1))
        #expect(RecommenderMetrics.hitAndNDCG(rank: 10, k: 10) == (0, 0))
        #expect(RecommenderMetrics.topK([0.1, 0.9, 0.5, 0.7], k: 2) == [1, 3])
        #expect(RecommenderMetrics.topK([0.1, 0.9, 0.5, 0.7], k: 2, excluding: [1]) == [3, 2])
    }
}
