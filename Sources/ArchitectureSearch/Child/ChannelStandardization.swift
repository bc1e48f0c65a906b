import TensorKit

extension Tensor {
    /// Batch normalisation without learned scale and shift and without running statistics, as in
    /// NAS-Bench-201's weight-sharing networks (affine = false, track_running_stats = false): for each
    /// channel c of `[N, C, H, W]`, over the N·H·W values of the batch,
    ///
    ///     y = (x − μ_c) / sqrt(σ_c² + ε),   μ_c = mean, σ_c² = mean of (x − μ_c)²
    ///
    /// Training and evaluation both use the statistics of the batch at hand. Built from differentiable
    /// ops (permute, mean, square, sqrt, divide), so it needs no gradient code of its own.
    func channelStandardized(epsilon: Float = 1e-5) -> Tensor {
        let (count, channels, height, width) = (shape[0], shape[1], shape[2], shape[3])
        let rows = permuted([1, 0, 2, 3]).reshaped([channels, count * height * width])
        let centered = rows - rows.mean(axis: 1, keepingAxis: true)
        let deviation = (centered.squared().mean(axis: 1, keepingAxis: true) + epsilon).sqrt()
        return (centered / deviation).reshaped([channels, count, height, width]).permuted([1, 0, 2, 3])
    }
}
