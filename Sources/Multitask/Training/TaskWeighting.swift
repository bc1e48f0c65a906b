#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NeuralNet
import TensorKit

/// How the two task losses are combined into one update of the shared layers.
public enum WeightingChoice: String, CaseIterable, Sendable {
    case uniform, fixed, uncertainty, gradnorm, mgda, pcgrad
    public static var names: [String] { allCases.map(\.rawValue) }
}

/// What one step knows about each task when the weights are chosen.
public struct TaskSignals {
    /// The minibatch loss of each task.
    public var losses: [Float]
    /// dL_i / dS: each task's gradient on the shared representation S (the trunk's output).
    public var representationGradients: [[Float]]
    /// dL_i / dW: each task's gradient on the last shared layer's weights.
    public var layerGradients: [[Float]]
}

/// Chooses task weights w_i every step; the shared layers then receive sum_i w_i dL_i/dS.
///
/// - uniform: w_i = 1.
/// - fixed: w = (1, w_2), the hand-set weight of the second task (`fixedSecondWeight`).
/// - uncertainty (Kendall, Gal & Cipolla 2018): each task has a learned log-variance
///   s_i = log σ_i², and the loss is sum_i exp(-s_i) L_i + s_i / 2 (the classification form
///   (1/σ²) L + log σ). So w_i = exp(-s_i), and dL/ds_i = 1/2 - exp(-s_i) L_i: at rest
///   w_i = 1 / (2 L_i), a noisy (high-loss) task is down-weighted. Unless `rawUncertainty`, the
///   weights applied are exp(-s_i) rescaled to mean 1: under Adam a common scale that shrinks
///   during training (here from 1 to about 0.6) acts as a learning-rate decay, which cost half
///   a point on both tasks; rescaled, only the balance between the tasks changes.
/// - gradnorm (Chen et al. 2018): G_i = w_i ‖∇_W L_i‖ on the last shared layer W; with the
///   relative inverse training rate r_i = (L_i / L_i(0)) / mean_j (L_j / L_j(0)), the target is
///   Ḡ r_i^α (Ḡ the mean norm, held constant) and w is moved down the gradient of
///   L_grad = sum_i |G_i - Ḡ r_i^α|, i.e. dL_grad/dw_i = sign(G_i - target_i) ‖∇_W L_i‖, then
///   renormalised to sum_i w_i = 2.
/// - mgda (MGDA-UB, Sener & Koltun 2018): the min-norm point of the convex hull of the two
///   representation gradients, closed form for two tasks:
///   α = clip(((g2 - g1) · g2) / ‖g1 - g2‖², 0, 1), w = (α, 1 - α); the heads keep their own
///   unweighted gradients.
/// - pcgrad (PCGrad, Yu et al. 2020): w_i = 1, but where the two gradients conflict
///   (g1 · g2 < 0) each loses its component along the other before they are summed:
///   g1' = g1 - (g1 · g2 / ‖g2‖²) g2 and g2' = g2 - (g2 · g1 / ‖g1‖²) g1 (see `sharedSeed`).
public final class TaskWeighting {
    public let choice: WeightingChoice
    public private(set) var weights: [Float]
    /// Uncertainty weighting's log-variances s_i (trained with the model's optimizer).
    public let logVariances: Tensor
    /// GradNorm's asymmetry α.
    public var gradNormAlpha: Float = 1.5
    /// The second task's weight under `fixed` (the first task's is 1).
    public var fixedSecondWeight: Float = 1
    /// Uncertainty weighting applies exp(-s_i) as it is (the paper) instead of rescaled to mean 1.
    public var rawUncertainty = false
    private var initialLosses: [Float]?
    private let gradNormOptimizer: Adam
    private let gradNormWeights: Tensor

    public init(_ choice: WeightingChoice, taskCount: Int = 2, gradNormLearningRate: Float = 0.025) {
        self.choice = choice
        weights = [Float](repeating: 1, count: taskCount)
        logVariances = Tensor.zeros([taskCount]).trainable()
        gradNormWeights = Tensor.ones([taskCount]).trainable()
        gradNormOptimizer = Adam([NamedParameter("weights", gradNormWeights)], learningRate: gradNormLearningRate)
    }

    /// Parameters the model's optimizer should train (the log-variances, for uncertainty weighting).
    public var parameters: [NamedParameter] {
        choice == .uncertainty ? [NamedParameter("log-variance", logVariances)] : []
    }

    /// Whether the task-specific layers are scaled by the weights too (every rule but MGDA,
    /// whose heads follow their own task's gradient).
    public var weightsHeads: Bool { choice != .mgda }

