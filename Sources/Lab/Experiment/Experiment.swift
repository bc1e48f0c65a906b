import Datasets
import NeuralNet

/// What the catalog knows about an experiment before preparing one.
public struct ExperimentDescriptor: Sendable {
    /// Stable id: "topic.name" ("basics.mlp-digits").
    public let id: String
    public let title: String
    /// The topic id ("basics", "recommenders"...).
    public let topic: String
    /// One line for lists.
    public let summary: String
    /// Dataset names (from data/manifest.json) it trains on.
    public let datasets: [String]
    /// Epochs a run trains by default, headless and on the screen: enough to reach `reproduces`.
    public let epochs: Int
    /// The figure its summary and lesson promise, reached at the defaults with seed 1.
    public let reproduces: Reproduction?

    public init(id: String, title: String, topic: String, summary: String, datasets: [String], epochs: Int = 10,
                reproduces: Reproduction? = nil) {
        self.id = id
        self.title = title
        self.topic = topic
        self.summary = summary
        self.datasets = datasets
        self.epochs = epochs
        self.reproduces = reproduces
    }
}

/// A documented figure: `metric` ends near `value` (within `tolerance`) after the default epochs
/// with the default settings and seed 1. `workbench reproduce` checks every one.
public struct Reproduction: Sendable, Equatable {
    public let metric: String
    public let value: Double
    public let tolerance: Double

    public init(_ metric: String, _ value: Double, within tolerance: Double) {
        self.metric = metric
        self.value = value
        self.tolerance = tolerance
    }

    /// Whether `measured` is within the tolerance.
    public func holds(for measured: Double) -> Bool { abs(measured - value) <= tolerance }

    /// "test RMSE 0.907 ± 0.005".
    public var description: String { "\(metric) \(value) ± \(tolerance)" }
}

/// What preparing a run is given: the fetched datasets, the seed and the settings to build with.
public struct ExperimentContext: Sendable {
    public let store: DataStore
    public let seed: UInt64
    /// The settings the run is built with. Restart-only ones stay fixed for the run's life; live
    /// ones arrive again at every `step`.
    public let settings: HyperparameterSet

    public init(store: DataStore, seed: UInt64, settings: HyperparameterSet) {
        self.store = store
        self.seed = seed
        self.settings = settings
    }
}

/// One minibatch's outcome.
public struct StepReport: Sendable, Equatable {
    /// The training loss of this minibatch.
    public var loss: Float
    /// How many examples it held.
    public var examples: Int
    /// Named parts of the loss (for experiments that add several terms).
    public var components: [String: Float]

    public init(loss: Float, examples: Int, components: [String: Float] = [:]) {
        self.loss = loss
        self.examples = examples
        self.components = components
    }
}

/// A held-out measurement.
public struct Metric: Sendable, Equatable, Codable {
    public let name: String
    public let value: Double
    public let higherIsBetter: Bool

    public init(_ name: String, _ value: Double, higherIsBetter: Bool) {
        self.name = name
        self.value = value
        self.higherIsBetter = higherIsBetter
    }

    public static func accuracy(_ value: Double, name: String = "accuracy") -> Metric { Metric(name, value, higherIsBetter: true) }
    public static func loss(_ value: Double, name: String = "loss") -> Metric { Metric(name, value, higherIsBetter: false) }
}

/// A row of the model summary: layer, output shape, parameter count.
public struct ModelSummaryRow: Sendable, Equatable {
    public let layer: String
    public let shape: String
    public let parameters: Int
    public init(_ layer: String, _ shape: String, _ parameters: Int) {
        self.layer = layer
        self.shape = shape
        self.parameters = parameters
    }
}

/// A prepared run of one experiment: its data loaded and its model built, by the entry's
/// `prepare`. Nothing in it waits to be filled in. The command line and the screen both drive it
/// through a `TrainingSession`: `step` one minibatch at a time (`stepsPerEpoch` make an epoch)
/// and `evaluate` whenever a held-out measurement is wanted.
public protocol ExperimentRun: AnyObject {
    /// Minibatches in one epoch at the current settings.
    var stepsPerEpoch: Int { get }
    /// One minibatch. `settings` are the run's current settings; live ones may have changed
    /// since the last step, restart-only ones are those the run was built with.
    func step(_ settings: HyperparameterSet) throws -> StepReport
    /// Held-out metrics, with the run's current settings (a live one may change what is measured).
    func evaluate(_ settings: HyperparameterSet) throws -> [Metric]
    /// Trainable parameters by name (the inspector shows their norms and updates).
    var parameters: [NamedParameter] { get }
    var modelSummary: [ModelSummaryRow] { get }
}

extension ExperimentRun {
    public var modelSummary: [ModelSummaryRow] {
        parameters.map { ModelSummaryRow($0.name, "\($0.tensor.shape)", $0.tensor.count) }
    }
}
