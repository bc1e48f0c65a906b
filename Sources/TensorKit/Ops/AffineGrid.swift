/// Sampling grids for spatial transformers (Jaderberg et al. 2015, "Spatial Transformer
/// Networks", section 3.2: the grid generator).
///
/// Coordinates are normalised to [-1, 1] with the **align-corners = false** convention (PyTorch's
/// default): -1 and +1 are the outer edges of the image, so the centre of pixel j of W lies at
/// x_j = (2 j + 1) / W - 1. The identity transformation therefore reproduces the input exactly,
/// whatever its size.
extension Tensor {
    /// The normalised centre of pixel `index` of `size`: (2 index + 1) / size - 1.
    @inlinable
    public static func normalisedPixelCentre(_ index: Int, of size: Int) -> Float {
        Float(2 * index + 1) / Float(size) - 1
    }

    /// Affine sampling grid: for each output pixel (i, j) with normalised centre (x_j, y_i),
    ///
    ///     grid[n, i, j, 0] = θ[n,0,0] x_j + θ[n,0,1] y_i + θ[n,0,2]     (source x)
    ///     grid[n, i, j, 1] = θ[n,1,0] x_j + θ[n,1,1] y_i + θ[n,1,2]     (source y)
    ///
    /// `theta: [N, 2, 3]` gives `[N, height, width, 2]`. The grid is linear in θ:
    /// dθ[n, r, :] = Σ_ij dgrid[n, i, j, r] · (x_j, y_i, 1).
    public static func affineGrid(theta: Tensor, height: Int, width: Int) -> Tensor {
        precondition(theta.rank == 3 && theta.shape[1] == 2 && theta.shape[2] == 3,
                     "affineGrid: theta must be [N, 2, 3], got \(theta.shape)")
        precondition(height > 0 && width > 0, "affineGrid: empty output size \(height)x\(width)")
        let batch = theta.shape[0], plane = height * width
        let xs = (0..<width).map { normalisedPixelCentre($0, of: width) }
        let ys = (0..<height).map { normalisedPixelCentre($0, of: height) }
        var values = [Float](repeating: 0, count: batch * plane * 2)
        values.withUnsafeMutableBufferPointer { grid in
            theta.data.withUnsafeBufferPointer { t in
                for n in 0..<batch {
                    let m = n * 6, base = n * plane * 2
                    for i in 0..<height {
                        let y = ys[i]
                        for j in 0..<width {
                            let x = xs[j], target = base + (i * width + j) * 2
                            grid[target] = t[m] * x + t[m + 1] * y + t[m + 2]
                            grid[target + 1] = t[m + 3] * x + t[m + 4] * y + t[m + 5]
                        }
                    }
                }
            }
        }
        return .result(shape: [batch, height, width, 2], data: values, parents: [theta]) { gradient in
            var local = [Float](repeating: 0, count: batch * 6)
            for n in 0..<batch {
                let base = n * plane * 2
                var sums = [Float](repeating: 0, count: 6)
                for i in 0..<height {
                    let y = ys[i]
                    for j in 0..<width {
                        let x = xs[j], source = base + (i * width + j) * 2
                        let gx = gradient[source], gy = gradient[source + 1]
                        sums[0] += gx * x; sums[1] += gx * y; sums[2] += gx
                        sums[3] += gy * x; sums[4] += gy * y; sums[5] += gy
                    }
                }
                for k in 0..<6 { local[n * 6 + k] = sums[k] }
            }
            theta.accumulateGrad(local)
        }
    }
}
