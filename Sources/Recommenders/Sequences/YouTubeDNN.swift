#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Datasets
import Lab
import NeuralNet
import TensorKit
import TopicViews

/// YouTube's deep candidate generation (Covington, Adams & Sargin 2016, "Deep neural networks for
/// YouTube recommendations", §3):
///
///     x = [mean_{j ∈ bag} e_j, e_occupation, age / 100, gender, example age]
///     u = relu(W_2 relu(W_1 x + b_1) + b_2)                  the user vector
///     P(next = i | user, context) = exp(u · v_i + c_i) / Σ_j exp(u · v_j + c_j)
///
/// The v_i are the softmax's own weights (a separate output embedding), trained by sampled
/// softmax: each minibatch scores its labels and `negatives` items drawn from the popularity
/// distribution Q, with log(expected count) subtracted from each logit (Jean et al. 2015) and
/// accidental hits removed. The label of a training example is the *next* item of a user's
/// history and the bag the items just before it (the paper's "rollback", Fig. 5b);
/// `context=all` gives the whole history instead (Fig. 5a), which leaks later items into the
/// input. Evaluation: each user's later items (the last `held-out` ratings by time), ranked
/// among all items they did not rate in training, by recall@K and HR@K, beside popularity.
public final class YouTubeDNN: PanelProviding {
    public static let entry = ExperimentEntry(
        ExperimentDescriptor(
            id: "rec.youtube-dnn", title: "YouTube candidate generation", topic: "recommenders",
            summary: "Averaged history embeddings + demographics, a ReLU tower, sampled softmax over all movies; predicts each user's later movies",
            datasets: ["movielens-100k"], epochs: 10, reproduces: Reproduction("recall@50", 0.394, within: 0.01)),
        settings: [
            .real("learning-rate", 0.002, in: 1e-6...1, logarithmic: true, live: true, "Adam step size"),
            .real("weight-decay", 0, in: 0...1, live: true, "L2 penalty on all parameters"),
            .integer("batch-size", 256, in: 2...20_000, live: true, "examples per minibatch (applies from the next epoch)"),
            .integer("dimension", 64, in: 2...256, "size of item embeddings, output vectors and the user vector"),
            .integer("hidden", 256, in: 2...2048, "units of the tower's first ReLU layer"),
            .integer("negatives", 256, in: 0...1682, "items sampled per minibatch for the softmax (0: the full softmax)"),
            .integer("bag-size", 50, in: 1...1000, "most recent history items averaged into the input (the paper: 50)"),
            .choice("context", "earlier", among: ["earlier", "all"],
                    "earlier: only items before the label; all: the whole training history (leaks later items)"),
            .flag("example-age", false, "feed the label's age (t_max - t) while training, 0 when serving"),
            .integer("held-out", 10, in: 1...19, "each user's latest ratings held out as the later items to predict"),
            .integer("recall-at", 50, in: 1...1682, live: true, "K of recall@K and HR@K"),
            RatingSupport.usersHyperparameter,
            .integer("shown-user", 1, in: 1...943, live: true, "user whose history and candidates are shown"),
            .integer("shown-item", 50, in: 1...1682, live: true, "item whose nearest output vectors are shown"),
        ]) { try YouTubeDNN($0) }

    let ratings: RatingData
    let data: WatchHistories
    let model: CandidateGenerator
    private let optimizer: Adam
    private var cursor: MinibatchCursor
    private let examples: [(user: Int, position: Int)]
    private let bagSize: Int, negatives: Int, leaky: Bool, usesExampleAge: Bool
    private var generator: SeededGenerator
    /// Cumulative popularity distribution Q for sampling negatives, and log Q per item.
    private let cumulative: [Double], logQ: [Float]
    let popularityResult: (k: Int, recall: Double, hitRate: Double)

