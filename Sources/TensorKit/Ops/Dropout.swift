extension Tensor {
    /// Inverted dropout: each value is zeroed with probability `rate` and the survivors are
    /// scaled by 1 / (1 - rate), so evaluation needs no rescaling. Identity when `rate` is 0.
    ///
    ///     y = x ⊙ mask,   mask_i = 0 (probability rate) or 1 / (1 - rate);   dx = dy ⊙ mask
    ///
    /// One uniform draw per value, in order (the same masks as `x * Tensor(mask)`), and one graph
    /// node that keeps the mask for backward.
    public func dropout(rate: Float, using generator: inout SeededGenerator) -> Tensor {
        precondition(rate >= 0 && rate < 1, "dropout rate must be in [0, 1)")
        guard rate > 0 else { return self }
        let keep = 1 / (1 - rate)
        // A draw u = k / 2^24 (k the top 24 bits of the next 64) drops its value when u < rate,
        // that is when k < ceil(rate · 2^24): the same test in integers, without a branch.
        let threshold = Int64((Double(rate) * 16_777_216).rounded(.up))
        var draws = generator   // a local copy keeps the generator's state in registers
        let mask = [Float](unsafeUninitializedCapacity: count) { mask, initialized in
            for i in 0..<mask.count {
                let k = Int64(draws.next() >> 40)
                let kept = ((k &- threshold) >> 63) &+ 1   // 0 when k < threshold, else 1
                mask[i] = keep * Float(kept)                // keep · 1 or keep · 0, exactly
            }
            initialized = mask.count
        }
        generator = draws
        let values = [Float](unsafeUninitializedCapacity: count) { y, initialized in
            data.withUnsafeBufferPointer { x in
                mask.withUnsafeBufferPointer { m in
                    let (to, a, b) = (y.baseAddress!, x.baseAddress!, m.baseAddress!)
                    BLAS.forEachRange(y.count) { range in for i in range { to[i] = a[i] * b[i] } }
                }
            }
            initialized = y.count
        }
        let input = self
        return .result(shape: shape, data: values, parents: [input]) { gradient in
            input.accumulateGrad([Float](unsafeUninitializedCapacity: mask.count) { dx, initialized in
                gradient.withUnsafeBufferPointer { g in
                    mask.withUnsafeBufferPointer { m in
                        let (to, a, b) = (dx.baseAddress!, g.baseAddress!, m.baseAddress!)
                        BLAS.forEachRange(dx.count) { range in for i in range { to[i] = a[i] * b[i] } }
                    }
                }
                initialized = dx.count
            })
        }
    }
}
