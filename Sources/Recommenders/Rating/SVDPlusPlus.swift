import Lab
import NeuralNet
import TensorKit
import TopicViews

/// SVD++ (Koren 2008, "Factorization meets the neighborhood"): biased MF whose user vector is
/// helped by the implicit feedback of which items the user rated at all, N(u):
///
///     r̂_ui = mu + b_u + b_i + q_i · (p_u + |N(u)|^-1/2 Σ_{j ∈ N(u)} y_j)
///
/// Trained by SGD one user at a time: the implicit sum z_u is computed once per user, the
/// ratings of that user update b, p and q as in biased MF (with p_u + z_u in place of p_u), and
/// the gradient for the y_j, |N(u)|^-1/2 Σ_r e_r q_i, is applied to every j ∈ N(u) at the end of
/// the user. (Surprise recomputes z_u for every rating, which is why its SVD++ is slow.)
public final class SVDPlusPlus: ExperimentRun {
    public static let entry = ExperimentEntry(
        ExperimentDescriptor(
            id: "rec.svdpp", title: "SVD++ (implicit feedback)", topic: "recommenders",
            summary: "Biased MF plus |N(u)|^-1/2 Σ y_j over the items a user rated (RMSE about 0.90)",
            datasets: ["movielens-100k"], epochs: 30, reproduces: Reproduction("test RMSE", 0.902, within: 0.005)),
        settings: [
            .real("learning-rate", 0.015, in: 1e-5...1, logarithmic: true, live: true, "SGD step size η"),
            .real("regularization", 0.08, in: 0...1, live: true, "L2 penalty λ"),
            .real("learning-rate-decay", 0.96, in: 0.5...1, live: true, "η is multiplied by this after every epoch"),
            .integer("factors", 50, in: 1...400, "latent dimension k"),
            .integer("users-per-step", 100, in: 1...943, live: true, "users per screen update (applies from the next epoch)"),
            RatingSupport.usersHyperparameter,
        ]) { try SVDPlusPlus($0) }

    private let data: RatingData
    private let model: FactorModel
    private let implicitFactors: Tensor
    private let rowsByUser: [[Int]]
    private var cursor: MinibatchCursor
    private var generator: SeededGenerator
    private var epochDecay: Float = 1
    private var usersSeen = 0

    init(_ context: ExperimentContext) throws {
        let hyperparameters = context.settings
        let data = try RatingData.load(store: context.store, userLimit: hyperparameters.integer("users"))
        generator = SeededGenerator(seed: context.seed)
        let k = hyperparameters.integer("factors")
        model = FactorModel(users: data.userCount, items: data.itemCount, factors: k, mean: data.trainMean,
                            deviation: 0.1, using: &generator)
        implicitFactors = Tensor.randomNormal([data.itemCount, k], standardDeviation: 0.1, using: &generator)
        rowsByUser = data.trainRowsByUser()
        cursor = MinibatchCursor(indices: Array(0..<data.userCount), batchSize: hyperparameters.integer("users-per-step"),
                                 seed: context.seed &+ 1)
        self.data = data
    }

    public var stepsPerEpoch: Int { cursor.stepsPerEpoch }

    public func step(_ hyperparameters: HyperparameterSet) throws -> StepReport {
        let users = cursor.next(batchSize: hyperparameters.integer("users-per-step"))
        let η = hyperparameters.float("learning-rate") * epochDecay, λ = hyperparameters.float("regularization")
        let k = model.factors, mu = model.mean
        var squaredErrors: Float = 0, count = 0
        var implicitSum = [Float](repeating: 0, count: k), implicitGradient = [Float](repeating: 0, count: k)
        model.userBias.data.withUnsafeMutableBufferPointer { bu in
        model.itemBias.data.withUnsafeMutableBufferPointer { bi in
        model.userFactors.data.withUnsafeMutableBufferPointer { p in
        model.itemFactors.data.withUnsafeMutableBufferPointer { q in
        implicitFactors.data.withUnsafeMutableBufferPointer { y in
            for u in users {
                var rows = rowsByUser[u]
                guard !rows.isEmpty else { continue }
                rows.shuffle(using: &generator)
                let norm = 1 / Float(rows.count).squareRoot()
                for f in 0..<k { (implicitSum[f], implicitGradient[f]) = (0, 0) }
                for row in rows {
                    let yj = y.baseAddress! + data.items[row] * k
                    for f in 0..<k { implicitSum[f] += yj[f] }
                }
                for f in 0..<k { implicitSum[f] *= norm }
                let pu = p.baseAddress! + u * k
                for row in rows {
                    let i = data.items[row]
                    let qi = q.baseAddress! + i * k
                    var score = mu + bu[u] + bi[i]
                    for f in 0..<k { score += qi[f] * (pu[f] + implicitSum[f]) }
                    let error = data.ratings[row] - score
                    squaredErrors += error * error
                    bu[u] += η * (error - λ * bu[u])
                    bi[i] += η * (error - λ * bi[i])
                    for f in 0..<k {
                        let pf = pu[f], qf = qi[f]
                        pu[f] += η * (error * qf - λ * pf)
                        qi[f] += η * (error * (pf + implicitSum[f]) - λ * qf)
                        implicitGradient[f] += error * qf
                    }
                }
                // dL/dy_j = -|N(u)|^-1/2 Σ_r e_r q_i, the same for every j in N(u); averaged over
                // the user's ratings so one big user does not take a giant step.
                let scale = norm / Float(rows.count)
                for row in rows {
                    let yj = y.baseAddress! + data.items[row] * k
                    for f in 0..<k { yj[f] += η * (implicitGradient[f] * scale - λ * yj[f]) }
                }
                count += rows.count
            }
        }}}}}
        usersSeen += users.count
        if usersSeen >= data.userCount {
            usersSeen = 0
            epochDecay *= hyperparameters.float("learning-rate-decay")
        }
        return StepReport(loss: squaredErrors / Float(max(count, 1)), examples: count)
    }

    /// r̂_ui with the implicit sum over the user's training items.
    func predict(user: Int, item: Int) -> Float {
        let k = model.factors, rows = rowsByUser[user]
        var vector = (0..<k).map { model.userFactors.data[user * k + $0] }
        let norm = rows.isEmpty ? 0 : 1 / Float(rows.count).squareRoot()
        for row in rows {
            let j = data.items[row]
            for f in 0..<k { vector[f] += norm * implicitFactors.data[j * k + f] }
        }
        var score = model.mean + model.userBias.data[user] + model.itemBias.data[item]
        for f in 0..<k { score += vector[f] * model.itemFactors.data[item * k + f] }
        return score
    }

    public func evaluate(_ hyperparameters: HyperparameterSet) throws -> [Metric] {
        return RatingSupport.testMetrics(data) { predict(user: $0, item: $1) }
    }

    public var parameters: [NamedParameter] {
        model.parameters + [NamedParameter("implicit_factors", implicitFactors)]
    }
}