    init(_ context: ExperimentContext) throws {
        let settings = context.settings
        ratings = try RatingData.load(store: context.store, userLimit: settings.integer("users"))
        data = WatchHistories(ratings, heldOut: settings.integer("held-out"))
        generator = SeededGenerator(seed: context.seed)
        usesExampleAge = settings.flag("example-age")
        model = CandidateGenerator(itemCount: data.itemCount, occupationCount: ratings.occupationNames.count,
                                   dimension: settings.integer("dimension"), hidden: settings.integer("hidden"),
                                   extraFeatures: usesExampleAge ? 1 : 0, using: &generator)
        optimizer = Adam(model.parameters, learningRate: settings.float("learning-rate"))
        examples = data.examples
        guard !examples.isEmpty else {
            throw DatasetError.unusable(dataset: "movielens-100k", reason: "no user has two training ratings (an earlier one and a later one)")
        }
        cursor = MinibatchCursor(indices: Array(examples.indices), batchSize: settings.integer("batch-size"), seed: context.seed &+ 1)
        (bagSize, negatives, leaky) = (settings.integer("bag-size"), settings.integer("negatives"), settings.choice("context") == "all")
        let total = Double(max(data.popularity.reduce(0, +), 1))
        var running = 0.0
        cumulative = data.popularity.map { running += Double($0) / total; return running }
        logQ = data.popularity.map { logf(max(Float($0), 0.5) / Float(total)) }
        let k = settings.integer("recall-at"), popularity = data.popularity.map(Float.init)
        let baseline = data.recallAndHitRate(k: k, users: data.evaluatedUsers) { _ in popularity }
        popularityResult = (k, baseline.recall, baseline.hitRate)
    }

    public var stepsPerEpoch: Int { cursor.stepsPerEpoch }

    /// The user features of `users` with bags `bags` (example ages: nil at serving time).
    func userVectors(_ users: [Int], bags: [[Int]], exampleAges: [Float]?) -> Tensor {
        let r = ratings
        var features = [Float]()
        for (row, user) in users.enumerated() {
            features += [Float(r.ages[user]) / 100, Float(r.genders[user])]
            if usesExampleAge { features.append(exampleAges?[row] ?? 0) }
        }
        return model.userVector(bags: bags, occupations: users.map { r.occupations[$0] },
                                features: Tensor(shape: [users.count, features.count / max(users.count, 1)], data: features))
    }

    /// Draws `count` items from Q (with replacement).
    private func sampleNegatives(_ count: Int) -> [Int] {
        (0..<count).map { _ in
            let u = Double(generator.nextUniform())
            var low = 0, high = cumulative.count - 1
            while low < high {
                let middle = (low + high) / 2
                if cumulative[middle] < u { low = middle + 1 } else { high = middle }
            }
            return low
        }
    }

    public func step(_ settings: HyperparameterSet) throws -> StepReport {
        let rows = cursor.next(batchSize: settings.integer("batch-size"))
        let batch = rows.map { examples[$0] }
        let users = batch.map(\.user), labels = batch.map { data.history[$0.user][$0.position] }
        let bags = batch.map { data.context(user: $0.user, position: $0.position, bagSize: bagSize, leaky: leaky) }
        let span = Float(max(data.lastTime - data.firstTime, 1))
        let ages = batch.map { Float(data.lastTime - data.times[$0.user][$0.position]) / span }
        let sampled = negatives > 0 ? sampleNegatives(negatives) : []
        let loss = optimizer.minimize(following: settings) {
            let u = userVectors(users, bags: bags, exampleAges: ages)
            return negatives > 0 ? sampledSoftmaxLoss(u, labels: labels, sampled: sampled)
                                 : Loss.softmaxCrossEntropy(model.logits(u), labels: labels)
        }
        return StepReport(loss: loss.scalar, examples: rows.count)
    }

    /// Sampled softmax: logits of [label, sampled...] with log(M Q) subtracted, accidental hits
    /// (a sampled item equal to the row's label) pushed to -1e9; cross-entropy on column 0.
    func sampledSoftmaxLoss(_ u: Tensor, labels: [Int], sampled: [Int], logQ: [Float]? = nil) -> Tensor {
        let m = Float(sampled.count), logQ = logQ ?? self.logQ
        let positive = model.logits(u, ofRowItems: labels)
            - Tensor(shape: [labels.count], data: labels.map { logQ[$0] + logf(m) })
        var correction = [Float](repeating: 0, count: labels.count * sampled.count)
        for (row, label) in labels.enumerated() {
            for (column, item) in sampled.enumerated() {
                correction[row * sampled.count + column] = item == label ? 1e9 : logQ[item] + logf(m)
            }
        }
        let negative = model.logits(u, of: sampled) - Tensor(shape: [labels.count, sampled.count], data: correction)
        let logits = Tensor.concatenate([positive.reshaped([-1, 1]), negative], axis: 1)
        return Loss.softmaxCrossEntropy(logits, labels: [Int](repeating: 0, count: labels.count))
    }

