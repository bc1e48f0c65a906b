#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TensorKit

/// Adam (Kingma & Ba 2015), and AdamW's decoupled weight decay (Loshchilov & Hutter 2019):
///
///     m = β1 m + (1 - β1) g          v = β2 v + (1 - β2) g²
///     m̂ = m / (1 - β1^t)             v̂ = v / (1 - β2^t)
///     w -= η (m̂ / (sqrt(v̂) + ε) + λ w)      (AdamW; Adam adds λ w to g instead)
public final class Adam: Optimizer {
    public var learningRate: Float
    public var beta1: Float, beta2: Float, epsilon: Float
    public var weightDecay: Float
    /// true: AdamW (decay applied to the weights); false: L2 added to the gradient.
    public var decoupledWeightDecay: Bool
    public let parameters: [NamedParameter]
    private var first: Buffers, second: Buffers
    private(set) var stepCount = 0

    public init(_ parameters: [NamedParameter], learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999,
                epsilon: Float = 1e-8, weightDecay: Float = 0, decoupledWeightDecay: Bool = false) {
        self.parameters = parameters
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.decoupledWeightDecay = decoupledWeightDecay
        first = Buffers(like: parameters)
        second = Buffers(like: parameters)
    }

    /// AdamW with the usual defaults.
    public static func adamW(_ parameters: [NamedParameter], learningRate: Float = 1e-3, weightDecay: Float = 1e-2) -> Adam {
        Adam(parameters, learningRate: learningRate, weightDecay: weightDecay, decoupledWeightDecay: true)
    }

    public func step() {
        stepCount += 1
        let (rate, b1, b2, eps, decay, decoupled) = (learningRate, beta1, beta2, epsilon, weightDecay, decoupledWeightDecay)
        let correction1 = 1 - powf(b1, Float(stepCount)), correction2 = 1 - powf(b2, Float(stepCount))
        forEachUpdate(parameters) { index, w, g in
            first.values[index].withUnsafeMutableBufferPointer { m in
                second.values[index].withUnsafeMutableBufferPointer { v in
                    VectorKernels.adam(weights: w, gradient: g, first: m, second: v, rate: rate, beta1: b1, beta2: b2,
                                       correction1: correction1, correction2: correction2, epsilon: eps, decay: decay,
                                       decoupled: decoupled)
                }
            }
        }
    }

    public var state: [String: [Float]] {
        first.exported("adam.m", parameters).merging(second.exported("adam.v", parameters)) { a, _ in a }
            .merging(["adam.step": [Float(stepCount)]]) { a, _ in a }
    }

    public func restore(_ state: [String: [Float]]) throws {
        let m = try Buffers.imported("adam.m", parameters, from: state)
        let v = try Buffers.imported("adam.v", parameters, from: state)
        guard let step = state["adam.step"]?.first else { throw OptimizerStateError(description: "optimizer state lacks adam.step") }
        first = m
        second = v
        stepCount = Int(step)
    }
}
