import Foundation
import Lab
import NeuralNet
import TensorKit
import TopicViews

/// Efficient NAS by parameter sharing (Pham et al. 2018, "ENAS"), on the cell space. One supernet
/// (`CellNetwork` holding a convolution for every conv operation of every edge) is shared by all children:
///
///     each step:  a ~ π_θ (the LSTM controller);  one minibatch of SGD on the shared weights ω through a:
///                 ω ← ω − η ∇ω CE(f(x; a, ω), y)
///     every K steps:  M times: a ~ π_θ;  R = accuracy of f(·; a, ω) on a validation minibatch (no training);
///                 θ ← θ + α (R − b) ∇θ log π_θ(a);  b ← β b + (1 − β) R
///
/// A child is never trained alone, so evaluating it costs one forward pass: the source of the "1000x
/// cheaper". The price is that shared-weight accuracy only approximates stand-alone accuracy; `ranking`
/// measures how well (Kendall τ against the benchmark table).
public final class ENASSearch: PanelProviding {
    public static let entry = ExperimentEntry(
        ExperimentDescriptor(id: "nas.enas", title: "ENAS: weight sharing", topic: "nas",
                             summary: "One shared supernet trains every sampled cell; an LSTM controller learns from shared-weight accuracy",
                             datasets: ["uci-digits"]),
        settings: settings) { context in
            let table = BenchmarkTable.committedCellTableURL().flatMap { try? BenchmarkTable(contentsOf: $0) }
            return ENASSearch(data: try ChildTrainer.digits(store: context.store), table: table, seed: context.seed,
                              settings: context.settings)
        }

    public static let settings: [Hyperparameter] = [
        .choice("space", "cell", among: ["cell", "cell-full"], "cell: the table's 729 cells; cell-full: 15,625 cells"),
        .real("learning-rate", 1e-2, in: 1e-5...1, logarithmic: true, live: true, "Adam step size of the shared weights"),
        .integer("batch-size", 32, in: 1...1437, live: true, "minibatch size of the shared weights"),
        .integer("controller-every", 20, in: 1...10_000, live: true, "shared-weight steps between controller updates (K)"),
        .integer("controller-samples", 5, in: 1...100, live: true, "architectures per controller update (M)"),
        .real("controller-learning-rate", 0.02, in: 1e-5...1, logarithmic: true, live: true, "Adam step size of the controller"),
        .real("baseline-decay", 0.8, in: 0...0.999, live: true, "β of the moving-average baseline"),
        .integer("ranking-sample", 100, in: 0...15_625, "table cells ranked by shared weights at each evaluation (0: none)"),
    ]

    public let supernet: CellNetwork
    public let controller: Controller
    public let cellSpace: CellSpace
    /// The stand-alone table, when one is committed (for the ranking metric).
    public let table: BenchmarkTable?
    /// Controller rewards and the baseline after each.
    public private(set) var rewards: [Double] = [], baselines: [Double] = []
    /// The cell trained by the latest step.
    public private(set) var lastCell: CellArchitecture?
    let data: ClassificationData
    private let optimizer: Adam, controllerOptimizer: Adam
    private var cursor: MinibatchCursor, validationCursor: MinibatchCursor
    private var generator: SeededGenerator
    private var steps = 0
    private var baseline: Double?

    /// A run on `data`, ranking against `table` when it covers the space (`settings`: the entry's by default).
    public init(data: ClassificationData, table: BenchmarkTable?, seed: UInt64,
                settings hyperparameters: HyperparameterSet = HyperparameterSet(ENASSearch.settings)) {
        cellSpace = hyperparameters.choice("space") == "cell-full" ? .full : .benchmark
        self.data = data
        self.table = table.flatMap { [cellSpace] in $0.covers(.cell(cellSpace)) ? $0 : nil }
        var generator = SeededGenerator(seed: seed)
        supernet = CellNetwork(operations: Set(cellSpace.operations), using: &generator)
        controller = Controller(choiceCounts: cellSpace.choiceCounts, using: &generator)
        self.generator = generator
        optimizer = Adam(supernet.parameters, learningRate: hyperparameters.float("learning-rate"))
        controllerOptimizer = Adam(controller.parameters, learningRate: hyperparameters.float("controller-learning-rate"))
        cursor = MinibatchCursor(indices: data.trainIndices, batchSize: hyperparameters.integer("batch-size"), seed: seed &+ 1)
        validationCursor = MinibatchCursor(indices: data.heldOutIndices, batchSize: 64, seed: seed &+ 2)
    }

    public var stepsPerEpoch: Int { cursor.stepsPerEpoch }

