import CBLAS

/// Element-wise update kernels in C (`Sources/CBLAS/kernels.c`): Swift is compiled here for the
/// x86-64 baseline and turns a vector square root into one library call per lane, so the
/// optimizers' updates run 8 values at a time in C on CPUs with AVX2 (chosen at run time). The
/// C loops use the same operations in the same order as the Swift loops they replaced and no
/// fused multiply-add: the same values, bit for bit.
public enum VectorKernels {
    /// Adam (Kingma & Ba 2015) on `w`, `g`, and the moments `m`, `v` (all of one length):
    ///
    ///     g' = g (+ λ w unless decoupled)   m = β1 m + (1 - β1) g'   v = β2 v + (1 - β2) g'²
    ///     w -= η ((m / c1) / (sqrt(v / c2) + ε) (+ λ w if decoupled))
    public static func adam(weights w: UnsafeMutableBufferPointer<Float>, gradient g: UnsafeBufferPointer<Float>,
                            first m: UnsafeMutableBufferPointer<Float>, second v: UnsafeMutableBufferPointer<Float>,
                            rate: Float, beta1: Float, beta2: Float, correction1: Float, correction2: Float,
                            epsilon: Float, decay: Float, decoupled: Bool) {
        precondition(g.count == w.count && m.count == w.count && v.count == w.count, "adam: buffers of different lengths")
        guard !w.isEmpty else { return }
        let settings = wb_adam_settings(rate: rate, beta1: beta1, beta2: beta2, keep1: 1 - beta1, keep2: 1 - beta2,
                                        correction1: correction1, correction2: correction2, epsilon: epsilon,
                                        decay: decay, decoupled: decoupled ? 1 : 0)
        let (ww, gg, mm, vv) = (w.baseAddress!, g.baseAddress!, m.baseAddress!, v.baseAddress!)
        BLAS.forEachRange(w.count) { range in
            withUnsafePointer(to: settings) { s in
                wb_adam(ww + range.lowerBound, gg + range.lowerBound, mm + range.lowerBound, vv + range.lowerBound, range.count, s)
            }
        }
    }

    /// Adagrad (Duchi et al. 2011): g' = g + λ w, s += g'², w -= η g' / (sqrt(s) + ε).
    public static func adagrad(weights w: UnsafeMutableBufferPointer<Float>, gradient g: UnsafeBufferPointer<Float>,
                               sum s: UnsafeMutableBufferPointer<Float>, rate: Float, epsilon: Float, decay: Float) {
        precondition(g.count == w.count && s.count == w.count, "adagrad: buffers of different lengths")
        guard !w.isEmpty else { return }
        let (ww, gg, ss) = (w.baseAddress!, g.baseAddress!, s.baseAddress!)
        BLAS.forEachRange(w.count) { range in
            wb_adagrad(ww + range.lowerBound, gg + range.lowerBound, ss + range.lowerBound, range.count, rate, epsilon, decay)
        }
    }
}
