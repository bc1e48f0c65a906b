import Lab
import NeuralNet
import TensorKit
import TopicViews

/// Biased matrix factorisation (Koren, Bell & Volinsky 2009, "Matrix factorization techniques
/// for recommender systems"): r̂_ui = mu + b_u + b_i + p_u · q_i, fitted by stochastic gradient
/// descent on the squared error with L2 regularisation, one rating at a time:
///
///     e = r - r̂      b_u += η (e - λ b_u)      b_i += η (e - λ b_i)
///     p_u += η (e q_i - λ p_u)                 q_i += η (e p_u - λ q_i)
///
/// This is how Surprise's SVD trains: plain loops, no graph. The same class with `factors = 0` is
/// `rec.baseline` (`baselineEntry`), the same fit without factors: r̂_ui = mu + b_u + b_i (Koren 2010).
public final class BiasedMF: PanelProviding {
    public static let baselineEntry = ExperimentEntry(
        ExperimentDescriptor(id: "rec.baseline", title: "Global mean and biases", topic: "recommenders",
                             summary: "mu + b_u + b_i by SGD: the baseline every rating model must beat (RMSE about 0.94)",
                             datasets: ["movielens-100k"], epochs: 25, reproduces: Reproduction("test RMSE", 0.946, within: 0.005)),
        settings: settings(baseline: true)) { try BiasedMF($0) }

    public static let entry = ExperimentEntry(
        ExperimentDescriptor(id: "rec.biased-mf", title: "Biased matrix factorisation", topic: "recommenders",
                             summary: "mu + b_u + b_i + p_u·q_i by SGD on MovieLens 100K ratings (RMSE about 0.91)",
                             datasets: ["movielens-100k"], epochs: 30, reproduces: Reproduction("test RMSE", 0.907, within: 0.005)),
        settings: settings(baseline: false)) { try BiasedMF($0) }

    static func settings(baseline: Bool) -> [Hyperparameter] { [
        .real("learning-rate", baseline ? 0.005 : 0.015, in: 1e-5...1, logarithmic: true, live: true, "SGD step size η"),
        .real("regularization", baseline ? 0.02 : 0.08, in: 0...1, live: true, "L2 penalty λ on biases and factors"),
        .real("learning-rate-decay", baseline ? 0.92 : 0.96, in: 0.5...1, live: true, "η is multiplied by this after every epoch"),
        .integer("factors", baseline ? 0 : 50, in: 0...400, "latent dimension k (0: biases only)"),
        .real("init-deviation", 0.05, in: 0...1, "standard deviation of the initial factors"),
        .integer("ratings-per-step", 10_000, in: 100...90_000, live: true, "ratings per screen update (applies from the next epoch)"),
        RatingSupport.usersHyperparameter,
        .integer("shown-user", 1, in: 1...943, live: true, "user id shown in the recommendations panel"),
    ] }

    let data: RatingData
    let model: FactorModel
    private var cursor: MinibatchCursor
    private var epochDecay: Float = 1
    private var seenInEpoch = 0

    init(_ context: ExperimentContext) throws {
        let hyperparameters = context.settings
        let data = try RatingData.load(store: context.store, userLimit: hyperparameters.integer("users"))
        var generator = SeededGenerator(seed: context.seed)
        model = FactorModel(users: data.userCount, items: data.itemCount, factors: hyperparameters.integer("factors"),
                            mean: data.trainMean, deviation: hyperparameters.float("init-deviation"), using: &generator)
        cursor = MinibatchCursor(indices: data.train, batchSize: hyperparameters.integer("ratings-per-step"), seed: context.seed &+ 1)
        self.data = data
    }

    public var stepsPerEpoch: Int { cursor.stepsPerEpoch }

    public func step(_ hyperparameters: HyperparameterSet) throws -> StepReport {
        let rows = cursor.next(batchSize: hyperparameters.integer("ratings-per-step"))
        let rate = hyperparameters.float("learning-rate") * epochDecay
        let loss = model.sgdEpochPart(rows: rows, data: data, learningRate: rate,
                                      regularization: hyperparameters.float("regularization"))
        seenInEpoch += rows.count
        if seenInEpoch >= data.train.count {
            seenInEpoch = 0
            epochDecay *= hyperparameters.float("learning-rate-decay")
        }
        return StepReport(loss: loss, examples: rows.count)
    }

    public func evaluate(_ hyperparameters: HyperparameterSet) throws -> [Metric] {
         RatingSupport.testMetrics(data) { model.predict(user: $0, item: $1) }
    }

    public var parameters: [NamedParameter] { model.parameters }

    /// The shown user's ratings next to their top-10, and (with factors) the item factor map.
    public func panels(_ hyperparameters: HyperparameterSet) -> [any TopicPanel] {
        let user = min(hyperparameters.integer("shown-user"), data.userCount) - 1
        let scores = (0..<data.itemCount).map { model.predict(user: user, item: $0) }
        var panels: [any TopicPanel] = [RecommendationsPanel.make(user: user, data: data, scores: scores)]
        if model.factors >= 2 {
            panels.append(EmbeddingMapPanel.make(title: "Item factors q_i (PCA)", vectors: model.itemFactors.data,
                                                 width: model.factors, data: data))
        }
        return panels
    }
}
