import Lab
import NeuralNet
import TensorKit
import TopicViews

/// Click-through prediction on MovieLens 100K (a rating of 4 or 5 is a click) with one of the
/// models of ``CTRModel``: LR, FM, Wide & Deep, DeepFM or NFM. Metrics: test AUC and log loss.
public final class CTRExperiment: PanelProviding {
    /// The catalog entry of `kind`: id `rec.<kind>`.
    static func entry(_ kind: CTRModel.Kind) -> ExperimentEntry {
        ExperimentEntry(describe(kind), settings: settings(kind)) { try CTRExperiment(kind, $0) }
    }

    static func describe(_ kind: CTRModel.Kind) -> ExperimentDescriptor {
        let (title, summary): (String, String) = switch kind {
        case .lr: ("Logistic regression (CTR)", "One weight per feature value: the wide part of every CTR model")
        case .fm: ("Factorisation machine (CTR)", "LR plus pairwise field interactions <v_f, v_g> (Rendle 2010)")
        case .wideDeep: ("Wide & Deep (CTR)", "LR (wide) plus an MLP over field embeddings (deep), trained jointly")
        case .deepFM: ("DeepFM (CTR)", "FM and an MLP sharing one embedding table (Guo et al. 2017)")
        case .nfm: ("Neural FM (CTR)", "An MLP over bi-interaction pooled embeddings (He & Chua 2017)")
        }
        // Test AUC after 8 epochs, mean of seeds 1-3 (lesson recommenders/07).
        let auc: Double = switch kind { case .lr: 0.7736; case .fm: 0.7873; case .wideDeep: 0.7952; case .deepFM: 0.7953; case .nfm: 0.7917 }
        return ExperimentDescriptor(id: "rec.\(kind.rawValue)", title: title, topic: "recommenders",
                                    summary: summary, datasets: ["movielens-100k"], epochs: 8,
                                    reproduces: Reproduction("test AUC", auc, within: 0.003))
    }

    let kind: CTRModel.Kind
    let ratings: RatingData
    let data: CTRData
    private let model: CTRModel
    private let optimizer: any Optimizer
    private var cursor: MinibatchCursor
    private var generator: SeededGenerator

    static func settings(_ kind: CTRModel.Kind) -> [Hyperparameter] {
        [
            .real("learning-rate", kind == .lr ? 1e-2 : kind == .fm ? 3e-3 : 1e-3, in: 1e-6...1, logarithmic: true, live: true, "Adam step size"),
            .real("weight-decay", 1e-6, in: 0...1, live: true, "L2 penalty on all parameters"),
            .integer("batch-size", 256, in: 1...90_000, live: true, "examples per minibatch (applies from the next epoch)"),
            .integer("dimension", 16, in: 1...256, "embedding size k"),
            .integer("hidden", kind == .nfm ? 64 : 128, in: 1...1024, "units in each hidden layer of the MLP"),
            .integer("hidden-layers", kind == .nfm ? 1 : 2, in: 1...4, "hidden layers of the MLP"),
            .real("dropout", kind == .nfm ? 0.3 : 0.2, in: 0...0.9, "dropout in the MLP"),
            RatingSupport.usersHyperparameter,
            .integer("shown-user", 1, in: 1...943, live: true, "user id shown in the recommendations panel"),
        ]
    }

    init(_ kind: CTRModel.Kind, _ context: ExperimentContext) throws {
        self.kind = kind
        let hyperparameters = context.settings
        ratings = try RatingData.load(store: context.store, userLimit: hyperparameters.integer("users"))
        let data = CTRData(ratings)
        var generator = SeededGenerator(seed: context.seed)
        let hidden = [Int](repeating: hyperparameters.integer("hidden"), count: hyperparameters.integer("hidden-layers"))
        let model = CTRModel(kind: kind, features: data.featureCount, dimension: hyperparameters.integer("dimension"),
                             hidden: hidden, dropout: hyperparameters.float("dropout"), using: &generator)
        optimizer = Adam(model.parameters, learningRate: hyperparameters.float("learning-rate"))
        cursor = MinibatchCursor(indices: data.train, batchSize: hyperparameters.integer("batch-size"), seed: context.seed &+ 1)
        self.data = data
        self.model = model
        self.generator = generator
    }

    public var stepsPerEpoch: Int { cursor.stepsPerEpoch }

    public func step(_ hyperparameters: HyperparameterSet) throws -> StepReport {
        optimizer.follow(hyperparameters)
        let rows = cursor.next(batchSize: hyperparameters.integer("batch-size"))
        let loss = optimizer.minimize(following: hyperparameters) {
            Loss.binaryCrossEntropyWithLogits(model.logits(data, rows, training: true, using: &generator),
                                              targets: rows.map { data.labels[$0] })
        }
        return StepReport(loss: loss.scalar, examples: rows.count)
    }

    /// Click probabilities of `rows`, without a graph.
    func probabilities(_ rows: [Int]) -> [Float] {
        var unused = SeededGenerator(seed: 0)
        return withoutGradients {
            stride(from: 0, to: rows.count, by: 4096).flatMap { start in
                model.logits(data, Array(rows[start..<min(start + 4096, rows.count)]), training: false, using: &unused)
                    .data.map(Sigmoid.value)
            }
        }
    }

    public func evaluate(_ hyperparameters: HyperparameterSet) throws -> [Metric] {
        let p = probabilities(data.test), labels = data.test.map { data.labels[$0] }
        return [Metric("test AUC", RecommenderMetrics.auc(scores: p, labels: labels), higherIsBetter: true),
                Metric("test log loss", RecommenderMetrics.logLoss(probabilities: p, labels: labels), higherIsBetter: false)]
    }

    public var parameters: [NamedParameter] { model.parameters }

    /// The shown user's best ratings next to the movies with the highest predicted click
    /// probability among those they have not rated.
    public func panels(_ hyperparameters: HyperparameterSet) -> [any TopicPanel] {
        let user = min(hyperparameters.integer("shown-user"), ratings.userCount) - 1
        let items = Array(0..<ratings.itemCount)
        let features = data.candidates(user: user, items: items)
        var unused = SeededGenerator(seed: 0)
        let scores = withoutGradients {
            model.logits(singles: features.singles, bags: features.bags, training: false, using: &unused).data.map(Sigmoid.value)
        }
        return [RecommendationsPanel.make(user: user, data: ratings, scores: scores, scoreName: "p(click)")]
    }
}
