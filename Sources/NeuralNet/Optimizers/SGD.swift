import TensorKit

/// Stochastic gradient descent with optional momentum (Polyak heavy ball or Nesterov) and L2
/// weight decay:
///
///     g = grad + λ w
///     v = μ v + g
///     w -= η (Nesterov ? g + μ v : v)       (plain SGD when μ = 0)
public final class SGD: Optimizer {
    public var learningRate: Float
    public var momentum: Float
    public var nesterov: Bool
    public var weightDecay: Float
    public let parameters: [NamedParameter]
    private var velocity: Buffers

    public init(_ parameters: [NamedParameter], learningRate: Float, momentum: Float = 0, nesterov: Bool = false,
                weightDecay: Float = 0) {
        self.parameters = parameters
        self.learningRate = learningRate
        self.momentum = momentum
        self.nesterov = nesterov
        self.weightDecay = weightDecay
        velocity = Buffers(like: parameters)
    }

    public func step() {
        let (rate, mu, decay, nesterov) = (learningRate, momentum, weightDecay, nesterov)
        forEachUpdate(parameters) { index, w, g in
            velocity.values[index].withUnsafeMutableBufferPointer { v in
                for i in 0..<w.count {
                    let gradient = g[i] + decay * w[i]
                    if mu == 0 {
                        w[i] -= rate * gradient
                    } else {
                        v[i] = mu * v[i] + gradient
                        w[i] -= rate * (nesterov ? gradient + mu * v[i] : v[i])
                    }
                }
            }
        }
    }

    public var state: [String: [Float]] { velocity.exported("sgd.velocity", parameters) }
    public func restore(_ state: [String: [Float]]) throws {
        velocity = try Buffers.imported("sgd.velocity", parameters, from: state)
    }
}
