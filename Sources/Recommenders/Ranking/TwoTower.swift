#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Lab
import NeuralNet
import TensorKit
import TopicViews

/// Two-tower retrieval with in-batch negatives (Yi et al. 2019, "Sampling-bias-corrected
/// neural modeling for large corpus item recommendations"), with the user side of YouTube's
/// candidate generation (Covington, Adams & Sargin 2016: a user is the average of the embeddings
/// of what they watched, plus who they are):
///
///     user tower:  u = MLP_U([e_age, e_gender, e_occupation, mean_{j ∈ context} e_j])
///     item tower:  v = MLP_I([e_item, mean_{g ∈ genres(i)} e_g, e_decade])
///     p(i | u) = softmax_i(u · v_i)    over the other positives of the minibatch
///
/// The softmax over all 1,682 items is approximated by the minibatch's other positives
/// (in-batch negatives) with the log-Q correction: each logit has log(popularity share of its
/// item) subtracted, since popular items are sampled more often. A training example's context is
/// the items the user rated before it (`context=earlier`, Covington's "rollback", which predicts
/// the next watch from the past only), or every other item of the user's training history
/// (`context=all`, the held-out-item setup Covington et al. warn "leaks future information").
/// Evaluation: each user's latest item, held out, ranked among all items the user has not seen
/// given everything before it; recall@K is the share of users whose item lands in the top K
/// (with a popularity ranking for comparison).
public final class TwoTower: ExperimentRun {
    public static let entry = ExperimentEntry(
        ExperimentDescriptor(
            id: "rec.two-tower", title: "Two-tower retrieval with in-batch negatives", topic: "recommenders",
            summary: "User tower (features + mean of earlier items) and item tower, in-batch softmax with log-Q correction, recall@K",
            datasets: ["movielens-100k"], epochs: 10, reproduces: Reproduction("recall@50", 0.37, within: 0.02)),
        settings: [
            .real("learning-rate", 2e-3, in: 1e-6...1, logarithmic: true, live: true, "Adam step size"),
            .real("weight-decay", 0, in: 0...1, live: true, "L2 penalty on all parameters"),
            .integer("batch-size", 512, in: 2...20_000, live: true, "positives per minibatch = sampled negatives + 1"),
            .integer("dimension", 32, in: 2...256, "embedding and output size"),
            .flag("logq-correction", true, live: true, "subtract log of each item's sampling probability"),
            .choice("context", "earlier", among: ["earlier", "all"], live: true,
                    "a training example's history: the items rated before it, or all the user's others (leaks the future)"),
            .integer("recall-at", 50, in: 1...1682, live: true, "K of recall@K"),
            RatingSupport.usersHyperparameter,
        ]) { try TwoTower($0) }

    private let ratings: RatingData
    let data: ImplicitData
    private let tables: [String: Tensor]
    private let userTower: MLP, itemTower: MLP
    private let optimizer: Adam
    private var cursor: MinibatchCursor
    private let logPopularity: [Float]

    init(_ context: ExperimentContext) throws {
        let hyperparameters = context.settings
        let ratings = try RatingData.load(store: context.store, userLimit: hyperparameters.integer("users"))
        let data = ImplicitData(ratings, seed: context.seed &+ 7)
        var generator = SeededGenerator(seed: context.seed)
        let d = hyperparameters.integer("dimension")
        func table(_ rows: Int) -> Tensor { Tensor.randomNormal([rows, d], standardDeviation: 0.05, using: &generator).trainable() }
        tables = ["age": table(RatingData.ageBucketCount), "gender": table(2), "occupation": table(ratings.occupationNames.count),
                  "history": table(data.itemCount), "item": table(data.itemCount), "genre": table(ratings.genreNames.count),
                  "decade": table(RatingData.decadeCount)]
        userTower = MLP(sizes: [4 * d, 2 * d, d], using: &generator)
        itemTower = MLP(sizes: [3 * d, 2 * d, d], using: &generator)
        let total = Float(max(data.trainItems.count, 1))
        logPopularity = data.popularity.map { logf(max(Float($0), 0.5) / total) }
        (self.ratings, self.data) = (ratings, data)
        optimizer = Adam(Self.parameters(tables, userTower, itemTower), learningRate: hyperparameters.float("learning-rate"))
        cursor = MinibatchCursor(indices: Array(data.trainUsers.indices), batchSize: hyperparameters.integer("batch-size"),
                                 seed: context.seed &+ 1)
    }

