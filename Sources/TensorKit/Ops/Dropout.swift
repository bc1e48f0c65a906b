extension Tensor {
    /// Inverted dropout: each value is zeroed with probability `rate` and the survivors are
    /// scaled by 1 / (1 - rate), so evaluation needs no rescaling. Identity when `rate` is 0.
    public func dropout(rate: Float, using generator: inout SeededGenerator) -> Tensor {
        precondition(rate >= 0 && rate < 1, "dropout rate must be in [0, 1)")
        guard rate > 0 else { return self }
        let keep = 1 / (1 - rate)
        let mask = (0..<count).map { _ in generator.nextUniform() < rate ? Float(0) : keep }
        return self * Tensor(shape: shape, data: mask)
    }
}
