import Lab
import NeuralNet
import TensorKit
import TopicViews

/// Collaborative Deep Learning (Wang, Wang & Yeung 2015): a stacked denoising autoencoder
/// (SDAE) over item content, trained jointly with matrix factorisation so that each item's
/// latent vector stays close to what its content encodes:
///
///     z_j = enc(x̃_j)            x̃_j: the content x_j with each present word dropped w.p. `noise`
///     v_j = z_j + ε_j            (the paper's v_j ~ N(z_j, λ_v^-1 I), written as an offset)
///     r̂_uj = mu + b_u + b_j + u_u · v_j         (`biases=false`: u_u · v_j, as in the paper)
///     L = mean (r - r̂)² + λ_n · CE(dec(z_j), x_j) + λ_v |ε_j|² + λ_u |u_u|²
///
/// CE is the binary cross-entropy of the decoded words (`reconstruction=squared`: the paper's
/// squared error of the sigmoid outputs). The content is genres plus title words; the paper used
/// scientific abstracts (citeulike) and movie plots. Metrics: test RMSE and recall@M (the share of each user's liked test movies,
/// rating >= 4, among the M best-scored movies the user has not rated in training).
public final class CDL: ExperimentRun {
    public static let entry = ExperimentEntry(
        ExperimentDescriptor(
            id: "rec.cdl", title: "Collaborative deep learning", topic: "recommenders",
            summary: "A denoising autoencoder over genres and title words, trained jointly with MF",
            datasets: ["movielens-100k"], epochs: 6, reproduces: Reproduction("test RMSE", 0.917, within: 0.005)),
        settings: [
            .real("learning-rate", 5e-3, in: 1e-6...1, logarithmic: true, live: true, "Adam step size"),
            .real("lambda-v", 0.05, in: 0...10, live: true, "λ_v: how closely item vectors follow their content code"),
            .real("lambda-u", 0.05, in: 0...10, live: true, "λ_u: L2 penalty on user vectors"),
            .real("lambda-n", 0.1, in: 0...10, live: true, "λ_n: weight of the reconstruction loss"),
            .real("noise", 0.3, in: 0...0.9, "masking noise of the denoising autoencoder"),
            .integer("factors", 32, in: 1...256, "latent dimension (the SDAE's middle layer)"),
            .integer("hidden", 128, in: 1...1024, "units of the SDAE's outer hidden layers"),
            .integer("batch-size", 512, in: 1...90_000, live: true, "ratings per minibatch (applies from the next epoch)"),
            .integer("recall-at", 50, in: 1...1682, live: true, "M of recall@M"),
            .choice("reconstruction", "cross-entropy", among: ["cross-entropy", "squared"],
                    "the autoencoder's loss: binary cross-entropy of the words, or the paper's squared error"),
            .flag("biases", true, "add the global mean and user and item biases (the paper has none)"),
            RatingSupport.usersHyperparameter,
        ]) { try CDL($0) }

    let data: RatingData
    private let content: ItemContent
    private let encoder: MLP, decoder: MLP
    private let userVectors: Tensor, itemOffsets: Tensor, userBias: Tensor, itemBias: Tensor
    private let optimizer: Adam
    private var cursor: MinibatchCursor
    private var generator: SeededGenerator
    private let usesBiases: Bool
    private let squaredReconstruction: Bool

    init(_ context: ExperimentContext) throws {
        let hyperparameters = context.settings
        usesBiases = hyperparameters.flag("biases")
        squaredReconstruction = hyperparameters.choice("reconstruction") == "squared"
        let data = try RatingData.load(store: context.store, userLimit: hyperparameters.integer("users"))
        let content = ItemContent(data)
        generator = SeededGenerator(seed: context.seed)
        let k = hyperparameters.integer("factors"), hidden = hyperparameters.integer("hidden")
        encoder = MLP(sizes: [content.width, hidden, k], activation: .sigmoid, using: &generator)
        decoder = MLP(sizes: [k, hidden, content.width], activation: .sigmoid, using: &generator)
        userVectors = Tensor.randomNormal([data.userCount, k], standardDeviation: 0.1, using: &generator).trainable()
        itemOffsets = Tensor.zeros([data.itemCount, k]).trainable()
        userBias = Tensor.zeros([data.userCount, 1]).trainable()
        itemBias = Tensor.zeros([data.itemCount, 1]).trainable()
        (self.data, self.content) = (data, content)
        let biases = usesBiases ? [NamedParameter("user_bias", userBias), NamedParameter("item_bias", itemBias)] : []
        optimizer = Adam(encoder.parameters.prefixed("encoder") + decoder.parameters.prefixed("decoder") + [
            NamedParameter("user_vectors", userVectors), NamedParameter("item_offsets", itemOffsets)] + biases,
                         learningRate: hyperparameters.float("learning-rate"))
        cursor = MinibatchCursor(indices: data.train, batchSize: hyperparameters.integer("batch-size"), seed: context.seed &+ 1)
    }

