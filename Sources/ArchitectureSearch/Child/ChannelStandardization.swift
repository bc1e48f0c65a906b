import TensorKit

extension Tensor {
    /// Batch normalisation without learned scale and shift and without running statistics, as in
    /// NAS-Bench-201's weight-sharing networks (affine = false, track_running_stats = false): for each
    /// channel c of `[N, C, H, W]`, over the N·H·W values of the batch,
    ///
    ///     y = (x − μ_c) / sqrt(σ_c² + ε),   μ_c = mean, σ_c² = mean of (x − μ_c)²
    ///
    /// Training and evaluation both use the statistics of the batch at hand. TensorKit's fused
    /// `batchStandardized` computes it (the same math from permute, mean, square, sqrt and divide took half
    /// of a NASNet network's time).
    func channelStandardized(epsilon: Float = 1e-5) -> Tensor { batchStandardized(epsilon: epsilon) }
}
