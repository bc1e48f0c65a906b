import Foundation
import Testing
import Lab
import TensorKit
import TestSupport
import TopicViews
@testable import Recommenders

/// Session data, session-parallel batches, the baselines, and YouTube DNN / GRU4Rec on slices of
/// real MovieLens data.
@Suite(.serialized) struct SequenceExperimentTests {
    // MARK: - Sessions

    @Test func sessionsAreCutAtTheGapAndTestSessionsComeLater() throws {
        let ratings = try RatingData.load(store: try RealData.store(), userLimit: 200)
        let hourly = SessionData(ratings, gapSeconds: 3600)
        let daily = SessionData(ratings, gapSeconds: 86_400)
        #expect(hourly.train.count + hourly.test.count > daily.train.count + daily.test.count)
        #expect((hourly.train + hourly.test).allSatisfy { $0.count >= 2 })
        #expect(hourly.test.allSatisfy { $0.allSatisfy { hourly.popularity[$0] > 0 } }, "a test item never seen in training")
        // Every rating of the slice is in exactly one training session or dropped (one-event sessions, late unseen items).
        let trainEvents = hourly.train.reduce(0) { $0 + $1.count }
        #expect(trainEvents == hourly.popularity.reduce(0, +))
        #expect(trainEvents + hourly.test.reduce(0) { $0 + $1.count } <= ratings.users.count)
        #expect(hourly.trainTransitions == trainEvents - hourly.train.count)
        // Sessions follow a user's time order: each one's consecutive gaps are within the hour.
        var rowsByUser = [Int: [Int]]()
        for row in ratings.users.indices { rowsByUser[ratings.users[row], default: []].append(row) }
        let first = rowsByUser[0]!.sorted { (ratings.timestamps[$0], $0) < (ratings.timestamps[$1], $1) }
        let firstSession = first.prefix { row in
            row == first[0] || ratings.timestamps[row] - ratings.timestamps[first[first.firstIndex(of: row)! - 1]] <= 3600
        }.map { ratings.items[$0] }
        #expect(hourly.train.contains(firstSession) || firstSession.count < 2)
    }

    /// The counts lesson recommenders/10 states for the default one-hour rule.
    @Test func fullDataSessionCountsAreTheLessons() throws {
        let data = SessionData(try RatingData.load(store: try RealData.store()))
        #expect(data.train.count == 1_981 && data.train.reduce(0) { $0 + $1.count } == 90_826 && data.trainTransitions == 88_845)
        #expect(data.test.count == 213 && data.test.reduce(0) { $0 + $1.count } == 8_564 && data.testPredictions == 8_351)
        #expect(data.train.map(\.count).max() == 737 && data.popularity.filter { $0 > 0 }.count == 1_636)
    }