    public func step(_ hyperparameters: HyperparameterSet) throws -> StepReport {
        let decisions = withoutGradients { controller.sample(using: &generator).decisions }
        let cell = cellSpace.architecture(decisions: decisions)
        lastCell = cell
        let batchSize = hyperparameters.integer("batch-size")
        let rows = cursor.next(batchSize: batchSize)
        let loss = optimizer.minimize(following: hyperparameters) {
            Loss.softmaxCrossEntropy(supernet(data.batch(rows), cell: cell), labels: data.labels(rows))
        }
        steps += 1
        if steps % hyperparameters.integer("controller-every") == 0 { trainController(hyperparameters) }
        return StepReport(loss: loss.scalar, examples: rows.count)
    }

    /// M REINFORCE updates of the controller with shared-weight validation accuracy as the reward.
    func trainController(_ hyperparameters: HyperparameterSet) {
        controllerOptimizer.follow(hyperparameters, learningRateKey: "controller-learning-rate")
        let decay = hyperparameters.real("baseline-decay")
        for _ in 0..<hyperparameters.integer("controller-samples") {
            let sample = controller.sample(using: &generator)
            let cell = cellSpace.architecture(decisions: sample.decisions)
            let rows = validationCursor.next(batchSize: 64)
            let reward = withoutGradients {
                let guesses = supernet(data.batch(rows), cell: cell).argmaxRows()
                return Double(zip(guesses, data.labels(rows)).filter { $0 == $1 }.count) / Double(rows.count)
            }
            let previous = baseline ?? reward
            controllerOptimizer.zeroGradients()
            (sample.logProbability * Float(previous - reward)).backward()
            controllerOptimizer.step()
            baseline = decay * previous + (1 - decay) * reward
            rewards.append(reward)
            baselines.append(baseline!)
        }
    }

    /// Accuracy of `cell` on the whole validation split with the shared weights (no training).
    public func sharedAccuracy(_ cell: CellArchitecture) -> Double {
        data.evaluate { supernet($0, cell: cell) }.accuracy
    }

    /// Kendall τ between shared-weight and stand-alone (table) validation accuracy over `indices` of the space.
    public func ranking(indices: [Int]) -> Double? {
        guard let table else { return nil }
        let standAlone = indices.map { table.rows[$0]!.accuracy }
        let shared = indices.map { sharedAccuracy(cellSpace.architecture(index: $0)) }
        return Ranking.kendallTau(shared, standAlone)
    }

    /// `count` distinct indices of the space drawn with a fixed seed (the same cells at every evaluation).
    public func rankingIndices(count: Int) -> [Int] {
        var chooser = SeededGenerator(seed: 2018)
        var all = Array(0..<cellSpace.size)
        for i in 0..<min(count, all.count) { all.swapAt(i, i + chooser.nextInt(below: all.count - i)) }
        return Array(all.prefix(count)).sorted()
    }

    /// The controller's choice: the best of 10 sampled cells by shared-weight validation accuracy (as ENAS picks its final cell).
    public func controllerPick() -> CellArchitecture? {
        var candidates: [CellArchitecture] = []
        for _ in 0..<10 { candidates.append(cellSpace.architecture(decisions: withoutGradients { controller.sample(using: &generator).decisions })) }
        let scored = candidates.map { ($0, sharedAccuracy($0)) }
        return scored.max { $0.1 < $1.1 }?.0
    }

    public func evaluate(_ hyperparameters: HyperparameterSet) throws -> [Metric] {
        var metrics: [Metric] = [Metric("controller updates", Double(rewards.count), higherIsBetter: true),
                                 .accuracy(baseline ?? 0, name: "reward baseline")]
        if let pick = controllerPick() {
            metrics.append(.accuracy(sharedAccuracy(pick), name: "pick shared-weight accuracy"))
            if let row = table?.rows[cellSpace.index(of: pick)!] { metrics.append(.accuracy(row.accuracy, name: "pick stand-alone accuracy")) }
        }
        let sample = hyperparameters.integer("ranking-sample")
        if sample > 1, let tau = ranking(indices: rankingIndices(count: sample)) {
            metrics.append(Metric("kendall tau", tau, higherIsBetter: true))
        }
        return metrics
    }

    public var parameters: [NamedParameter] { supernet.parameters }

    public func panels(_ hyperparameters: HyperparameterSet) -> [any TopicPanel] {
        var panels: [any TopicPanel] = []
        if !rewards.isEmpty { panels.append(RewardPanel(rewards: rewards, baselines: baselines)) }
        if let lastCell { panels.append(CellDiagramPanel(cell: lastCell, accuracy: rewards.last ?? 0)) }
        return panels
    }
}
