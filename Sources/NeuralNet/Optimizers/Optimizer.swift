import TensorKit

/// Updates parameters from their accumulated gradients. The learning rate may change between
/// steps (schedules, or a learner editing it live).
public protocol Optimizer: AnyObject {
    var learningRate: Float { get set }
    /// L2 penalty strength λ (decoupled for AdamW).
    var weightDecay: Float { get set }
    var parameters: [NamedParameter] { get }
    /// One update of every parameter that has a gradient.
    func step()
    /// Moment buffers and counters by name, for checkpoints.
    var state: [String: [Float]] { get }
    /// Restores `state` (all or nothing); throws `OptimizerStateError` when it does not fit.
    func restore(_ state: [String: [Float]]) throws
}

public struct OptimizerStateError: Error, CustomStringConvertible {
    public let description: String
}

extension Optimizer {
    public func zeroGradients() { for parameter in parameters { parameter.tensor.zeroGrad() } }
}

/// Per-parameter buffers shaped like the parameters (momentum, squared-gradient averages...).
struct Buffers {
    var values: [[Float]]
    init(like parameters: [NamedParameter]) {
        values = parameters.map { [Float](repeating: 0, count: $0.tensor.count) }
    }

    func exported(_ prefix: String, _ parameters: [NamedParameter]) -> [String: [Float]] {
        Dictionary(uniqueKeysWithValues: zip(parameters, values).map { ("\(prefix).\($0.name)", $1) })
    }

    /// Reads the buffers for `prefix` back, checking every name and size first.
    static func imported(_ prefix: String, _ parameters: [NamedParameter], from state: [String: [Float]]) throws -> Buffers {
        var buffers = Buffers(like: parameters)
        for (index, parameter) in parameters.enumerated() {
            let key = "\(prefix).\(parameter.name)"
            guard let saved = state[key] else { throw OptimizerStateError(description: "optimizer state lacks \(key)") }
            guard saved.count == parameter.tensor.count else {
                throw OptimizerStateError(description: "optimizer state \(key) has \(saved.count) values, expected \(parameter.tensor.count)")
            }
            buffers.values[index] = saved
        }
        return buffers
    }
}

/// Visits each parameter that has a gradient with its gradient and values, index aligned.
@inline(__always)
func forEachUpdate(_ parameters: [NamedParameter],
                   _ body: (_ index: Int, _ values: UnsafeMutableBufferPointer<Float>, _ gradient: UnsafeBufferPointer<Float>) -> Void) {
    for (index, parameter) in parameters.enumerated() {
        guard let gradient = parameter.tensor.grad else { continue }
        gradient.withUnsafeBufferPointer { g in
            parameter.tensor.data.withUnsafeMutableBufferPointer { w in body(index, w, g) }
        }
    }
}
