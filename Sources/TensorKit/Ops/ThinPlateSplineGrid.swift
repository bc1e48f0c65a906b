#if canImport(Foundation)
import Foundation
#endif

/// Thin plate spline sampling grid (Bookstein 1989; the third family of Jaderberg et al. 2015):
/// a smooth, non-rigid warp fixed by where K control points go.
public struct ThinPlateSpline: Sendable {
    /// The control points in the output image, normalised coordinates (x, y).
    public let controlPoints: [(x: Float, y: Float)]
    public let height: Int, width: Int
    /// `[height · width, K]`: grid = weights · source control points (see ``grid(sources:)``).
    let weights: [Float]

    /// A `side x side` lattice of control points spanning ±`extent` (normalised), for outputs
    /// of `height x width`.
    public init(lattice side: Int, extent: Float = 0.8, height: Int, width: Int) {
        precondition(side >= 2, "a thin plate spline lattice needs at least 2 x 2 points")
        let positions = (0..<side).map { -extent + 2 * extent * Float($0) / Float(side - 1) }
        self.init(controlPoints: positions.flatMap { y in positions.map { x in (x, y) } }, height: height, width: width)
    }

    /// With target control points p_k, the spline through source points s_k is
    /// f(q) = a0 + a1 x + a2 y + Σ_k w_k U(|q - p_k|), U(r) = r² log r², where (w, a) solve
    /// L (w, a) = (s, 0) with L = [[U(|p_i - p_j|), P], [Pᵀ, 0]], P = (1, x_k, y_k).
    /// So f(q) = b(q) · L⁻¹[:, :K] · s, linear in s: the weights are b(q) L⁻¹[:, :K], one row per
    /// output pixel.
    public init(controlPoints: [(x: Float, y: Float)], height: Int, width: Int) {
        let count = controlPoints.count, size = count + 3
        precondition(count >= 3, "a thin plate spline needs at least three control points")
        self.controlPoints = controlPoints
        self.height = height
        self.width = width
        func kernel(_ dx: Double, _ dy: Double) -> Double {
            let r2 = dx * dx + dy * dy
            return r2 > 0 ? r2 * log(r2) : 0
        }
        let points = controlPoints.map { (Double($0.x), Double($0.y)) }
        var system = [[Double]](repeating: [Double](repeating: 0, count: size), count: size)
        for i in 0..<count {
            for j in 0..<count { system[i][j] = kernel(points[i].0 - points[j].0, points[i].1 - points[j].1) }
            let affine = [1, points[i].0, points[i].1]
            for k in 0..<3 { system[i][count + k] = affine[k]; system[count + k][i] = affine[k] }
        }
        let inverse = Self.inverted(system)
        var weights = [Float](repeating: 0, count: height * width * count)
        for i in 0..<height {
            for j in 0..<width {
                let (x, y) = (Double(Tensor.normalisedPixelCentre(j, of: width)), Double(Tensor.normalisedPixelCentre(i, of: height)))
                let basis = points.map { kernel(x - $0.0, y - $0.1) } + [1, x, y]
                for k in 0..<count {
                    var total = 0.0
                    for m in 0..<size { total += basis[m] * inverse[m][k] }
                    weights[(i * width + j) * count + k] = Float(total)
                }
            }
        }
        self.weights = weights
    }

    /// The inverse of a non-singular square matrix (Gauss-Jordan with partial pivoting).
    static func inverted(_ matrix: [[Double]]) -> [[Double]] {
        let n = matrix.count
        var rows = matrix.enumerated().map { index, row in row + (0..<n).map { $0 == index ? 1.0 : 0.0 } }
        for column in 0..<n {
            let pivot = (column..<n).max { abs(rows[$0][column]) < abs(rows[$1][column]) }!
            precondition(abs(rows[pivot][column]) > 1e-12, "thin plate spline: control points are degenerate")
            rows.swapAt(column, pivot)
            let scale = rows[column][column]
            for k in 0..<(2 * n) { rows[column][k] /= scale }
            for row in 0..<n where row != column && rows[row][column] != 0 {
                let factor = rows[row][column]
                for k in 0..<(2 * n) { rows[row][k] -= factor * rows[column][k] }
            }
        }
        return rows.map { Array($0[n...]) }
    }

    /// The sampling grid `[N, height, width, 2]` for source control points `sources: [N, K, 2]`
    /// (where each control point should read in the input).
    ///
    /// grid[n] = M · sources[n] with the fixed `M: [height · width, K]`; so d sources[n] = Mᵀ · d grid[n].
    /// Sources equal to the control points give the identity grid.
    public func grid(sources: Tensor) -> Tensor {
        let count = controlPoints.count
        precondition(sources.rank == 3 && sources.shape[1] == count && sources.shape[2] == 2,
                     "thin plate spline: sources must be [N, \(count), 2], got \(sources.shape)")
        let batch = sources.shape[0]
        let matrix = Tensor(shape: [height * width, count], data: weights)
        // [N, K, 2] -> [K, N·2]; one GEMM for the whole batch; back to [N, H, W, 2].
        let stacked = sources.permuted([1, 0, 2]).reshaped([count, batch * 2])
        return matrix.matmul(stacked).reshaped([height * width, batch, 2]).permuted([1, 0, 2])
            .reshaped([batch, height, width, 2])
    }

    /// The control points as a `[K · 2]` list (x0, y0, x1, y1...): the identity sources.
    public var identitySources: [Float] { controlPoints.flatMap { [$0.x, $0.y] } }
}
