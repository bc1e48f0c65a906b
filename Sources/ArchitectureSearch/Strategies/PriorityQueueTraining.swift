import Lab
import NeuralNet
import TensorKit
import TopicViews

/// Priority-queue training (Abolafia et al. 2018, "Neural Program Synthesis with Priority Queue
/// Training"), with architectures in place of programs: the LSTM `Controller` samples an architecture,
/// it is evaluated, and a max-priority queue keeps the K best distinct architectures seen so far. The
/// controller is then trained by maximum likelihood on the queue, with an entropy bonus:
///
///     L(θ) = −(1/K) Σ_{a ∈ queue} log p_θ(a)  −  λ H(p_θ)
///
/// (H: the summed entropy of the decision distributions along the latest sample). There is no reward
/// scale, no baseline and no advantage: only the ranking of the rewards matters, since it decides what
/// is in the queue. One Adam step per evaluation (the paper: batches of programs, RMSProp).
final class PriorityQueueTraining: SearchStrategy {
    /// A queued architecture and its best accuracy.
    struct Entry: Equatable {
        let decisions: [Int]
        let accuracy: Double
    }

    let controller: Controller
    let space: SearchSpace
    private let optimizer: Adam
    private let capacity: Int
    /// The queue, most accurate first, at most `capacity` distinct architectures.
    private(set) var queue: [Entry] = []
    /// Entropy graphs of proposals not yet observed, oldest first.
    private var pending: [Tensor] = []
    /// Mean log-likelihood of the queue after each update, and the latest sample's entropy.
    private(set) var likelihoods: [Double] = []
    private(set) var lastEntropy: Float = 0

    init(space: SearchSpace, using generator: inout SeededGenerator, settings: HyperparameterSet) {
        self.space = space
        controller = Controller(choiceCounts: space.choiceCounts, using: &generator)
        optimizer = Adam(controller.parameters, learningRate: settings.float("controller-learning-rate"))
        capacity = settings.integer("queue-size")
    }

    func propose(using generator: inout SeededGenerator, settings: HyperparameterSet) -> Architecture {
        let sample = controller.sampleWithEntropy(using: &generator)
        pending.append(sample.entropy)
        lastEntropy = sample.entropy.scalar
        return space.architecture(decisions: sample.decisions)
    }

    func observe(_ result: ChildResult, settings: HyperparameterSet) {
        guard !pending.isEmpty else { return }
        let entropy = pending.removeFirst()
        push(Entry(decisions: space.decisions(of: result.architecture)!, accuracy: result.accuracy))
        optimizer.follow(settings, learningRateKey: "controller-learning-rate")
        optimizer.zeroGradients()
        let logLikelihood = controller.logProbabilities(of: queue.map(\.decisions)).mean()
        let loss = -logLikelihood - entropy * settings.float("entropy-weight")
        loss.backward()
        optimizer.step()
        likelihoods.append(Double(logLikelihood.scalar))
    }

    /// Inserts `entry` (or raises its accuracy when already queued), keeps the best `capacity`.
    func push(_ entry: Entry) {
        if let index = queue.firstIndex(where: { $0.decisions == entry.decisions }) {
            guard entry.accuracy > queue[index].accuracy else { return }
            queue.remove(at: index)
        }
        let position = queue.firstIndex { $0.accuracy < entry.accuracy } ?? queue.count
        queue.insert(entry, at: position)
        if queue.count > capacity { queue.removeLast() }
    }

    var metrics: [Metric] {
        [.accuracy(queue.first?.accuracy ?? 0, name: "queue best"),
         .accuracy(queue.last?.accuracy ?? 0, name: "queue worst"),
         Metric("queue log-likelihood", likelihoods.last ?? 0, higherIsBetter: true),
         Metric("controller entropy", Double(lastEntropy), higherIsBetter: false)]
    }

    var panels: [any TopicPanel] {
        queue.isEmpty ? [] : [PriorityQueuePanel(entries: queue.map { (space.architecture(decisions: $0.decisions), $0.accuracy) },
                                                 likelihoods: likelihoods)]
    }

    var parameters: [NamedParameter]? { controller.parameters }
}