    @Test func sessionParallelBatchesReadEachSessionInOrderAndFlagNewOnes() {
        let sessions = [[1, 2, 3], [4, 5], [6, 7, 8, 9]]
        var batches = SessionParallelBatches(sessions: sessions, lanes: 2, seed: 1)
        var pairs: [[Int]] = [], starts = 0
        var lastTarget = [Int?](repeating: nil, count: 2)
        for _ in 0..<12 {
            let batch = batches.next()
            #expect(batch.inputs.count == 2 && batch.targets.count == 2)
            for lane in 0..<2 {
                if batch.started[lane] { starts += 1 } else { #expect(batch.inputs[lane] == lastTarget[lane], "a lane skipped an event") }
                lastTarget[lane] = batch.targets[lane]
                pairs.append([batch.inputs[lane], batch.targets[lane]])
            }
        }
        let transitions: Set<[Int]> = [[1, 2], [2, 3], [4, 5], [6, 7], [7, 8], [8, 9]]
        #expect(Set(pairs) == transitions, "every step pairs an event with the next one of its session")
        #expect(starts >= 4)
    }

    @Test func itemKNNIsTheRegularisedCosineOfSessionVectors() {
        let knn = SessionItemKNN(sessions: [[0, 1], [0, 1, 2], [1, 2]], itemCount: 4, regularization: 1)
        // Items 0 and 1 share 2 sessions; 0 is in 2, 1 in 3: 2 / (sqrt(6) + 1).
        #expect(abs(knn.neighbours(of: 0)[1] - 2 / (Float(6).squareRoot() + 1)) < 1e-6)
        #expect(knn.neighbours(of: 1)[0] == knn.neighbours(of: 0)[1])
        #expect(knn.neighbours(of: 0)[0] == 0 && knn.neighbours(of: 3).allSatisfy { $0 == 0 })
    }

    @Test func nextItemScoreRanksAmongUnseenItems() {
        var score = NextItemScore()
        let scores: [Float] = [0.9, 0.1, 0.5, 0.7]
        scores.withUnsafeBufferPointer { all in
            score.add(scores: all, target: 2, seen: [true, false, false, false], k: 2)   // item 0 left out: rank 2
            score.add(scores: all, target: 1, seen: [false, false, false, false], k: 2)  // rank 4: a miss
        }
        #expect(score.count == 2 && score.recall == 0.5)
        #expect(abs(score.meanReciprocalRank - 0.25) < 1e-9)
    }

    // MARK: - GRU4Rec

    @Test func gru4RecBeatsPopularityOnASlice() throws {
        let run = try train(GRU4Rec.entry, ["users=300", "learning-rate=0.003"], epochs: 3)
        let last = run.epochs.last!
        #expect(last.trainLoss < run.epochs[0].trainLoss)
        #expect(last.metric("recall@20")! > last.metric("popularity recall@20")!, "\(last.metrics)")
        #expect(last.metric("MRR@20")! > last.metric("popularity MRR@20")!, "\(last.metrics)")
        #expect(last.metric("recall@20")! > run.before.value("recall@20")!, "\(run.before) -> \(last.metrics)")
    }

    @Test(arguments: ["top1", "bpr"]) func gru4RecRankingLossesTrain(loss: String) throws {
        let session = try GRU4Rec.entry.session(["users=150", "loss=\(loss)", "batch-size=50"])
        let first = try session.step().loss
        for _ in 0..<60 { try session.step() }
        let later = (0..<10).map { _ in try? session.step().loss }.compactMap { $0 }
        #expect(later.reduce(0, +) / Float(later.count) < first, "\(loss): \(first) -> \(later)")
    }

    @Test func gru4RecPanelsShowASessionAndATypedOne() throws {
        let session = try GRU4Rec.entry.session(["users=150"])
        try session.runEpoch()
        let run = session.experiment(as: GRU4Rec.self)
        let panels = session.panels + run.panels(forInput: "star wars; empire strikes", settings: session.settings)
        #expect(panels.map(\.title) == ["Next-item guesses: a test session", "Your session: next-item guesses"])
        for panel in panels { #expect(confinementViolations(panel).isEmpty) }
        let typed = panels[1].lines(width: 100, height: 14).joined(separator: "\n")
        #expect(typed.contains("Star Wars") && typed.contains("Empire Strikes Back"), "\(typed)")
        let missing = run.panels(forInput: "zzzz", settings: session.settings)[0].lines(width: 80, height: 3).joined()
        #expect(missing.contains("no movie title contains"))
    }

    // MARK: - YouTube DNN

    /// With one held-out item per user the split is the two-tower model's leave-one-out split.
    @Test func oneHeldOutItemIsTheLeaveOneOutSplit() throws {
        let ratings = try RatingData.load(store: try RealData.store(), userLimit: 100)
        let histories = WatchHistories(ratings, heldOut: 1), implicit = ImplicitData(ratings, seed: 1)
        #expect(histories.history == implicit.history)
        #expect(histories.heldOut.map { $0[0] } == implicit.heldOut)
        #expect(histories.popularity == implicit.popularity)
        let later = WatchHistories(ratings, heldOut: 5)
        for user in 0..<100 {
            #expect(later.heldOut[user].count == 5 && later.history[user] + later.heldOut[user] == implicit.history[user] + [implicit.heldOut[user]])
            #expect(later.times[user] == later.times[user].sorted())
        }
    }

    @Test func earlierContextHoldsOnlyEarlierItemsAndAllLeaksLaterOnes() throws {
        let ratings = try RatingData.load(store: try RealData.store(), userLimit: 20)
        let data = WatchHistories(ratings, heldOut: 3)
        let items = data.history[0]
        let earlier = data.context(user: 0, position: 5, bagSize: 50, leaky: false)
        #expect(earlier == Array(items[0..<5]))
        #expect(data.context(user: 0, position: 30, bagSize: 4, leaky: false) == Array(items[26..<30]))
        let all = data.context(user: 0, position: 5, bagSize: 50, leaky: true)
        #expect(!all.contains(items[5]) && all.contains(items.last!) && all.count == min(50, items.count - 1))
        #expect(data.servingContext(user: 0, bagSize: 50) == Array(items.suffix(50)))
    }

    @Test(arguments: ["earlier", "all"]) func youTubeDNNBeatsPopularityOnASlice(context: String) throws {
        let run = try train(YouTubeDNN.entry, ["users=300", "context=\(context)"], epochs: 3)
        let last = run.epochs.last!
        #expect(last.trainLoss < run.epochs[0].trainLoss)
        #expect(last.metric("recall@50")! > last.metric("popularity recall@50")!, "\(context): \(last.metrics)")
        #expect(last.metric("HR@50")! >= last.metric("recall@50")!)
    }

    @Test func youTubeDNNFullSoftmaxAndExampleAgeTrain() throws {
        let run = try train(YouTubeDNN.entry, ["users=150", "negatives=0", "example-age=true"], epochs: 2)
        #expect(run.epochs.last!.trainLoss < run.epochs[0].trainLoss)
        #expect(run.epochs.last!.metric("recall@50")! > run.before.value("recall@50")!)
    }

    /// The sampled softmax with the whole catalogue sampled is close to the full softmax.
    @Test func sampledSoftmaxApproachesTheFullSoftmax() throws {
        let session = try YouTubeDNN.entry.session(["users=50"])
        let run = session.experiment(as: YouTubeDNN.self)
        let u = run.userVectors([0, 1, 2], bags: [[1, 2], [3], [4, 5, 6]], exampleAges: nil)
        let full = Loss.softmaxCrossEntropy(run.model.logits(u), labels: [7, 8, 9]).scalar
        // Every item sampled once with Q uniform: log(M Q) = 0, and the label's own column is an accidental hit.
        let n = run.data.itemCount
        let sampled = run.sampledSoftmaxLoss(u, labels: [7, 8, 9], sampled: Array(0..<n),
                                             logQ: [Float](repeating: -Float(log(Double(n))), count: n)).scalar
        #expect(abs(full - sampled) < 1e-4, "full \(full) sampled \(sampled)")
    }

    @Test func youTubeDNNPanelsShowHistoryCandidatesAndNeighbours() throws {
        let session = try YouTubeDNN.entry.session(["users=100"])
        try session.runEpoch()
        let run = session.experiment(as: YouTubeDNN.self)
        let panels = session.panels + run.panels(forInput: "toy story", settings: session.settings)
        #expect(panels.map(\.title) == ["History and candidates", "Nearest output vectors", "Nearest to your movie"])
        for panel in panels { #expect(confinementViolations(panel).isEmpty) }
        let nearest = panels[2].lines(width: 90, height: 12).joined(separator: "\n")
        #expect(nearest.contains("nearest to Toy Story ("), "\(nearest)")
    }
}
