import Foundation
import Lab
import NeuralNet
import TensorKit
import TopicViews

/// One architecture search: a strategy, the space it searches, the child trainer (or the table it
/// replays), the history and the best so far.
///
/// One step proposes one architecture (a decision sequence of the space), measures it and feeds its
/// validation accuracy back to the strategy. With `mode=train` the child trains from scratch
/// (`child-epochs` epochs on 8x8 digits); with `mode=replay` its accuracy is looked up in the stored
/// benchmark table (`data/nas/cell-digits.tsv`), so a search of 100 evaluations takes milliseconds.
/// The reported loss is 1 − accuracy of that child, so the plot falls as the search finds better networks.
public final class SearchRun: PanelProviding {
    /// The catalog entry of `kind` (`nas.random`, `nas.evolution`, `nas.reinforce`, `nas.pnas`, `nas.pqt`).
    public static func entry(_ kind: StrategyKind) -> ExperimentEntry {
        ExperimentEntry(kind.descriptor, settings: kind.settings.all) { try SearchRun(kind, $0) }
    }

    /// The settings every strategy has; the child-training ones matter only in train mode.
    static let commonSettings: [Hyperparameter] = [
        .choice("mode", "train", among: ["train", "replay"], "train each child, or look its accuracy up in the table"),
        .choice("space", "cell", among: SearchSpace.all.map(\.name),
                "cell: 729 cells of the table; cell-full: 15,625 cells; macro: 4,096 layer stacks; nasnet: NASNet normal + reduction cells"),
        Hyperparameter.integer("cell-blocks", 2, in: 1...4, "B: blocks per NASNet cell")
            .only(when: "space", is: "nasnet"),
        Hyperparameter.choice("dataset", "digits", among: ["digits", "fashion"], "children train on UCI digits or an 8x8 Fashion-MNIST subset")
            .only(when: "mode", is: "train"),
        Hyperparameter.integer("child-epochs", 2, in: 1...50, live: true, "epochs each child trains from scratch")
            .only(when: "mode", is: "train"),
        Hyperparameter.real("child-learning-rate", 1e-2, in: 1e-5...1, logarithmic: true, live: true, "Adam step size of each child")
            .only(when: "mode", is: "train"),
        Hyperparameter.integer("child-batch-size", 32, in: 1...1437, live: true, "minibatch size of each child")
            .only(when: "mode", is: "train"),
        Hyperparameter.integer("parallel-children", 2, in: 1...8, "children trained at once, one thread each (2: both cores)")
            .only(when: "mode", is: "train"),
        .integer("evaluations-per-epoch", 10, in: 1...1000, "children evaluated per workbench epoch"),
    ]

    public let kind: StrategyKind
    public let space: SearchSpace
    /// The table replayed (mode=replay), or nil.
    public let table: BenchmarkTable?
    /// Every child evaluated so far, in order.
    public private(set) var history: [ChildResult] = []
    /// The best child so far (highest validation accuracy).
    public var best: ChildResult? { history.max { $0.accuracy < $1.accuracy } }
    let strategy: any SearchStrategy
    private let trainer: ChildTrainer?
    /// Mean regret curves of the strategies on the table, for the regret panel (replay from the screen).
    private let referenceCurves: [(name: String, regret: [Double])]
    private var generator: SeededGenerator
    private var childSeed: UInt64
    private var lastParameters: [NamedParameter] = []
    private let evaluationsPerEpoch: Int
    /// Children trained at once in train mode (1 in replay).
    let parallelChildren: Int

    convenience init(_ kind: StrategyKind, _ context: ExperimentContext) throws {
        let settings = context.settings
        let space = SearchSpace.named(settings.choice("space"), blocks: settings.integer("cell-blocks"))!
        if settings.choice("mode") == "replay" {
            guard let url = BenchmarkTable.committedCellTableURL(), FileManager.default.fileExists(atPath: url.path) else {
                throw LabError.badValue(key: "mode", value: "replay", expected: "a table at data/nas/cell-digits.tsv (workbench nas bench-build)")
            }
            let table = try BenchmarkTable(contentsOf: url)
            try Self.check(table, covers: space)
            // The strategies' mean regret over 10 seeds, drawn next to this run's (about 0.2 s).
            let curves = try ReplayComparison(table: table, space: space, seeds: 10, evaluations: 100).curves
                .map { (name: $0.name, regret: $0.meanRegret) }
            self.init(kind, space: space, table: table, trainer: nil, seed: context.seed, settings: settings, referenceCurves: curves)
        } else {
            let trainer = ChildTrainer(data: try ChildTrainer.data(settings.choice("dataset"), store: context.store))
            self.init(kind, space: space, table: nil, trainer: trainer, seed: context.seed, settings: settings)
        }
    }

    /// A replay of `table` (which must cover `space`), without touching any data.
    public convenience init(_ kind: StrategyKind, replaying table: BenchmarkTable, space: SearchSpace = .cell(.benchmark),
                            seed: UInt64, settings: HyperparameterSet? = nil) throws {
        try Self.check(table, covers: space)
        self.init(kind, space: space, table: table, trainer: nil, seed: seed, settings: settings ?? kind.settings)
    }

