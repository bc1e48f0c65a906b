import NeuralNet
import TensorKit

/// The hand-designed baseline of the transfer experiment: a plain VGG-style stack whose width w is
/// chosen so that it holds as many parameters as the transferred NASNet network,
///
///     conv3x3(1 → w) BN ReLU maxpool2,  conv3x3(w → 2w) BN ReLU maxpool2,  conv3x3(2w → 4w) BN ReLU,
///     global average pool,  linear(4w → 10)
///
/// (BN: `channelStandardized`, as in the cells). 90w² + 56w + 10 parameters.
public final class HandDesignedCNN: ParameterContainer {
    public let width: Int
    public let side: Int
    let convolutions: [Conv2D]
    let classifier: Linear

    public init(width: Int, side: Int = 28, using generator: inout SeededGenerator) {
        self.width = width
        self.side = side
        convolutions = [Conv2D(1, width, kernel: 3, padding: 1, using: &generator),
                        Conv2D(width, 2 * width, kernel: 3, padding: 1, using: &generator),
                        Conv2D(2 * width, 4 * width, kernel: 3, padding: 1, using: &generator)]
        classifier = Linear(4 * width, 10, using: &generator)
    }

    /// Trainable scalars of the network of width `width`.
    public static func parameterCount(width w: Int) -> Int { 90 * w * w + 56 * w + 10 }

    /// The width whose parameter count is closest to `parameters`.
    public static func width(matching parameters: Int) -> Int {
        (1...512).min { abs(parameterCount(width: $0) - parameters) < abs(parameterCount(width: $1) - parameters) }!
    }

    /// Logits `[N, 10]` of flat images `[N, side²]`.
    public func callAsFunction(_ images: Tensor) -> Tensor {
        let count = images.shape[0]
        var h = images.reshaped([count, 1, side, side])
        for (index, convolution) in convolutions.enumerated() {
            h = convolution(h).channelStandardized().relu()
            if index < 2 { h = h.maxPool2d(WindowGeometry(kernel: 2, stride: 2)) }
        }
        return classifier(h.reshaped([count, h.shape[1], h.shape[2] * h.shape[3]]).mean(axis: 2))
    }

    public var parameters: [NamedParameter] {
        convolutions.enumerated().flatMap { index, convolution in
            convolution.parameters.map { NamedParameter("conv\(index + 1).\($0.name)", $0.tensor) }
        } + classifier.parameters.map { NamedParameter("classifier.\($0.name)", $0.tensor) }
    }

    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.tensor.count } }
}
