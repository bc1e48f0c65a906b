import TensorKit

/// A 2-D convolution layer over `[N, C, H, W]` (im2col + GEMM inside `Tensor.conv2d`).
public final class Conv2D: ParameterContainer {
    public let weight: Tensor
    public let bias: Tensor
    public let geometry: WindowGeometry

    public init(_ inputChannels: Int, _ outputChannels: Int, kernel: Int, stride: Int = 1, padding: Int = 0,
                using generator: inout SeededGenerator) {
        let fanIn = inputChannels * kernel * kernel
        weight = Initializer.heNormal.make([outputChannels, inputChannels, kernel, kernel], fanIn: fanIn,
                                           fanOut: outputChannels * kernel * kernel, using: &generator)
        bias = Tensor.zeros([outputChannels]).trainable()
        geometry = WindowGeometry(kernel: kernel, stride: stride, padding: padding)
    }

    public func callAsFunction(_ x: Tensor) -> Tensor { x.conv2d(weight: weight, bias: bias, geometry: geometry) }

    /// The layer, then 2x2 max pooling, as one op (`Tensor.conv2dMaxPooled`: the same values as
    /// `MaxPool2D(kernel: 2)(layer(x))`, without writing the full-size output to memory).
    public func pooled(_ x: Tensor) -> Tensor { x.conv2dMaxPooled(weight: weight, bias: bias, geometry: geometry) }

    public var parameters: [NamedParameter] { [NamedParameter("weight", weight), NamedParameter("bias", bias)] }
}

/// Max pooling with a square window (no parameters).
public struct MaxPool2D: Sendable {
    public let geometry: WindowGeometry
    public init(kernel: Int, stride: Int? = nil, padding: Int = 0) {
        geometry = WindowGeometry(kernel: kernel, stride: stride ?? kernel, padding: padding)
    }
    public func callAsFunction(_ x: Tensor) -> Tensor { x.maxPool2d(geometry) }
}
