import Lab
import NeuralNet
import TensorKit
import TopicViews

/// How a search picks its next architecture and learns from the ones it measured. One object per
/// run, made for the run's space (see `StrategyKind.make`).
///
/// A run may ask for several proposals before it observes their results (children trained at once,
/// at most `proposalsReady` of them); results are observed in the order they were proposed.
public protocol SearchStrategy: AnyObject {
    /// The next architecture to evaluate.
    func propose(using generator: inout SeededGenerator, settings: HyperparameterSet) -> Architecture
    /// Learns from a finished evaluation (of the oldest proposal not yet observed).
    func observe(_ result: ChildResult, settings: HyperparameterSet)
    /// How many proposals may be made before the next observation (default: any number).
    var proposalsReady: Int { get }
    /// Metrics of the strategy itself, after the ones every search has.
    var metrics: [Metric] { get }
    /// Panels of the strategy itself.
    var panels: [any TopicPanel] { get }
    /// Trainable parameters of the strategy (a controller); nil: the inspector shows the last child's.
    var parameters: [NamedParameter]? { get }
}

extension SearchStrategy {
    public func observe(_ result: ChildResult, settings: HyperparameterSet) {}
    public var proposalsReady: Int { .max }
    public var metrics: [Metric] { [] }
    public var panels: [any TopicPanel] { [] }
    public var parameters: [NamedParameter]? { nil }
}

/// The search strategies of the topic, each an experiment of its own (`nas.<kind>`).
public enum StrategyKind: String, CaseIterable, Sendable {
    case random, evolution, reinforce, pnas, pqt

    public var descriptor: ExperimentDescriptor {
        let (title, summary): (String, String) = switch self {
        case .random: ("Random architecture search",
                       "Uniform samples of a cell (or 4-layer) space, trained on 8x8 digits or replayed from the table")
        case .evolution: ("Regularized evolution", "Aging evolution: tournament, mutate one decision, remove the oldest")
        case .reinforce: ("REINFORCE with an LSTM controller", "An LSTM controller samples architectures and learns from their accuracy")
        case .pnas: ("Progressive search (PNAS)",
                     "Grow cells one block (or edge) at a time; a surrogate MLP ranks every expansion, the top K are trained")
        case .pqt: ("Priority-queue training (PQT)",
                    "The LSTM controller learns by maximum likelihood on the best K architectures seen so far")
        }
        return ExperimentDescriptor(id: "nas.\(rawValue)", title: title, topic: "nas", summary: summary, datasets: ["uci-digits"])
    }

    /// The strategy's own settings (after the ones every search has).
    var ownSettings: [Hyperparameter] {
        switch self {
        case .random: []
        case .evolution: [
            .integer("population", 10, in: 2...500, "members alive at once (P)"),
            .integer("sample-size", 3, in: 1...500, live: true, "members drawn for each tournament (S)"),
        ]
        case .reinforce: [
            .real("controller-learning-rate", 0.005, in: 1e-5...1, logarithmic: true, live: true, "Adam step size of the controller"),
            .real("baseline-decay", 0.8, in: 0...0.999, live: true, "β of the moving-average baseline"),
            .real("entropy-weight", 0.03, in: 0...1, live: true, "weight of the entropy bonus that keeps the controller exploring"),
        ]
        case .pnas: [
            .integer("beam", 8, in: 1...256, "K: expansions trained per level (the beam)"),
            .integer("first-level", 16, in: 1...10_000, "at most this many one-block (one-edge) cells trained first, drawn at random"),
            .integer("surrogate-steps", 100, in: 1...10_000, live: true, "Adam steps of the surrogate after each level"),
            .real("surrogate-learning-rate", 0.01, in: 1e-5...1, logarithmic: true, live: true, "Adam step size of the surrogate"),
        ]
        case .pqt: [
            .integer("queue-size", 10, in: 1...1000, "K: the best distinct architectures kept in the priority queue"),
            .real("controller-learning-rate", 0.002, in: 1e-5...1, logarithmic: true, live: true, "Adam step size of the controller"),
            .real("entropy-weight", 1, in: 0...10, live: true, "weight of the entropy bonus that keeps the controller exploring"),
        ]
        }
    }

    /// Every setting of `nas.<kind>`, with its default.
    public var settings: HyperparameterSet { HyperparameterSet(SearchRun.commonSettings + ownSettings) }

    /// A strategy for `space`, seeded from `generator`.
    func make(space: SearchSpace, using generator: inout SeededGenerator, settings: HyperparameterSet) -> any SearchStrategy {
        switch self {
        case .random: RandomSearch(space: space)
        case .evolution: RegularizedEvolution(space: space)
        case .reinforce: ReinforceSearch(space: space, using: &generator, settings: settings)
        case .pnas: ProgressiveSearch(space: space, using: &generator, settings: settings)
        case .pqt: PriorityQueueTraining(space: space, using: &generator, settings: settings)
        }
    }
}
