/// One tensor as the tape captured it: its shape, a summary, and its values when they fit the
/// tape's caps (`nil` otherwise), for a heatmap or an image.
public struct TapeValues: Hashable, Sendable {
    /// Shape of the tensor.
    public var shape: [Int]
    /// Statistics of all its values.
    public var summary: TapeSummary
    /// A copy of the values, row-major, or `nil` when the tensor was larger than
    /// ``TapeOptions/valueCap`` or the tape's ``TapeOptions/valueBudget`` was spent.
    public var values: [Float]?

    public init(shape: [Int], summary: TapeSummary, values: [Float]?) {
        self.shape = shape
        self.summary = summary
        self.values = values
    }
}

/// A gradient the tape saw during backward, judged against the values it belongs to.
///
/// Exploding rule: a gradient g of a tensor x explodes when
/// rms(g) > ``TapeOptions/explodingRatio`` · max(rms(x), ``TapeOptions/explodingFloor``),
/// i.e. when an update with learning rate 1/ratio would move x by more than its own typical size
/// (the floor keeps near-zero tensors, such as biases initialised at 0, from being flagged for
/// ordinary gradients). Non-finite values are reported by ``TapeSummary/hasNonFinite``, not here.
public struct TapeGradient: Hashable, Sendable {
    /// The gradient's shape, summary and (capped) values.
    public var gradient: TapeValues
    /// rms(g) / max(rms(x), floor).
    public var ratio: Double
    /// Whether ``ratio`` exceeds ``TapeOptions/explodingRatio``.
    public var isExploding: Bool

    public init(gradient: TapeValues, ratio: Double, isExploding: Bool) {
        self.gradient = gradient
        self.ratio = ratio
        self.isExploding = isExploding
    }

    /// Judges `gradient` against the summary of the values it belongs to.
    public init(gradient: TapeValues, of value: TapeSummary, options: TapeOptions) {
        let ratio = gradient.summary.rootMeanSquare / Swift.max(value.rootMeanSquare, options.explodingFloor)
        self.init(gradient: gradient, ratio: ratio, isExploding: ratio > options.explodingRatio)
    }
}
