import TensorKit

/// Inverted dropout (Srivastava et al. 2014): active only while training.
public struct Dropout: Sendable {
    public var rate: Float
    public init(rate: Float) {
        precondition(rate >= 0 && rate < 1, "dropout rate must be in [0, 1)")
        self.rate = rate
    }

    public func callAsFunction(_ x: Tensor, training: Bool, using generator: inout SeededGenerator) -> Tensor {
        training ? x.dropout(rate: rate, using: &generator) : x
    }
}