    public var stepsPerEpoch: Int { cursor.stepsPerEpoch }

    /// User vectors `[users.count, d]` from features and history bags.
    func userVectors(_ users: [Int], histories: [[Int]]) -> Tensor {
        let r = ratings
        let features = Tensor.concatenate([
            tables["age"]!.gatherRows(users.map { RatingData.ageBucket(r.ages[$0]) }),
            tables["gender"]!.gatherRows(users.map { r.genders[$0] }),
            tables["occupation"]!.gatherRows(users.map { r.occupations[$0] }),
            tables["history"]!.embeddingBag(histories, mean: true)], axis: 1)
        return userTower(features)
    }

    /// Item vectors `[items.count, d]`.
    func itemVectors(_ items: [Int]) -> Tensor {
        let r = ratings
        let features = Tensor.concatenate([
            tables["item"]!.gatherRows(items), tables["genre"]!.embeddingBag(items.map { r.itemGenres[$0] }, mean: true),
            tables["decade"]!.gatherRows(items.map { RatingData.decade(r.years[$0]) })], axis: 1)
        return itemTower(features)
    }

    public func step(_ hyperparameters: HyperparameterSet) throws -> StepReport {
        optimizer.follow(hyperparameters)
        let pairs = cursor.next(batchSize: hyperparameters.integer("batch-size"))
        let users = pairs.map { data.trainUsers[$0] }, items = pairs.map { data.trainItems[$0] }
        let earlier = hyperparameters.choice("context") == "earlier"
        let histories = pairs.map { pair -> [Int] in
            let user = data.trainUsers[pair], position = data.trainPositions[pair]
            return earlier ? Array(data.history[user][..<position])
                           : Array(data.history[user][..<position] + data.history[user][(position + 1)...])
        }
        let loss = optimizer.minimize(following: hyperparameters) {
            // logits[a, b] = u_a · v_b (- log Q_b): row a's positive is column a.
            var logits = userVectors(users, histories: histories).matmul(itemVectors(items), transposeOther: true)
            if hyperparameters.flag("logq-correction") {
                logits = logits - Tensor(shape: [items.count], data: items.map { logPopularity[$0] })
            }
            return Loss.softmaxCrossEntropy(logits, labels: Array(0..<items.count))
        }
        return StepReport(loss: loss.scalar, examples: items.count)
    }

    /// Scores of every item for `users` (their full training histories), `[users.count, items]`.
    func scoreAll(_ users: [Int]) -> Tensor {
        withoutGradients {
            userVectors(users, histories: users.map { data.history[$0] })
                .matmul(itemVectors(Array(0..<data.itemCount)), transposeOther: true)
        }
    }

    public func evaluate(_ hyperparameters: HyperparameterSet) throws -> [Metric] {
        let k = hyperparameters.integer("recall-at"), users = data.evaluatedUsers
        let scores = scoreAll(users), n = data.itemCount
        let popularity = data.popularity.map(Float.init)
        var hits = 0.0, popularHits = 0.0
        for (row, user) in users.enumerated() {
            let seen = Set(data.history[user])
            let own = Array(scores.data[(row * n)..<((row + 1) * n)])
            if RecommenderMetrics.topK(own, k: k, excluding: seen).contains(data.heldOut[user]) { hits += 1 }
            if RecommenderMetrics.topK(popularity, k: k, excluding: seen).contains(data.heldOut[user]) { popularHits += 1 }
        }
        let count = Double(max(users.count, 1))
        return [Metric("recall@\(k)", hits / count, higherIsBetter: true),
                Metric("popularity recall@\(k)", popularHits / count, higherIsBetter: true)]
    }

    public var parameters: [NamedParameter] { optimizer.parameters }

    private static func parameters(_ tables: [String: Tensor], _ userTower: MLP, _ itemTower: MLP) -> [NamedParameter] {
        tables.keys.sorted().map { NamedParameter("embedding.\($0)", tables[$0]!) }
            + userTower.parameters.prefixed("user_tower") + itemTower.parameters.prefixed("item_tower")
    }
}
