import TensorKit

/// The usual non-linearities, by name (so experiments can offer them as a hyperparameter).
public enum Activation: String, CaseIterable, Sendable {
    case identity, relu, leakyReLU = "leaky-relu", tanh, sigmoid, gelu, softplus

    public func callAsFunction(_ x: Tensor) -> Tensor {
        switch self {
        case .identity: x
        case .relu: x.relu()
        case .leakyReLU: x.leakyReLU()
        case .tanh: x.tanh()
        case .sigmoid: x.sigmoid()
        case .gelu: x.gelu()
        case .softplus: x.softplus()
        }
    }

    /// The initializer that suits this activation.
    public var preferredInitializer: Initializer {
        switch self {
        case .relu, .leakyReLU, .gelu: .heNormal
        default: .glorotUniform
        }
    }
}