    public var stepsPerEpoch: Int { cursor.stepsPerEpoch }

    /// z_j = enc(x_j) (sigmoid code) for `items`, from `input` content rows.
    private func code(_ input: Tensor) -> Tensor { encoder(input).sigmoid() }

    public func step(_ hyperparameters: HyperparameterSet) throws -> StepReport {
        optimizer.follow(hyperparameters)
        let rows = cursor.next(batchSize: hyperparameters.integer("batch-size"))
        let users = rows.map { data.users[$0] }, items = rows.map { data.items[$0] }
        let clean = content.rows(items), keep = 1 - hyperparameters.float("noise")
        let noisy = clean.map { $0 > 0 && generator.nextUniform() < keep ? Float(1) : 0 }
        optimizer.zeroGradients()
        let z = code(Tensor(shape: [rows.count, content.width], data: noisy))
        let offsets = itemOffsets.gatherRows(items), u = userVectors.gatherRows(users)
        var prediction = ((z + offsets) * u).sum(axis: 1)
        if usesBiases {
            prediction = prediction + userBias.gatherRows(users).reshaped([rows.count])
                + itemBias.gatherRows(items).reshaped([rows.count]) + data.trainMean
        }
        let ratingLoss = Loss.meanSquaredError(prediction, Tensor(shape: [rows.count], data: rows.map { data.ratings[$0] }))
        let decoded = decoder(z)
        let reconstruction = (squaredReconstruction
            ? Loss.meanSquaredError(decoded.sigmoid(), Tensor(shape: decoded.shape, data: clean))
            : Loss.binaryCrossEntropyWithLogits(decoded, targets: clean)) * Float(content.width)
        let penalty = offsets.squared().sum() * (hyperparameters.float("lambda-v") / Float(rows.count))
            + u.squared().sum() * (hyperparameters.float("lambda-u") / Float(rows.count))
        let loss = ratingLoss + reconstruction * hyperparameters.float("lambda-n") + penalty
        loss.backward()
        optimizer.step()
        return StepReport(loss: loss.scalar, examples: rows.count,
                          components: ["rating MSE": ratingLoss.scalar, "reconstruction": reconstruction.scalar])
    }

    /// Item vectors v_j = enc(x_j) + ε_j for every item, `[items, k]` (clean content).
    func itemVectors() -> Tensor {
        withoutGradients {
            let all = Array(0..<data.itemCount)
            return code(Tensor(shape: [all.count, content.width], data: content.rows(all))) + itemOffsets
        }
    }

    /// Predicted ratings of every item for `user`.
    func scores(user: Int, items vectors: Tensor) -> [Float] {
        let k = vectors.shape[1], u = userVectors.data[(user * k)..<((user + 1) * k)]
        return (0..<data.itemCount).map { item in
            var score = usesBiases ? data.trainMean + userBias.data[user] + itemBias.data[item] : 0
            for (f, value) in u.enumerated() { score += value * vectors.data[item * k + f] }
            return score
        }
    }

    public func evaluate(_ hyperparameters: HyperparameterSet) throws -> [Metric] {
        let vectors = itemVectors()
        var table: [Int: [Float]] = [:]
        func score(_ user: Int) -> [Float] {
            if let known = table[user] { return known }
            let computed = scores(user: user, items: vectors)
            table[user] = computed
            return computed
        }
        var metrics = RatingSupport.testMetrics(data) { score($0)[$1] }
        let recallAt = hyperparameters.integer("recall-at")
        metrics.append(Metric("recall@\(recallAt)", recall(at: recallAt, score: score), higherIsBetter: true))
        return metrics
    }

    /// Mean over users of |liked test items in the top M| / |liked test items|.
    private func recall(at m: Int, score: (Int) -> [Float]) -> Double {
        var liked = [[Int]](repeating: [], count: data.userCount), seen = [Set<Int>](repeating: [], count: data.userCount)
        for row in data.test where data.ratings[row] >= 4 { liked[data.users[row]].append(data.items[row]) }
        for row in data.train { seen[data.users[row]].insert(data.items[row]) }
        var total = 0.0, users = 0
        for user in 0..<data.userCount where !liked[user].isEmpty {
            let top = Set(RecommenderMetrics.topK(score(user), k: m, excluding: seen[user]))
            total += Double(liked[user].filter(top.contains).count) / Double(liked[user].count)
            users += 1
        }
        return total / Double(max(users, 1))
    }

    public var parameters: [NamedParameter] { optimizer.parameters }
}
