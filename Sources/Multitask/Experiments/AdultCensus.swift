import Datasets
import Lab
import NeuralNet
import TensorKit
import TopicViews

/// Income > $50K and "never married" from the same census record (UCI Adult), the MMoE paper's
/// census setting (Ma et al. 2018), with a shared bottom or a multi-gate mixture of experts:
///
///     shared-bottom:  p_k = σ(tower_k(relu(x W + b)))
///     mmoe:           p_k = σ(tower_k(sum_e g_k(x)_e f_e(x)))      g_k = softmax(x W_gk)
///
/// Each tower is relu(· W1) W2 with 8 hidden units; the loss is the sum of the two binary
/// cross-entropies. Held-out: the 16,281 rows of adult.test.
public final class AdultCensus: PanelProviding {
    public static let entry = ExperimentEntry(
        ExperimentDescriptor(id: "mtl.adult", title: "Census: income and marital status (MMoE)", topic: "multitask",
                             summary: "Two binary tasks from one census record: shared-bottom network vs multi-gate mixture of experts",
                             datasets: ["uci-adult"], epochs: 10, reproduces: Reproduction("income AUC", 0.91, within: 0.003)),
        settings: [
        .choice("model", "mmoe", among: ["shared-bottom", "mmoe"], "shared-bottom: one hidden layer for both; mmoe: experts mixed by one gate per task"),
        .real("learning-rate", 0.002, in: 1e-5...1, logarithmic: true, live: true, "step size of Adam"),
        .real("weight-decay", 0, in: 0...1, live: true, "L2 penalty on the weights"),
        .integer("batch-size", 256, in: 8...4096, live: true, "records per minibatch (applies from the next epoch)"),
        .integer("experts", 8, in: 1...16, "MMoE: number of experts"),
        .integer("expert-units", 16, in: 2...128, "MMoE: units per expert"),
        .integer("bottom-units", 64, in: 2...512, "shared-bottom: units of the shared layer"),
        .integer("train-size", 32_561, in: 100...32_561, "training records used (the first N)"),
        .integer("test-size", 16_281, in: 100...16_281, "test records used (the first N)"),
        .flag("relationship", true, "keep the relationship column as an input (Husband / Wife give the marital status away)"),
        ]) { try AdultCensus($0) }

    public static let taskNames = ["income", "never-married"]

    let train: AdultTasks
    let test: AdultTasks
    private let bottom: Linear?
    private let mixture: MixtureOfExperts?
    private let towers: [MLP]
    private let optimizer: any Optimizer
    private var cursor: MinibatchCursor
    private var stepCount = 0
    public private(set) var history = TaskHistory(taskNames: AdultCensus.taskNames)

    init(_ context: ExperimentContext) throws {
        let hyperparameters = context.settings
        let data = try AdultTasks.load(store: context.store, trainLimit: hyperparameters.integer("train-size"),
                                       testLimit: hyperparameters.integer("test-size"),
                                       excluded: hyperparameters.flag("relationship") ? [] : ["relationship"])
        var generator = SeededGenerator(seed: context.seed)
        let width: Int
        if hyperparameters.choice("model") == "mmoe" {
            width = hyperparameters.integer("expert-units")
            mixture = MixtureOfExperts(inputs: data.train.featureCount, expertCount: hyperparameters.integer("experts"),
                                       expertUnits: width, taskCount: 2, using: &generator)
            bottom = nil
        } else {
            width = hyperparameters.integer("bottom-units")
            bottom = Linear(data.train.featureCount, width, initializer: .heNormal, using: &generator)
            mixture = nil
        }
        towers = (0..<2).map { _ in MLP(sizes: [width, 8, 1], using: &generator) }
        train = data.train
        test = data.test
        cursor = MinibatchCursor(indices: Array(0..<data.train.count), batchSize: hyperparameters.integer("batch-size"),
                                 seed: context.seed &+ 1)
        optimizer = Adam(Self.parameters(mixture: mixture, bottom: bottom, towers: towers),
                         learningRate: hyperparameters.float("learning-rate"))
    }

    /// Both tasks' logits, each `[N, 1]`.
    func logits(_ x: Tensor) -> [Tensor] {
        if let mixture {
            let experts = mixture.expertOutputs(x)
            return towers.indices.map { towers[$0](mixture.mixture(task: $0, x, experts: experts)) }
        }
        let hidden = bottom!(x).relu()
        return towers.map { $0(hidden) }
    }

    public var stepsPerEpoch: Int { cursor.stepsPerEpoch }

    public func step(_ hyperparameters: HyperparameterSet) throws -> StepReport {
        let rows = cursor.next(batchSize: hyperparameters.integer("batch-size"))
        var losses: [Tensor] = []
        let total = optimizer.minimize(following: hyperparameters) {
            let outputs = logits(train.batch(rows))
            losses = [Loss.binaryCrossEntropyWithLogits(outputs[0], targets: rows.map { train.income[$0] }),
                      Loss.binaryCrossEntropyWithLogits(outputs[1], targets: rows.map { train.neverMarried[$0] })]
            return losses[0] + losses[1]
        }
        stepCount += 1
        let values = losses.map(\.scalar)
        history.record(step: stepCount, losses: values, weights: [1, 1], cosine: nil)
        return StepReport(loss: total.scalar, examples: rows.count,
                          components: ["income loss": values[0], "never-married loss": values[1]])
    }

    public func evaluate(_ hyperparameters: HyperparameterSet) throws -> [Metric] {
        var scores: [[Float]] = [[], []]
        withoutGradients {
            for start in stride(from: 0, to: test.count, by: 2048) {
                let outputs = logits(test.batch(Array(start..<min(start + 2048, test.count))))
                for task in 0..<2 { scores[task] += outputs[task].data }
            }
        }
        let truths = [test.income, test.neverMarried]
        let losses = (0..<2).map { task in
            withoutGradients {
                Double(Loss.binaryCrossEntropyWithLogits(Tensor(shape: [scores[task].count, 1], data: scores[task]),
                                                         targets: truths[task]).scalar)
            }
        }
        return [Metric("income AUC", AreaUnderCurve.of(scores: scores[0], labels: truths[0]), higherIsBetter: true),
                Metric("never-married AUC", AreaUnderCurve.of(scores: scores[1], labels: truths[1]), higherIsBetter: true),
                .loss(losses[0], name: "income loss"), .loss(losses[1], name: "never-married loss")]
    }

    public var parameters: [NamedParameter] { Self.parameters(mixture: mixture, bottom: bottom, towers: towers) }

    private static func parameters(mixture: MixtureOfExperts?, bottom: Linear?, towers: [MLP]) -> [NamedParameter] {
        let shared = mixture.map { $0.parameters.prefixed("mmoe") } ?? bottom.map { $0.parameters.prefixed("bottom") } ?? []
        return shared + towers.enumerated().flatMap { $1.parameters.prefixed("tower\($0 + 1)") }
    }

    public func panels(_ settings: HyperparameterSet) -> [any TopicPanel] {
        var panels: [any TopicPanel] = [TaskLossPanel(history: history)]
        if let mixture { panels.append(GateHeatmapPanel(gates: mixture.lastGateMeans, taskNames: Self.taskNames)) }
        return panels
    }
}
