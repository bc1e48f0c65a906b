/// Projective (homography) sampling grid: a second transformation family for spatial
/// transformers, able to undo perspective ("P") distortions that no affine map can.
extension Tensor {
    /// The smallest homogeneous coordinate w the grid divides by; smaller values are clamped
    /// (the transformation would otherwise send points to infinity).
    public static let projectiveMinimumW: Float = 1e-2

    /// Projective sampling grid from `homography: [N, 3, 3]`, giving `[N, height, width, 2]`.
    ///
    /// For output pixel (i, j) with normalised centre b = (x_j, y_i, 1) (align-corners = false,
    /// see ``affineGrid(theta:height:width:)``):
    ///
    ///     (u, v, w) = H b,     grid = (u / w, v / w)
    ///
    /// Derivatives: d gx / d H[0,k] = b_k / w,  d gy / d H[1,k] = b_k / w,
    /// d gx / d H[2,k] = -gx b_k / w,  d gy / d H[2,k] = -gy b_k / w.
    /// H = identity gives the identity grid; H with last row (0, 0, 1) is the affine grid.
    /// Where w < ``projectiveMinimumW`` it is clamped, and no gradient flows into the last row there.
    public static func projectiveGrid(homography: Tensor, height: Int, width: Int) -> Tensor {
        precondition(homography.rank == 3 && homography.shape[1] == 3 && homography.shape[2] == 3,
                     "projectiveGrid: homography must be [N, 3, 3], got \(homography.shape)")
        precondition(height > 0 && width > 0, "projectiveGrid: empty output size \(height)x\(width)")
        let batch = homography.shape[0], plane = height * width
        let xs = (0..<width).map { normalisedPixelCentre($0, of: width) }
        let ys = (0..<height).map { normalisedPixelCentre($0, of: height) }
        // Keep 1 / w per point for backward.
        var inverseW = [Float](repeating: 0, count: batch * plane)
        var clamped = [Bool](repeating: false, count: batch * plane)
        var values = [Float](repeating: 0, count: batch * plane * 2)
        let h = homography.data
        for n in 0..<batch {
            let m = n * 9
            for i in 0..<height {
                for j in 0..<width {
                    let (x, y) = (xs[j], ys[i]), point = n * plane + i * width + j
                    let u = h[m] * x + h[m + 1] * y + h[m + 2]
                    let v = h[m + 3] * x + h[m + 4] * y + h[m + 5]
                    var w = h[m + 6] * x + h[m + 7] * y + h[m + 8]
                    if w < projectiveMinimumW { w = projectiveMinimumW; clamped[point] = true }
                    inverseW[point] = 1 / w
                    values[point * 2] = u / w
                    values[point * 2 + 1] = v / w
                }
            }
        }
        let grid = values
        return .result(shape: [batch, height, width, 2], data: values, parents: [homography]) { gradient in
            var local = [Float](repeating: 0, count: batch * 9)
            for n in 0..<batch {
                var sums = [Float](repeating: 0, count: 9)
                for i in 0..<height {
                    for j in 0..<width {
                        let b = (xs[j], ys[i], Float(1)), point = n * plane + i * width + j
                        let r = inverseW[point]
                        let gx = gradient[point * 2] * r, gy = gradient[point * 2 + 1] * r
                        sums[0] += gx * b.0; sums[1] += gx * b.1; sums[2] += gx
                        sums[3] += gy * b.0; sums[4] += gy * b.1; sums[5] += gy
                        if !clamped[point] {
                            // d/dw of (u/w, v/w) = -(gx_out, gy_out) / w
                            let dw = -(gx * grid[point * 2] + gy * grid[point * 2 + 1])
                            sums[6] += dw * b.0; sums[7] += dw * b.1; sums[8] += dw
                        }
                    }
                }
                for k in 0..<9 { local[n * 9 + k] = sums[k] }
            }
            homography.accumulateGrad(local)
        }
    }
}
