import NeuralNet
import TensorKit

/// The classifiers the topic compares, on `[N, 1, S, S]` images.
public enum ClassifierKind: String, Sendable {
    /// FCN: S² → hidden → hidden → classes, ReLU.
    case fullyConnected = "fcn"
    /// CNN: conv 16@5x5, ReLU, 2x2 max pool, conv 32@5x5, ReLU, 2x2 max pool, fully connected
    /// `hidden`, ReLU, → classes.
    case convolutional = "cnn"
}

/// A plain image classifier (the part after the spatial transformer in ST models).
public final class ImageClassifier: ParameterContainer {
    public let kind: ClassifierKind
    let convolutions: [Conv2D]
    let layers: [Linear]

    /// A classifier of `side x side` images into `classes` classes.
    public init(_ kind: ClassifierKind, side: Int, hidden: Int, classes: Int, using generator: inout SeededGenerator) {
        self.kind = kind
        var features = side * side
        var sizes = [hidden, hidden]
        if kind == .convolutional {
            convolutions = [Conv2D(1, 16, kernel: 5, using: &generator), Conv2D(16, 32, kernel: 5, using: &generator)]
            let reduced = ((side - 4) / 2 - 4) / 2
            precondition(reduced >= 1, "image side \(side) too small for the CNN")
            features = 32 * reduced * reduced
            sizes = [hidden]
        } else {
            convolutions = []
        }
        var layers: [Linear] = []
        for width in sizes {
            layers.append(Linear(features, width, initializer: .heNormal, using: &generator))
            features = width
        }
        layers.append(Linear(features, classes, using: &generator))
        self.layers = layers
    }

    /// Logits `[N, classes]` for `x: [N, 1, S, S]`.
    public func callAsFunction(_ x: Tensor) -> Tensor {
        var h = x
        if kind == .convolutional {
            // Pooling before the ReLU gives the same values and gradients as after it (max and
            // ReLU commute, and both pass the gradient to the same first maximum) and touches 4x
            // fewer numbers. Each convolution and its pooling are one op (Conv2D.pooled).
            h = convolutions[0].pooled(h).relu()    // [N, 16, (S-4)/2, ...]
            h = convolutions[1].pooled(h).relu()    // [N, 32, ((S-4)/2-4)/2, ...]
        }
        h = h.reshaped([x.shape[0], -1])
        for layer in layers.dropLast() { h = layer(h).relu() }
        return layers.last!(h)
    }

    public var parameters: [NamedParameter] {
        convolutions.enumerated().flatMap { $1.parameters.prefixed("conv\($0)") }
            + layers.enumerated().flatMap { $1.parameters.prefixed("fc\($0)") }
    }
}
