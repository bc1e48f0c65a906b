import Datasets
import NeuralNet
import TensorKit
import TerminalUI

/// What the catalog knows about an experiment before making one.
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

    public init(id: String, title: String, topic: String, summary: String, datasets: [String]) {
        self.id = id
        self.title = title
        self.topic = topic
        self.summary = summary
        self.datasets = datasets
    }
}

/// What `prepare` may use: the fetched datasets and the seed.
public struct ExperimentContext: Sendable {
    public let store: DataStore
    public let seed: UInt64
    public init(store: DataStore, seed: UInt64) {
        self.store = store
        self.seed = seed
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

/// The one protocol the command line and the screen both drive.
///
/// Lifecycle: set `hyperparameters`, `prepare(context)` (loads data, builds the model), then
/// `step()` one minibatch at a time (`stepsPerEpoch` make an epoch) and `evaluate()` whenever a
/// held-out measurement is wanted. Live-editable settings are read again at every step.
public protocol Experiment: AnyObject {
    var descriptor: ExperimentDescriptor { get }
    var hyperparameters: HyperparameterSet { get set }
    func prepare(_ context: ExperimentContext) throws
    var stepsPerEpoch: Int { get }
    func step() throws -> StepReport
    func evaluate() throws -> [Metric]
    /// Trainable parameters by name (the inspector shows their norms and updates).
    var parameters: [NamedParameter] { get }
    var modelSummary: [ModelSummaryRow] { get }
    /// The topic's own views of the model (images, trees, tables...), rendered by the screen.
    func panels() -> [any TopicPanel]
}

extension Experiment {
    public func panels() -> [any TopicPanel] { [] }
    public var modelSummary: [ModelSummaryRow] {
        parameters.map { ModelSummaryRow($0.name, "\($0.tensor.shape)", $0.tensor.count) }
    }
}

/// A titled widget an experiment offers to the screen: a value holding a snapshot of what it shows
/// (the training thread makes it between steps; the UI thread renders it).
public protocol TopicPanel: Widget, Sendable {
    var title: String { get }
}
