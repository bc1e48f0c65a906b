import Datasets
import Lab
import NeuralNet
import TensorKit
import TopicViews

/// Session-based recommendation with a recurrent network (Hidasi, Karatzoglou, Baltrunas & Tikk
/// 2016, "Session-based recommendations with recurrent neural networks", GRU4Rec):
///
///     h_t = GRU(onehot(item_t), h_{t-1})       r̂_t = h_t Wᵀ + b       (next-item scores)
///
/// trained on MovieLens sessions (`SessionData`) with session-parallel mini-batches
/// (`SessionParallelBatches`): the state is carried from step to step as a constant and reset
/// where a new session starts, so each step back-propagates through one GRU step, as the
/// authors' code does. Losses: cross-entropy over all items, or TOP1 / BPR over the minibatch's
/// targets as samples (the target's own column included, as in the authors' code). Measured by next-item recall@20 and MRR@20 on later
/// sessions, beside popularity and session item-kNN.
public final class GRU4Rec: PanelProviding {
    public static let entry = ExperimentEntry(
        ExperimentDescriptor(
            id: "rec.gru4rec", title: "Session-based recommendation (GRU4Rec)", topic: "recommenders",
            summary: "A GRU reads MovieLens sessions item by item and ranks the next item; recall@20 and MRR@20 against item-kNN",
            datasets: ["movielens-100k"], epochs: 10, reproduces: Reproduction("recall@20", 0.273, within: 0.01)),
        settings: [
            .real("learning-rate", 0.001, in: 1e-5...1, logarithmic: true, live: true, "step size of the optimizer"),
            .choice("optimizer", "adam", among: OptimizerChoice.names, "update rule (the paper used adagrad)"),
            .choice("loss", SessionLoss.crossEntropy.rawValue, among: SessionLoss.names,
                    "cross-entropy over all items, or TOP1 / BPR against the minibatch's other targets"),
            .integer("hidden", 100, in: 4...1000, "GRU units (the paper: 100 and 1000)"),
            .integer("batch-size", 200, in: 2...1000, "sessions read side by side (parallel lanes)"),
            .real("dropout", 0.3, in: 0...0.9, "dropout on the GRU's output while training"),
            .real("weight-decay", 0, in: 0...1, live: true, "L2 penalty on all parameters"),
            .integer("gap-minutes", 60, in: 1...10_080, "a new session starts after this long without a rating"),
            RatingSupport.usersHyperparameter,
            .integer("shown-session", 1, in: 1...1000, live: true, "test session shown in the guesses panel"),
        ]) { try GRU4Rec($0) }

    /// The paper's cut-off: recall@20 and MRR@20.
    public static let cutoff = 20

    let ratings: RatingData
    let data: SessionData
    let model: SessionGRU
    let loss: SessionLoss
    private let optimizer: any Optimizer
    private var batches: SessionParallelBatches
    private var lanes: [Float]
    private let dropout: Float
    private var generator: SeededGenerator
    /// The baselines' scores on the test sessions (they do not train).
    let popularityResult: NextItemScore, knnResult: NextItemScore
    let knn: SessionItemKNN
    private(set) var stepsTaken = 0

    init(_ context: ExperimentContext) throws {
        let settings = context.settings
        ratings = try RatingData.load(store: context.store, userLimit: settings.integer("users"))
        data = SessionData(ratings, gapSeconds: 60 * settings.integer("gap-minutes"))
        generator = SeededGenerator(seed: context.seed)
        model = SessionGRU(itemCount: data.itemCount, hiddenSize: settings.integer("hidden"), using: &generator)
        loss = SessionLoss(rawValue: settings.choice("loss"))!
        dropout = settings.float("dropout")
        optimizer = OptimizerChoice(rawValue: settings.choice("optimizer"))!
            .make(model.parameters, learningRate: settings.float("learning-rate"))
        let lanes = settings.integer("batch-size")
        guard data.train.contains(where: { $0.count >= 2 }) else {
            throw DatasetError.unusable(dataset: "movielens-100k", reason: "no training session has two ratings less than "
                                        + "\(settings.integer("gap-minutes")) minutes apart (gap-minutes)")
        }
        batches = SessionParallelBatches(sessions: data.train, lanes: lanes, seed: context.seed &+ 1)
        self.lanes = [Float](repeating: 0, count: lanes * model.hiddenSize)
        knn = SessionItemKNN(sessions: data.train, itemCount: data.itemCount)
        popularityResult = data.popularityScore(k: Self.cutoff)
        knnResult = data.itemKNNScore(knn, k: Self.cutoff)
    }

    /// One pass over the training transitions.
    public var stepsPerEpoch: Int { (data.trainTransitions + batches.lanes - 1) / batches.lanes }

    public func step(_ settings: HyperparameterSet) throws -> StepReport {
        let batch = batches.next()
        let width = model.hiddenSize
        for (lane, started) in batch.started.enumerated() where started {
            for j in 0..<width { lanes[lane * width + j] = 0 }
        }
        var next: Tensor?
        let value = optimizer.minimize(following: settings) {
            let hidden = model.step(batch.inputs, hidden: Tensor(shape: [batch.inputs.count, width], data: lanes))
            next = hidden
            let output = dropout > 0 ? hidden.dropout(rate: dropout, using: &generator) : hidden
            return loss.loss(model, hidden: output, targets: batch.targets)
        }
        lanes = next!.data
        stepsTaken += 1
        return StepReport(loss: value.scalar, examples: batch.inputs.count)
    }

    /// recall@20 and MRR@20 of the GRU on the test sessions.
    func testScore() -> NextItemScore {
        let width = model.hiddenSize
        var states = [Float](repeating: 0, count: data.test.count * width)
        return withoutGradients {
            data.evaluate(k: Self.cutoff) { _, sessions, items in
                var rows: [Float] = []
                rows.reserveCapacity(sessions.count * width)
                for session in sessions { rows += states[(session * width)..<((session + 1) * width)] }
                let hidden = model.step(items, hidden: Tensor(shape: [sessions.count, width], data: rows))
                for (row, session) in sessions.enumerated() {
                    states.replaceSubrange((session * width)..<((session + 1) * width),
                                           with: hidden.data[(row * width)..<((row + 1) * width)])
                }
                return model.scores(hidden).data
            }
        }
    }

    public func evaluate(_ settings: HyperparameterSet) throws -> [Metric] {
        let gru = testScore()
        let k = Self.cutoff
        return [Metric("recall@\(k)", gru.recall, higherIsBetter: true),
                Metric("MRR@\(k)", gru.meanReciprocalRank, higherIsBetter: true),
                Metric("item-kNN recall@\(k)", knnResult.recall, higherIsBetter: true),
                Metric("item-kNN MRR@\(k)", knnResult.meanReciprocalRank, higherIsBetter: true),
                Metric("popularity recall@\(k)", popularityResult.recall, higherIsBetter: true),
                Metric("popularity MRR@\(k)", popularityResult.meanReciprocalRank, higherIsBetter: true)]
    }

    public var parameters: [NamedParameter] { model.parameters }
}
