import Lab
import NeuralNet
import TensorKit
import TopicViews

/// Neural matrix factorisation (He et al. 2017, "Neural Collaborative Filtering") on implicit
/// feedback. Two branches with their own embeddings, fused before the output:
///
///     GMF:  φ_G = p_u^G ⊙ q_i^G
///     MLP:  φ_M = MLP([p_u^M, q_i^M])            (ReLU tower, halving widths)
///     ŷ_ui = sigmoid(h · [φ_G, φ_M])
///
/// trained on binary cross-entropy with each observed (u, i) a positive and `negatives` items
/// the user never interacted with, drawn afresh every step, as negatives. Evaluation: the
/// leave-one-out protocol of the paper, HR@10 and NDCG@10 over 100 candidates per user, next to
/// the same metrics for a ranking by popularity.
public final class NeuMF: PanelProviding {
    public static let entry = ExperimentEntry(
        ExperimentDescriptor(
            id: "rec.neumf", title: "NeuMF (GMF + MLP)", topic: "recommenders",
            summary: "Neural collaborative filtering on implicit feedback: HR@10 and NDCG@10, leave-one-out",
            datasets: ["movielens-100k"], epochs: 10, reproduces: Reproduction("HR@10", 0.62, within: 0.02)),
        settings: [
            .real("learning-rate", 1e-3, in: 1e-6...1, logarithmic: true, live: true, "Adam step size"),
            .real("weight-decay", 0, in: 0...1, live: true, "L2 penalty on all parameters"),
            .integer("batch-size", 256, in: 1...99_000, live: true, "positives per minibatch (applies from the next epoch)"),
            .integer("negatives", 4, in: 1...20, live: true, "sampled negatives per positive"),
            .integer("factors", 8, in: 1...128, "GMF embedding size (the MLP's last layer has the same width)"),
            .integer("mlp-layers", 3, in: 1...4, "MLP layers (widths 8·2^(L-1) ... 8)"),
            RatingSupport.usersHyperparameter,
        ]) { try NeuMF($0) }

    let data: ImplicitData
    private let ratings: RatingData
    private let gmfUsers: Tensor, gmfItems: Tensor, mlpUsers: Tensor, mlpItems: Tensor
    private let tower: MLP, output: Linear
    private let optimizer: Adam
    private var cursor: MinibatchCursor
    private let seenItems: [Set<Int>]
    private var generator: SeededGenerator

    init(_ context: ExperimentContext) throws {
        let hyperparameters = context.settings
        let ratings = try RatingData.load(store: context.store, userLimit: hyperparameters.integer("users"))
        let data = ImplicitData(ratings, seed: context.seed &+ 7)
        var generator = SeededGenerator(seed: context.seed)
        let k = hyperparameters.integer("factors"), layers = hyperparameters.integer("mlp-layers")
        let widths = (0...layers).reversed().map { k << $0 }  // [8·2^L, ..., 8]: input is two halves
        func table(_ rows: Int, _ width: Int) -> Tensor {
            Tensor.randomNormal([rows, width], standardDeviation: 0.01, using: &generator).trainable()
        }
        (gmfUsers, gmfItems) = (table(data.userCount, k), table(data.itemCount, k))
        (mlpUsers, mlpItems) = (table(data.userCount, widths[0] / 2), table(data.itemCount, widths[0] / 2))
        tower = MLP(sizes: widths, using: &generator)
        output = Linear(2 * k, 1, using: &generator)
        seenItems = data.history.map(Set.init)
        optimizer = Adam(Self.parameters(gmfUsers, gmfItems, mlpUsers, mlpItems, tower, output),
                         learningRate: hyperparameters.float("learning-rate"))
        self.generator = generator
        cursor = MinibatchCursor(indices: Array(data.trainUsers.indices), batchSize: hyperparameters.integer("batch-size"),
                                 seed: context.seed &+ 1)
        self.data = data
        self.ratings = ratings
    }

    public var stepsPerEpoch: Int { cursor.stepsPerEpoch }

    /// Logits for (users[r], items[r]) pairs.
    func logits(users: [Int], items: [Int]) -> Tensor {
        let gmf = gmfUsers.gatherRows(users) * gmfItems.gatherRows(items)
        let mlpInput = Tensor.concatenate([mlpUsers.gatherRows(users), mlpItems.gatherRows(items)], axis: 1)
        // The MLP's last layer is linear; NCF puts a ReLU after every tower layer.
        let mlp = tower(mlpInput).relu()
        return output(Tensor.concatenate([gmf, mlp], axis: 1)).reshaped([users.count])
    }

    public func step(_ hyperparameters: HyperparameterSet) throws -> StepReport {
        optimizer.follow(hyperparameters)
        let pairs = cursor.next(batchSize: hyperparameters.integer("batch-size"))
        let negatives = hyperparameters.integer("negatives")
        var users: [Int] = [], items: [Int] = [], labels: [Float] = []
        for pair in pairs {
            let user = data.trainUsers[pair]
            users.append(user); items.append(data.trainItems[pair]); labels.append(1)
            for _ in 0..<negatives {
                var item = generator.nextInt(below: data.itemCount)
                while seenItems[user].contains(item) { item = generator.nextInt(below: data.itemCount) }
                users.append(user); items.append(item); labels.append(0)
            }
        }
        let loss = optimizer.minimize(following: hyperparameters) {
            Loss.binaryCrossEntropyWithLogits(logits(users: users, items: items), targets: labels)
        }
        return StepReport(loss: loss.scalar, examples: users.count)
    }

    public func evaluate(_ hyperparameters: HyperparameterSet) throws -> [Metric] {
        let result = withoutGradients {
            data.hitRateAndNDCG { user, items in logits(users: [Int](repeating: user, count: items.count), items: items).data }
        }
        let popular = data.popularityBaseline()
        return [Metric("HR@10", result.hitRate, higherIsBetter: true), Metric("NDCG@10", result.ndcg, higherIsBetter: true),
                Metric("popularity HR@10", popular.hitRate, higherIsBetter: true),
                Metric("popularity NDCG@10", popular.ndcg, higherIsBetter: true)]
    }

    /// The GMF item embeddings projected to 2-D.
    public func panels(_ hyperparameters: HyperparameterSet) -> [any TopicPanel] {
        [EmbeddingMapPanel.make(title: "NeuMF GMF item embeddings (PCA)", vectors: gmfItems.data,
                                       width: gmfItems.shape[1], data: ratings)]
    }

    public var parameters: [NamedParameter] { optimizer.parameters }

    private static func parameters(_ gmfUsers: Tensor, _ gmfItems: Tensor, _ mlpUsers: Tensor, _ mlpItems: Tensor,
                                   _ tower: MLP, _ output: Linear) -> [NamedParameter] {
        [NamedParameter("gmf.users", gmfUsers), NamedParameter("gmf.items", gmfItems),
         NamedParameter("mlp.users", mlpUsers), NamedParameter("mlp.items", mlpItems)]
            + tower.parameters.prefixed("mlp") + output.parameters.prefixed("output")
    }
}