    /// The weights for this step (and, for uncertainty weighting, the log-variances' gradient).
    @discardableResult
    public func update(_ signals: TaskSignals) -> [Float] {
        switch choice {
        case .uniform, .pcgrad:
            weights = weights.map { _ in 1 }
        case .fixed:
            weights = weights.indices.map { $0 == 1 ? fixedSecondWeight : 1 }
        case .uncertainty:
            let precisions = logVariances.data.map { expf(-$0) }
            logVariances.accumulateGrad(zip(precisions, signals.losses).map { 0.5 - $0 * $1 })
            let mean = precisions.reduce(0, +) / Float(precisions.count)
            weights = rawUncertainty ? precisions : precisions.map { $0 / mean }
        case .gradnorm:
            weights = gradNorm(signals)
        case .mgda:
            let alpha = Self.minimumNormCoefficient(signals.representationGradients[0], signals.representationGradients[1])
            weights = [alpha, 1 - alpha]
        }
        return weights
    }

    /// The gradient the shared layers receive on their output S: sum_i w_i g_i, where
    /// g_i = dL_i/dS. PCGrad first projects each g_i onto the normal plane of every other g_j it
    /// conflicts with (using the original g_j). Projecting in S rather than on the shared
    /// weights, as MGDA-UB does, keeps one backward pass through the trunk.
    public func sharedSeed(_ gradients: [[Float]]) -> [Float] {
        var surgered = gradients
        if choice == .pcgrad {
            for i in gradients.indices {
                for j in gradients.indices where j != i {
                    let dot = Self.dot(surgered[i], gradients[j])
                    let norm = Self.dot(gradients[j], gradients[j])
                    guard dot < 0, norm > 0 else { continue }
                    let scale = Float(dot / norm)
                    for k in surgered[i].indices { surgered[i][k] -= scale * gradients[j][k] }
                }
            }
        }
        return Self.weightedSum(surgered, weights)
    }

    /// sum_i w_i v_i over vectors of one length.
    static func weightedSum(_ vectors: [[Float]], _ weights: [Float]) -> [Float] {
        var total = [Float](repeating: 0, count: vectors.first?.count ?? 0)
        for (vector, weight) in zip(vectors, weights) {
            for k in total.indices { total[k] += weight * vector[k] }
        }
        return total
    }

    /// a · b, accumulated in Double.
    static func dot(_ a: [Float], _ b: [Float]) -> Double {
        zip(a, b).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
    }

    /// The combined loss value sum_i w_i L_i; for uncertainty weighting the paper's objective
    /// sum_i exp(-s_i) L_i + s_i / 2, whichever scale is applied.
    public func combinedLoss(_ losses: [Float]) -> Float {
        guard choice == .uncertainty else { return zip(weights, losses).reduce(0) { $0 + $1.0 * $1.1 } }
        return zip(logVariances.data, losses).reduce(0) { $0 + expf(-$1.0) * $1.1 + $1.0 / 2 }
    }

    private func gradNorm(_ signals: TaskSignals) -> [Float] {
        let current = gradNormWeights.data
        let initial = initialLosses ?? signals.losses.map { Swift.max($0, 1e-6) }
        initialLosses = initial
        let norms = signals.layerGradients.map { Self.norm($0) }
        let ratios = zip(signals.losses, initial).map { $0 / $1 }
        let meanRatio = ratios.reduce(0, +) / Float(ratios.count)
        let weighted = zip(current, norms).map { $0 * $1 }
        let meanNorm = weighted.reduce(0, +) / Float(weighted.count)
        let targets = ratios.map { meanNorm * powf($0 / Swift.max(meanRatio, 1e-12), gradNormAlpha) }
        gradNormOptimizer.zeroGradients()
        gradNormWeights.accumulateGrad((0..<current.count).map { i in
            (weighted[i] > targets[i] ? 1 : (weighted[i] < targets[i] ? -1 : 0)) * norms[i]
        })
        gradNormOptimizer.step()
        // Keep the weights positive and summing to the task count.
        let clipped = gradNormWeights.data.map { Swift.max($0, 1e-3) }
        let scale = Float(clipped.count) / clipped.reduce(0, +)
        gradNormWeights.data = clipped.map { $0 * scale }
        return gradNormWeights.data
    }

    /// MGDA-UB's closed form for two tasks: the α in 0...1 minimising ‖α g1 + (1 - α) g2‖².
    public static func minimumNormCoefficient(_ first: [Float], _ second: [Float]) -> Float {
        var numerator: Double = 0, denominator: Double = 0
        for (a, b) in zip(first, second) {
            let difference = Double(b) - Double(a)
            numerator += difference * Double(b)
            denominator += difference * difference
        }
        guard denominator > 0 else { return 0.5 }
        return Float(Swift.min(Swift.max(numerator / denominator, 0), 1))
    }

    static func norm(_ values: [Float]) -> Float { Float(dot(values, values).squareRoot()) }

    /// cos(a, b) = a · b / (‖a‖ ‖b‖); 0 when either is zero.
    public static func cosine(_ a: [Float], _ b: [Float]) -> Float {
        let left = dot(a, a), right = dot(b, b)
        guard left > 0, right > 0 else { return 0 }
        return Float(dot(a, b) / (left * right).squareRoot())
    }
}