    private static func check(_ table: BenchmarkTable, covers space: SearchSpace) throws {
        guard table.covers(space) else {
            throw LabError.badValue(key: "space", value: space.name, expected: "a space the table covers (the table has \(table.rows.count) rows)")
        }
    }

    private init(_ kind: StrategyKind, space: SearchSpace, table: BenchmarkTable?, trainer: ChildTrainer?, seed: UInt64,
                 settings: HyperparameterSet, referenceCurves: [(name: String, regret: [Double])] = []) {
        self.kind = kind
        self.space = space
        self.table = table
        self.trainer = trainer
        self.referenceCurves = referenceCurves
        var generator = SeededGenerator(seed: seed)
        strategy = kind.make(space: space, using: &generator, settings: settings)
        self.generator = generator
        childSeed = seed &* 1_000_003
        evaluationsPerEpoch = settings.integer("evaluations-per-epoch")
        parallelChildren = trainer == nil ? 1 : settings.integer("parallel-children")
    }

    /// Steps of `parallel-children` children each (the last step of a round of PNAS may hold fewer).
    public var stepsPerEpoch: Int { (evaluationsPerEpoch + parallelChildren - 1) / parallelChildren }

    /// Proposes, measures (trains or looks up) and observes one child.
    @discardableResult
    public func evaluateNext(_ settings: HyperparameterSet) -> ChildResult {
        evaluateBatch(of: 1, settings).last!
    }

    /// Proposes up to `count` children (as many as the strategy has ready), measures them (training them
    /// at once, one thread each) and observes them in order.
    @discardableResult
    func evaluateBatch(of count: Int, _ settings: HyperparameterSet) -> [ChildResult] {
        let count = max(1, min(count, strategy.proposalsReady))
        let architectures = (0..<count).map { _ in strategy.propose(using: &generator, settings: settings) }
        let results: [ChildResult]
        if let table {
            results = architectures.map { architecture in
                let row = table.rows[space.index(of: architecture)!]!
                return ChildResult(architecture: architecture, accuracy: row.accuracy, parameterCount: row.parameters,
                                   seconds: row.seconds, trainLoss: .nan)
            }
        } else {
            var trainer = trainer!
            trainer.epochs = settings.integer("child-epochs")
            trainer.learningRate = settings.float("child-learning-rate")
            trainer.batchSize = settings.integer("child-batch-size")
            let jobs = architectures.map { architecture -> (architecture: Architecture, seed: UInt64) in
                childSeed &+= 1
                return (architecture, childSeed)
            }
            let trained = trainer.trainConcurrently(jobs)
            results = trained.map(\.result)
            lastParameters = trained.last!.parameters
        }
        for result in results {
            history.append(result)
            strategy.observe(result, settings: settings)
        }
        return results
    }

    public func step(_ settings: HyperparameterSet) throws -> StepReport {
        let results = evaluateBatch(of: parallelChildren, settings)
        let accuracy = results.map(\.accuracy).reduce(0, +) / Double(results.count)
        return StepReport(loss: Float(1 - accuracy), examples: results.count, components: ["child accuracy": Float(accuracy)])
    }

    public func evaluate(_ settings: HyperparameterSet) throws -> [Metric] {
        let seconds = history.isEmpty ? 0 : history.map(\.seconds).reduce(0, +) / Double(history.count)
        var metrics: [Metric] = [
            .accuracy(best?.accuracy ?? 0, name: "best accuracy"),
            Metric("evaluations", Double(history.count), higherIsBetter: true),
            Metric("distinct architectures", Double(Set(history.map(\.architecture)).count), higherIsBetter: true),
            .accuracy(history.last?.accuracy ?? 0, name: "last accuracy"),
            Metric(table == nil ? "seconds per child" : "table seconds per child", seconds, higherIsBetter: false),
        ]
        if let optimum = table?.best?.accuracy {
            metrics.append(Metric("regret", optimum - (best?.accuracy ?? 0), higherIsBetter: false))
        }
        return metrics + strategy.metrics
    }

    public var parameters: [NamedParameter] { strategy.parameters ?? lastParameters }

    public func panels(_ settings: HyperparameterSet) -> [any TopicPanel] {
        guard let last = history.last else { return [] }
        var panels: [any TopicPanel] = [LeaderboardPanel(history: history)]
        switch last.architecture {
        case .cell(let cell): panels.append(CellDiagramPanel(cell: cell, accuracy: last.accuracy))
        case .nasnet(let nasnet): panels.append(NASNetCellPanel(architecture: nasnet, accuracy: last.accuracy, title: "Latest NASNet cells"))
        case .macro: break
        }
        panels.append(ParetoPanel(history: history))
        if let optimum = table?.best?.accuracy, !referenceCurves.isEmpty {
            var best = -Double.infinity
            let own = history.map { best = max(best, $0.accuracy); return optimum - best }
            panels.append(RegretPanel(curves: referenceCurves + [("this run", own)]))
        }
        return panels + strategy.panels
    }
}
