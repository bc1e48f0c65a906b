import Foundation
import Lab
import NeuralNet
import TensorKit

/// What every search strategy shares: the space, the child trainer (or the table it replays), the
/// history and the best so far.
///
/// One `step()` proposes one architecture (a decision sequence of `space`), measures it and feeds its
/// validation accuracy back to the strategy. With `mode=train` the child trains from scratch
/// (`child-epochs` epochs on 8x8 digits); with `mode=replay` its accuracy is looked up in the stored
/// benchmark table (`data/nas/cell-digits.tsv`), so a search of 100 evaluations takes milliseconds.
/// The reported loss is 1 − accuracy of that child, so the plot falls as the search finds better networks.
public class SearchExperiment: Experiment {
    public var descriptor: ExperimentDescriptor { fatalError("subclass must override") }
    public var hyperparameters: HyperparameterSet

    /// Every child evaluated so far, in order.
    public private(set) var history: [ChildResult] = []
    /// The best child so far (highest validation accuracy).
    public var best: ChildResult? { history.max { $0.accuracy < $1.accuracy } }
    /// The space being searched (set by `prepare`).
    public private(set) var space: SearchSpace = .cell(.benchmark)
    /// The table replayed (mode=replay), or nil.
    public private(set) var table: BenchmarkTable?
    /// Mean regret curves of the strategies on the table, for the regret panel (replay from the screen).
    var referenceCurves: [(name: String, regret: [Double])] = []
    var trainer: ChildTrainer?
    var generator = SeededGenerator(seed: 0)
    private var childSeed: UInt64 = 0
    private var lastParameters: [NamedParameter] = []

    /// The settings every strategy has, followed by the strategy's own.
    static func commonHyperparameters(_ own: [Hyperparameter]) -> HyperparameterSet {
        HyperparameterSet([
            .choice("mode", "train", among: ["train", "replay"], "train each child, or look its accuracy up in the table"),
            .choice("space", "cell", among: SearchSpace.all.map(\.name),
                    "cell: 729 cells of the table; cell-full: 15,625 cells; macro: 4,096 layer stacks"),
            .choice("dataset", "digits", among: ["digits", "fashion"], "children train on UCI digits or an 8x8 Fashion-MNIST subset (train mode)"),
            .integer("child-epochs", 2, in: 1...50, live: true, "epochs each child trains from scratch"),
            .real("child-learning-rate", 1e-2, in: 1e-5...1, logarithmic: true, live: true, "Adam step size of each child"),
            .integer("child-batch-size", 32, in: 1...1437, live: true, "minibatch size of each child"),
            .integer("evaluations-per-epoch", 10, in: 1...1000, "children evaluated per workbench epoch"),
        ] + own)
    }

    init(hyperparameters: HyperparameterSet) { self.hyperparameters = hyperparameters }

    public func prepare(_ context: ExperimentContext) throws {
        let space = SearchSpace.named(hyperparameters.choice("space"))!
        if hyperparameters.choice("mode") == "replay" {
            guard let url = BenchmarkTable.committedCellTableURL(), FileManager.default.fileExists(atPath: url.path) else {
                throw LabError.badValue(key: "mode", value: "replay", expected: "a table at data/nas/cell-digits.tsv (workbench nas bench-build)")
            }
            let table = try BenchmarkTable(contentsOf: url)
            try prepare(replaying: table, space: space, seed: context.seed)
            // The three strategies' mean regret over 10 seeds, drawn next to this run's (about 0.2 s).
            referenceCurves = try ReplayComparison(table: table, space: space, seeds: 10, evaluations: 100).curves
                .map { ($0.name, $0.meanRegret) }
        } else {
            trainer = ChildTrainer(data: try ChildTrainer.data(hyperparameters.choice("dataset"), store: context.store))
            table = nil
            referenceCurves = []
            reset(space: space, seed: context.seed)
        }
    }

