import TensorKit

/// Adagrad (Duchi et al. 2011): per-coordinate rates shrink with the sum of squared gradients.
///
///     G += g²        w -= η g / (sqrt(G) + ε)
public final class Adagrad: Optimizer {
    public var learningRate: Float
    public var epsilon: Float
    public var weightDecay: Float
    public let parameters: [NamedParameter]
    private var accumulated: Buffers

    public init(_ parameters: [NamedParameter], learningRate: Float = 1e-2, epsilon: Float = 1e-10, weightDecay: Float = 0) {
        self.parameters = parameters
        self.learningRate = learningRate
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        accumulated = Buffers(like: parameters)
    }

    public func step() {
        let (rate, eps, decay) = (learningRate, epsilon, weightDecay)
        forEachUpdate(parameters) { index, w, g in
            accumulated.values[index].withUnsafeMutableBufferPointer { sum in
                VectorKernels.adagrad(weights: w, gradient: g, sum: sum, rate: rate, epsilon: eps, decay: decay)
            }
        }
    }

    public var state: [String: [Float]] { accumulated.exported("adagrad.sum", parameters) }
    public func restore(_ state: [String: [Float]]) throws {
        accumulated = try Buffers.imported("adagrad.sum", parameters, from: state)
    }
}

/// RMSProp (Tieleman & Hinton 2012): a moving average of squared gradients scales each step.
///
///     s = ρ s + (1 - ρ) g²        w -= η g / (sqrt(s) + ε)
public final class RMSProp: Optimizer {
    public var learningRate: Float
    public var decay: Float, epsilon: Float, weightDecay: Float
    public let parameters: [NamedParameter]
    private var average: Buffers

    public init(_ parameters: [NamedParameter], learningRate: Float = 1e-3, decay: Float = 0.9, epsilon: Float = 1e-8,
                weightDecay: Float = 0) {
        self.parameters = parameters
        self.learningRate = learningRate
        self.decay = decay
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        average = Buffers(like: parameters)
    }

    public func step() {
        let (rate, rho, eps, lambda) = (learningRate, decay, epsilon, weightDecay)
        forEachUpdate(parameters) { index, w, g in
            average.values[index].withUnsafeMutableBufferPointer { s in
                for i in 0..<w.count {
                    let gradient = g[i] + lambda * w[i]
                    s[i] = rho * s[i] + (1 - rho) * gradient * gradient
                    w[i] -= rate * gradient / (s[i].squareRoot() + eps)
                }
            }
        }
    }

    public var state: [String: [Float]] { average.exported("rmsprop.average", parameters) }
    public func restore(_ state: [String: [Float]]) throws {
        average = try Buffers.imported("rmsprop.average", parameters, from: state)
    }
}
