import Lab
import NeuralNet
import TensorKit

/// What every search strategy shares: the data, the child trainer, the history and the best so far.
///
/// One `step()` proposes one architecture, trains it from scratch (`child-epochs` epochs), and feeds its
/// validation accuracy back to the strategy. The reported loss is 1 − accuracy of that child, so the plot
/// falls as the search finds better networks. Subclasses override `propose()` and `observe(_:)`.
public class SearchExperiment: Experiment {
    public var descriptor: ExperimentDescriptor { fatalError("subclass must override") }
    public var hyperparameters: HyperparameterSet

    /// Every child evaluated so far, in order.
    public private(set) var history: [ChildResult] = []
    /// The best child so far (highest validation accuracy).
    public var best: ChildResult? { history.max { $0.accuracy < $1.accuracy } }
    var trainer: ChildTrainer?
    var generator = SeededGenerator(seed: 0)
    private var childSeed: UInt64 = 0
    private var lastNetwork: ChildNetwork?

    /// The settings every strategy has, followed by the strategy's own.
    static func commonHyperparameters(_ own: [Hyperparameter]) -> HyperparameterSet {
        HyperparameterSet([
            .integer("child-epochs", 2, in: 1...50, live: true, "epochs each child trains from scratch"),
            .real("child-learning-rate", 1e-2, in: 1e-5...1, logarithmic: true, live: true, "Adam step size of each child"),
            .integer("child-batch-size", 32, in: 1...1437, live: true, "minibatch size of each child"),
            .integer("evaluations-per-epoch", 10, in: 1...1000, "children evaluated per workbench epoch"),
        ] + own)
    }

    init(hyperparameters: HyperparameterSet) { self.hyperparameters = hyperparameters }

    public func prepare(_ context: ExperimentContext) throws {
        trainer = ChildTrainer(data: try ChildTrainer.digits(store: context.store))
        generator = SeededGenerator(seed: context.seed)
        childSeed = context.seed &* 1_000_003
        history = []
        prepareStrategy()
    }

    /// Called at the end of `prepare` (the generator is seeded).
    func prepareStrategy() {}
    /// The next architecture to evaluate.
    func propose() -> MacroArchitecture { fatalError("subclass must override") }
    /// Learns from a finished evaluation.
    func observe(_ result: ChildResult) {}
    /// Metrics of the strategy itself, appended to the shared ones.
    var strategyMetrics: [Metric] { [] }
    /// Trainable parameters of the strategy (a controller); nil shows the last child's.
    var strategyParameters: [NamedParameter]? { nil }

    public var stepsPerEpoch: Int { hyperparameters.integer("evaluations-per-epoch") }

    public func step() throws -> StepReport {
        guard var trainer else { throw LabError.notPrepared }
        trainer.epochs = hyperparameters.integer("child-epochs")
        trainer.learningRate = hyperparameters.float("child-learning-rate")
        trainer.batchSize = hyperparameters.integer("child-batch-size")
        let architecture = propose()
        childSeed &+= 1
        let (result, network) = trainer.train(architecture, seed: childSeed)
        history.append(result)
        lastNetwork = network
        observe(result)
        return StepReport(loss: Float(1 - result.accuracy), examples: 1,
                          components: ["child accuracy": Float(result.accuracy)])
    }

    public func evaluate() throws -> [Metric] {
        guard trainer != nil else { throw LabError.notPrepared }
        let seconds = history.isEmpty ? 0 : history.map(\.seconds).reduce(0, +) / Double(history.count)
        return [
            .accuracy(best?.accuracy ?? 0, name: "best accuracy"),
            Metric("evaluations", Double(history.count), higherIsBetter: true),
            .accuracy(history.last?.accuracy ?? 0, name: "last accuracy"),
            Metric("seconds per child", seconds, higherIsBetter: false),
        ] + strategyMetrics
    }

    public var parameters: [NamedParameter] { strategyParameters ?? lastNetwork?.parameters ?? [] }

    public func panels() -> [any TopicPanel] {
        history.isEmpty ? [] : [LeaderboardPanel(history: history)]
    }
}
