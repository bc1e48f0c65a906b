import Testing
import Lab
import TestSupport
import TensorKit
@testable import Recommenders

/// Click-through models on the first 300 users' ratings: each must beat chance AUC and lower its loss.
@Suite(.serialized) struct CTRExperimentTests {
    @Test(arguments: ["lr", "fm", "wide-deep", "deepfm", "nfm"])
    func learnsClicks(kind: String) throws {
        let run = try train(CTRExperiment.entry(CTRModel.Kind(rawValue: kind)!), ["users=200", "batch-size=512"], epochs: 3)
        #expect(run.epochs.last!.trainLoss < run.epochs[0].trainLoss)
        let auc = run.epochs.map { $0.metric("test AUC")! }.max()!
        #expect(auc > 0.70, "\(kind): \(run.epochs.map(\.metrics))")
        #expect(run.epochs.last!.metric("test log loss")! < 0.69)
        // The recommendations panel: the shown user's ratings next to their most likely clicks, unseen ones.
        let panel = try #require(run.session.panels.first as? RecommendationsPanel)
        let ctr = run.session.experiment(as: CTRExperiment.self)
        let seen = Set(ctr.ratings.train.filter { ctr.ratings.users[$0] == 0 }.map { ctr.ratings.titles[ctr.ratings.items[$0]] })
        #expect(panel.userID == 1 && panel.recommended.count == 10 && panel.scoreName == "p(click)")
        #expect(panel.recommended.allSatisfy { !seen.contains($0.title) && (0...1).contains($0.score) })
        #expect(zip(panel.recommended, panel.recommended.dropFirst()).allSatisfy { $0.score >= $1.score })
    }

    /// Candidate features for (user, any item) match the features of the rows where the user rated it.
    @Test func candidateFeaturesMatchTheRatedRows() throws {
        let data = CTRData(try RatingData.load(store: try RealData.store(), userLimit: 50))
        for row in [0, 17, 123] {
            let user = data.singles[row * CTRData.singleFieldCount] - data.offsets[0]
            let candidates = data.candidates(user: user, items: [data.items[row]])
            #expect(candidates.singles == data.singleIndices([row]))
            #expect(candidates.bags == data.genreBags([row]))
        }
    }

    @Test func fieldsAreLaidEndToEnd() throws {
        let data = CTRData(try RatingData.load(store: try RealData.store(), userLimit: 50))
        #expect(data.fieldSizes == [50, 1682, 7, 2, 21, 9, 19])
        #expect(data.offsets == [0, 50, 1732, 1739, 1741, 1762, 1771])
        #expect(data.featureCount == 1790)
        let first = data.singleIndices([0])
        #expect(first.enumerated().allSatisfy { field, index in
            index >= data.offsets[field] && index < data.offsets[field] + data.fieldSizes[field] })
        #expect(data.labels.allSatisfy { $0 == 0 || $0 == 1 })
    }

    @Test func biInteractionIsTheSumOfPairwiseProducts() {
        let vectors = Tensor(shape: [1, 3, 2], data: [1, 2, 3, 4, 5, 6])
        // pairs: (1,2)·(3,4)=11, (1,2)·(5,6)=17, (3,4)·(5,6)=39 -> per dimension: 1*3+1*5+3*5=23, 2*4+2*6+4*6=44
        #expect(CTRModel.biInteraction(vectors).data == [23, 44])
    }

    /// Rendle's FM on one example with two genres: the single fields have x = 1 and each genre
    /// x = 1/2 in both terms; the pairwise term covers every pair of fields (the genres pooled).
    @Test func fmNormalisesTheGenresInBothTerms() {
        var generator = SeededGenerator(seed: 3)
        let model = CTRModel(kind: .fm, features: 9, dimension: 2, hidden: [], dropout: 0, using: &generator)
        model.firstOrder.data = (0..<9).map { Float($0 + 1) / 10 }
        model.bias.data = [0.5]
        let v = model.embeddings!.data, k = 2
        let singles = Array(0..<6), genres = [6, 8]
        let w = model.firstOrder.data
        var expected = 0.5 + singles.map { w[$0] }.reduce(0, +) + (w[6] + w[8]) / 2
        let fields: [[Float]] = singles.map { Array(v[$0 * k..<($0 + 1) * k]) }
            + [(0..<k).map { (v[6 * k + $0] + v[8 * k + $0]) / 2 }]
        for f in 0..<fields.count { for g in (f + 1)..<fields.count { expected += zip(fields[f], fields[g]).map(*).reduce(0, +) } }
        let logit = model.logits(singles: singles, bags: [genres], training: false, using: &generator)
        #expect(abs(logit.data[0] - expected) < 1e-5)
    }
}
