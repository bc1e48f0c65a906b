import NeuralNet
import TensorKit

/// The network an architecture describes, on 8x8 single-channel images:
///
///     h_0 = x reshaped to [N, 1, 8, 8]
///     h_i = relu(conv_k(h_{i-1}))  (conv3x3 / conv5x5, "same" padding, `width` channels)
///         | maxpool3x3(h_{i-1})     (stride 1, padding 1)
///         | h_{i-1}                 (identity)
///     logits = flatten(h_4) W + b
///
/// Every layer keeps the 8x8 size, so the classifier sees channels · 64 features.
public final class ChildNetwork: ParameterContainer {
    public let architecture: MacroArchitecture
    /// One convolution per layer that has one (nil for max pool and identity).
    let convolutions: [Conv2D?]
    let classifier: Linear
    static let side = 8

    public init(_ architecture: MacroArchitecture, using generator: inout SeededGenerator) {
        self.architecture = architecture
        var channels = 1
        var convolutions: [Conv2D?] = []
        for layer in architecture.layers {
            if let kernel = layer.operation.kernel {
                convolutions.append(Conv2D(channels, layer.width, kernel: kernel, padding: kernel / 2, using: &generator))
                channels = layer.width
            } else {
                convolutions.append(nil)
            }
        }
        self.convolutions = convolutions
        classifier = Linear(channels * Self.side * Self.side, 10, using: &generator)
    }

    /// Logits `[N, 10]` for flat images `[N, 64]`.
    public func callAsFunction(_ images: Tensor) -> Tensor {
        var h = images.reshaped([images.shape[0], 1, Self.side, Self.side])
        let pool = WindowGeometry(kernel: 3, stride: 1, padding: 1)
        for (layer, convolution) in zip(architecture.layers, convolutions) {
            switch layer.operation {
            case .conv3x3, .conv5x5: h = convolution!(h).relu()
            case .maxPool: h = h.maxPool2d(pool)
            case .identity: break
            }
        }
        return classifier(h.reshaped([h.shape[0], -1]))
    }

    public var parameters: [NamedParameter] {
        var all: [NamedParameter] = []
        for (index, convolution) in convolutions.enumerated() {
            guard let convolution else { continue }
            all += convolution.parameters.map { NamedParameter("layer\(index + 1).\($0.name)", $0.tensor) }
        }
        return all + classifier.parameters.map { NamedParameter("classifier.\($0.name)", $0.tensor) }
    }

    /// Trainable scalars in the network.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.tensor.count } }
}
