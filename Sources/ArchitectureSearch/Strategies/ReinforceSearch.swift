import Lab
import NeuralNet
import TensorKit
import TopicViews

/// Neural architecture search with reinforcement learning (Zoph and Le 2017): the LSTM `Controller`
/// samples an architecture a, the child's validation accuracy R is the reward, and REINFORCE
/// (Williams 1992) moves the controller parameters θ along
///
///     ∇θ J ≈ (R − b) ∇θ log p_θ(a)
///
/// with a moving-average baseline b ← β b + (1 − β) R (β = `baseline-decay`; b starts at the first
/// reward) to cut the variance. We minimise −(R − b) log p_θ(a) − λ H(p_θ) with Adam, one architecture
/// per update (the paper used 800 GPUs and batches of architectures). The entropy bonus λ H (as in ENAS,
/// Pham et al. 2018) keeps the controller exploring: Adam rescales even tiny advantages to full-size
/// steps, and without the bonus the controller settled on a few cells within 30 samples (35 distinct
/// cells in 100 evaluations, regret 0.0075 against random search's 0.0038 in replay).
final class ReinforceSearch: SearchStrategy {
    let controller: Controller
    let space: SearchSpace
    private let optimizer: Adam
    /// The graphs of proposals not yet observed, oldest first.
    private var pending: [(logProbability: Tensor, entropy: Tensor)] = []
    /// The moving-average baseline b (nil before the first reward).
    private(set) var baseline: Double?
    /// log p(a) of the latest sampled architecture.
    private(set) var lastLogProbability: Float = 0
    /// Reward of every update and the baseline after it (for the reward panel).
    private(set) var rewards: [Double] = [], baselines: [Double] = []
    /// Summed entropy of the latest sample's decision distributions (nats; uniform macro: 4 ln 4 + 4 ln 2 ≈ 8.3).
    private(set) var lastEntropy: Float = 0

    init(space: SearchSpace, using generator: inout SeededGenerator, settings: HyperparameterSet) {
        self.space = space
        controller = Controller(choiceCounts: space.choiceCounts, using: &generator)
        optimizer = Adam(controller.parameters, learningRate: settings.float("controller-learning-rate"))
    }

    func propose(using generator: inout SeededGenerator, settings: HyperparameterSet) -> Architecture {
        let sample = controller.sampleWithEntropy(using: &generator)
        pending.append((sample.logProbability, sample.entropy))
        lastLogProbability = sample.logProbability.scalar
        lastEntropy = sample.entropy.scalar
        return space.architecture(decisions: sample.decisions)
    }

    func observe(_ result: ChildResult, settings: HyperparameterSet) {
        guard !pending.isEmpty else { return }
        let (logProbability, entropy) = pending.removeFirst()
        let reward = result.accuracy
        let previous = baseline ?? reward
        let advantage = Float(reward - previous)
        optimizer.follow(settings, learningRateKey: "controller-learning-rate")
        optimizer.zeroGradients()
        let loss = logProbability * (-advantage) - entropy * settings.float("entropy-weight")
        loss.backward()
        optimizer.step()
        let decay = settings.real("baseline-decay")
        baseline = decay * previous + (1 - decay) * reward
        rewards.append(reward)
        baselines.append(baseline!)
    }

    var metrics: [Metric] {
        [Metric("baseline", baseline ?? 0, higherIsBetter: true),
         Metric("log-probability", Double(lastLogProbability), higherIsBetter: true),
         Metric("controller entropy", Double(lastEntropy), higherIsBetter: false)]
    }

    var panels: [any TopicPanel] { rewards.isEmpty ? [] : [RewardPanel(rewards: rewards, baselines: baselines)] }

    var parameters: [NamedParameter]? { controller.parameters }
}