    /// Prepares a replay of `table` (which must cover `space`) without touching any data.
    public func prepare(replaying table: BenchmarkTable, space: SearchSpace = .cell(.benchmark), seed: UInt64) throws {
        guard table.covers(space) else {
            throw LabError.badValue(key: "space", value: space.name, expected: "a space the table covers (the table has \(table.rows.count) rows)")
        }
        self.table = table
        trainer = nil
        reset(space: space, seed: seed)
    }

    private func reset(space: SearchSpace, seed: UInt64) {
        self.space = space
        generator = SeededGenerator(seed: seed)
        childSeed = seed &* 1_000_003
        history = []
        prepareStrategy()
    }

    /// Called at the end of `prepare` (the generator is seeded, `space` set).
    func prepareStrategy() {}
    /// The next architecture to evaluate, as decisions of `space`.
    func propose() -> [Int] { fatalError("subclass must override") }
    /// Learns from a finished evaluation.
    func observe(_ result: ChildResult, decisions: [Int]) {}
    /// Metrics of the strategy itself, appended to the shared ones.
    var strategyMetrics: [Metric] { [] }
    /// Trainable parameters of the strategy (a controller); nil shows the last child's.
    var strategyParameters: [NamedParameter]? { nil }

    public var stepsPerEpoch: Int { hyperparameters.integer("evaluations-per-epoch") }

    /// Proposes, measures (trains or looks up) and observes one child.
    @discardableResult
    public func evaluateNext() throws -> ChildResult {
        let decisions = propose()
        let architecture = space.architecture(decisions: decisions)
        let result: ChildResult
        if let table {
            let row = table.rows[space.index(of: architecture)!]!
            result = ChildResult(architecture: architecture, accuracy: row.accuracy, parameterCount: row.parameters,
                                 seconds: row.seconds, trainLoss: .nan)
        } else {
            guard var trainer else { throw LabError.notPrepared }
            trainer.epochs = hyperparameters.integer("child-epochs")
            trainer.learningRate = hyperparameters.float("child-learning-rate")
            trainer.batchSize = hyperparameters.integer("child-batch-size")
            childSeed &+= 1
            let trained = trainer.train(architecture, seed: childSeed)
            result = trained.result
            lastParameters = trained.parameters
        }
        history.append(result)
        observe(result, decisions: decisions)
        return result
    }

    public func step() throws -> StepReport {
        let result = try evaluateNext()
        return StepReport(loss: Float(1 - result.accuracy), examples: 1, components: ["child accuracy": Float(result.accuracy)])
    }

    public func evaluate() throws -> [Metric] {
        guard trainer != nil || table != nil else { throw LabError.notPrepared }
        let seconds = history.isEmpty ? 0 : history.map(\.seconds).reduce(0, +) / Double(history.count)
        var metrics: [Metric] = [
            .accuracy(best?.accuracy ?? 0, name: "best accuracy"),
            Metric("evaluations", Double(history.count), higherIsBetter: true),
            .accuracy(history.last?.accuracy ?? 0, name: "last accuracy"),
            Metric(table == nil ? "seconds per child" : "table seconds per child", seconds, higherIsBetter: false),
        ]
        if let optimum = table?.best?.accuracy {
            metrics.append(Metric("regret", optimum - (best?.accuracy ?? 0), higherIsBetter: false))
        }
        return metrics + strategyMetrics
    }

    public var parameters: [NamedParameter] { strategyParameters ?? lastParameters }

    public func panels() -> [any TopicPanel] {
        guard let last = history.last else { return [] }
        var panels: [any TopicPanel] = [LeaderboardPanel(history: history)]
        if case .cell(let cell) = last.architecture { panels.append(CellDiagramPanel(cell: cell, accuracy: last.accuracy)) }
        panels.append(ParetoPanel(history: history))
        if let optimum = table?.best?.accuracy, !referenceCurves.isEmpty {
            var best = -Double.infinity
            let own = history.map { best = max(best, $0.accuracy); return optimum - best }
            panels.append(RegretPanel(curves: referenceCurves + [("this run", own)]))
        }
        return panels + strategyPanels
    }

    /// Panels of the strategy itself.
    var strategyPanels: [any TopicPanel] { [] }
}
