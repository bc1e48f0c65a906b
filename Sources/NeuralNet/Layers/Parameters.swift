import TensorKit

/// A trainable tensor with the dotted name it has inside its model ("encoder.0.weight").
public struct NamedParameter {
    public let name: String
    public let tensor: Tensor
    public init(_ name: String, _ tensor: Tensor) {
        self.name = name
        self.tensor = tensor
    }
}

/// Anything that owns parameters lists them explicitly (no reflection).
public protocol ParameterContainer {
    var parameters: [NamedParameter] { get }
}

extension ParameterContainer {
    /// The total number of trainable values.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.tensor.count } }

    /// Clears every parameter's gradient.
    public func zeroGradients() { for parameter in parameters { parameter.tensor.zeroGrad() } }
}

extension Array where Element == NamedParameter {
    /// The same parameters with `prefix.` in front of every name.
    public func prefixed(_ prefix: String) -> [NamedParameter] {
        map { NamedParameter("\(prefix).\($0.name)", $0.tensor) }
    }
}

/// How new weights are drawn.
public enum Initializer: Sendable {
    /// Uniform in ±sqrt(6 / (fanIn + fanOut)) (Glorot & Bengio 2010): keeps activation variance
    /// steady for tanh and sigmoid layers.
    case glorotUniform
    /// Normal with standard deviation sqrt(2 / fanIn) (He et al. 2015), for ReLU layers.
    case heNormal
    case normal(standardDeviation: Float)
    case uniform(ClosedRange<Float>)
    case constant(Float)

    public func make(_ shape: [Int], fanIn: Int, fanOut: Int, using generator: inout SeededGenerator) -> Tensor {
        let tensor: Tensor
        switch self {
        case .glorotUniform:
            let limit = (6 / Float(max(fanIn + fanOut, 1))).squareRoot()
            tensor = .randomUniform(shape, in: -limit...limit, using: &generator)
        case .heNormal:
            tensor = .randomNormal(shape, standardDeviation: (2 / Float(max(fanIn, 1))).squareRoot(), using: &generator)
        case .normal(let deviation):
            tensor = .randomNormal(shape, standardDeviation: deviation, using: &generator)
        case .uniform(let range):
            tensor = .randomUniform(shape, in: range, using: &generator)
        case .constant(let value):
            tensor = .full(shape, value)
        }
        return tensor.trainable()
    }
}