    /// Scores of every item for `users` at serving time: `[users.count, items]`.
    func scoreAll(_ users: [Int]) -> Tensor {
        withoutGradients {
            model.logits(userVectors(users, bags: users.map { data.servingContext(user: $0, bagSize: bagSize) }, exampleAges: nil))
        }
    }

    public func evaluate(_ settings: HyperparameterSet) throws -> [Metric] {
        let k = settings.integer("recall-at"), users = data.evaluatedUsers, n = data.itemCount
        let scores = scoreAll(users)
        var rowOf: [Int: Int] = [:]
        for (row, user) in users.enumerated() { rowOf[user] = row }
        let result = data.recallAndHitRate(k: k, users: users) { user in
            Array(scores.data[(rowOf[user]! * n)..<((rowOf[user]! + 1) * n)])
        }
        let popularity = popularityResult.k == k ? (recall: popularityResult.recall, hitRate: popularityResult.hitRate)
            : data.recallAndHitRate(k: k, users: users) { _ in self.data.popularity.map(Float.init) }
        return [Metric("recall@\(k)", result.recall, higherIsBetter: true),
                Metric("HR@\(k)", result.hitRate, higherIsBetter: true),
                Metric("popularity recall@\(k)", popularity.recall, higherIsBetter: true),
                Metric("popularity HR@\(k)", popularity.hitRate, higherIsBetter: true)]
    }

    public var parameters: [NamedParameter] { model.parameters }
}

/// The network of `YouTubeDNN`: input embeddings, the ReLU tower and the output embedding.
final class CandidateGenerator: ParameterContainer {
    /// Input item embeddings (averaged over the bag) and occupation embeddings.
    let items: Tensor, occupations: Tensor
    let tower: [Linear]
    /// The softmax's weights v_i `[items, d]` and biases c_i.
    let output: Tensor, outputBias: Tensor

    init(itemCount: Int, occupationCount: Int, dimension d: Int, hidden: Int, extraFeatures: Int,
         using generator: inout SeededGenerator) {
        items = Tensor.randomNormal([itemCount, d], standardDeviation: 0.05, using: &generator).trainable()
        let occupationWidth = 8
        occupations = Tensor.randomNormal([occupationCount, occupationWidth], standardDeviation: 0.05, using: &generator).trainable()
        let inputs = d + occupationWidth + 2 + extraFeatures
        tower = [Linear(inputs, hidden, initializer: .heNormal, using: &generator),
                 Linear(hidden, d, initializer: .heNormal, using: &generator)]
        output = Tensor.randomNormal([itemCount, d], standardDeviation: 0.05, using: &generator).trainable()
        outputBias = Tensor.zeros([itemCount]).trainable()
    }

    /// u = relu(W_2 relu(W_1 x + b_1) + b_2): `[rows, d]`.
    func userVector(bags: [[Int]], occupations ids: [Int], features: Tensor) -> Tensor {
        let x = Tensor.concatenate([items.embeddingBag(bags, mean: true), occupations.gatherRows(ids), features], axis: 1)
        return tower[1](tower[0](x).relu()).relu()
    }

    /// u vᵢᵀ + cᵢ for every item: `[rows, items]`.
    func logits(_ u: Tensor) -> Tensor { u.affine(weight: output, bias: outputBias, transposeWeight: true) }

    /// u vᵢᵀ + cᵢ for the given items: `[rows, items.count]`.
    func logits(_ u: Tensor, of chosen: [Int]) -> Tensor {
        u.matmul(output.gatherRows(chosen), transposeOther: true) + outputBias.reshaped([-1, 1]).gatherRows(chosen).reshaped([chosen.count])
    }

    /// u_r · v_{items[r]} + c_{items[r]}, one item per row: `[rows]`.
    func logits(_ u: Tensor, ofRowItems chosen: [Int]) -> Tensor {
        (u * output.gatherRows(chosen)).sum(axis: 1) + outputBias.reshaped([-1, 1]).gatherRows(chosen).reshaped([chosen.count])
    }

    var parameters: [NamedParameter] {
        [NamedParameter("embedding.items", items), NamedParameter("embedding.occupation", occupations)]
            + tower.enumerated().flatMap { $1.parameters.prefixed("tower.\($0)") }
            + [NamedParameter("output.weight", output), NamedParameter("output.bias", outputBias)]
    }
}
