import NeuralNet
import TensorKit

/// The localisation network f_loc of a spatial transformer: image in, transformation
/// parameters θ = f_loc(U) out (Jaderberg et al. 2015, section 3.1).
///
/// Fully connected: S² → 32 → 32 → k (ReLU). Convolutional: 2x2 max pool, conv 20@5x5, ReLU,
/// 2x2 max pool, conv 20@5x5, ReLU, fully connected 50, ReLU, → k. The last layer starts with
/// zero weights and the identity transformation as its bias, so training starts from θ = identity
/// and the classifier first sees the (resampled) input unchanged.
public final class LocalisationNetwork: ParameterContainer {
    /// Fully connected (ST-FCN) or convolutional (ST-CNN).
    public enum Kind: String, Sendable { case fullyConnected = "fully-connected", convolutional }

    public let kind: Kind
    let side: Int
    let convolutions: [Conv2D]
    let hidden: [Linear]
    /// The last layer: zero weights, identity bias.
    public let output: Linear

    /// A localisation network for `side x side` images predicting `family.parameterCount` numbers.
    public init(_ kind: Kind, side: Int, family: TransformFamily, using generator: inout SeededGenerator) {
        self.kind = kind
        self.side = side
        var features: Int
        switch kind {
        case .fullyConnected:
            convolutions = []
            features = side * side
        case .convolutional:
            convolutions = [Conv2D(1, 20, kernel: 5, using: &generator), Conv2D(20, 20, kernel: 5, using: &generator)]
            let afterFirst = ((side / 2) - 4) / 2
            features = 20 * (afterFirst - 4) * (afterFirst - 4)
            precondition(afterFirst - 4 >= 1, "image side \(side) too small for the convolutional localisation network")
        }
        var layers: [Linear] = []
        for width in (kind == .fullyConnected ? [32, 32] : [50]) {
            layers.append(Linear(features, width, initializer: .heNormal, using: &generator))
            features = width
        }
        hidden = layers
        output = Linear(features, family.parameterCount, initializer: .constant(0), using: &generator)
        output.bias!.data = family.identity
    }

    /// `x: [N, 1, S, S]` → θ `[N, k]`.
    public func callAsFunction(_ x: Tensor) -> Tensor {
        var h = x
        if kind == .convolutional {
            let pool = MaxPool2D(kernel: 2)
            h = pool(h)                               // [N, 1, S/2, S/2]
            h = convolutions[0].pooled(h).relu()      // [N, 20, (S/2-4)/2, ...] (pooled first, as in ImageClassifier)
            h = convolutions[1](h).relu()             // [N, 20, ..., ...]
        }
        h = h.reshaped([x.shape[0], -1])
        for layer in hidden { h = layer(h).relu() }
        return output(h)
    }

    public var parameters: [NamedParameter] {
        convolutions.enumerated().flatMap { $1.parameters.prefixed("conv\($0)") }
            + hidden.enumerated().flatMap { $1.parameters.prefixed("fc\($0)") }
            + output.parameters.prefixed("output")
    }
}
