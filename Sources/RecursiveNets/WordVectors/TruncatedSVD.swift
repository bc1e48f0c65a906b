import TensorKit

/// The leading singular vectors of a sparse matrix by randomized range finding (Halko,
/// Martinsson & Tropp 2011, "Finding structure with randomness"):
///
///     Y = A Ω            Ω: [columns, k + p] Gaussian
///     Y = A (Aᵀ Y)       q times (power iterations sharpen the spectrum)
///     Q = orth(Y)        [rows, k + p]
///     B Bᵀ = (Qᵀ A)(Qᵀ A)ᵀ = V Λ Vᵀ      (a small symmetric eigenproblem, by Jacobi)
///     U = Q V,  σ = √λ
///
/// Only products with A and Aᵀ touch the large matrix.
public enum TruncatedSVD {
    /// The first `rank` left singular vectors (`[rows, rank]`, row-major) and singular values,
    /// largest first.
    public static func leftVectors(of matrix: SparseMatrix, rank: Int, oversampling: Int = 10, powerIterations: Int = 2,
                                   seed: UInt64) -> (vectors: [Float], values: [Float]) {
        let width = min(rank + oversampling, matrix.rowCount, matrix.columnCount)
        var generator = SeededGenerator(seed: seed)
        let omega = Tensor.randomNormal([matrix.columnCount, width], using: &generator).data
        var basis = orthonormalised(matrix.multiply(omega, width: width), rows: matrix.rowCount, width: width)
        for _ in 0..<powerIterations {
            let back = matrix.multiplyTransposed(basis, width: width)
            basis = orthonormalised(matrix.multiply(back, width: width), rows: matrix.rowCount, width: width)
        }
        // Bᵀ = Aᵀ Q is [columns, width]; B Bᵀ = (Aᵀ Q)ᵀ (Aᵀ Q) is [width, width].
        let projected = matrix.multiplyTransposed(basis, width: width)
        var gram = [Float](repeating: 0, count: width * width)
        matrixProduct(projected, projected, into: &gram, m: width, n: width, k: matrix.columnCount, transposeA: true)
        let (eigenvalues, eigenvectors) = SymmetricEigen.decompose(gram.map(Double.init), size: width)
        let order = Array(eigenvalues.indices.sorted { eigenvalues[$0] > eigenvalues[$1] }.prefix(rank))
        // U = Q V, keeping the columns of V in `order`.
        var chosen = [Float](repeating: 0, count: width * order.count)
        for i in 0..<width { for (k, column) in order.enumerated() { chosen[i * order.count + k] = Float(eigenvectors[i * width + column]) } }
        var vectors = [Float](repeating: 0, count: matrix.rowCount * order.count)
        matrixProduct(basis, chosen, into: &vectors, m: matrix.rowCount, n: order.count, k: width)
        return (vectors, order.map { Float(max(eigenvalues[$0], 0).squareRoot()) })
    }

    /// The columns of `[rows, width]` made orthonormal by modified Gram-Schmidt (in Double);
    /// a column that is (numerically) in the span of earlier ones becomes zero.
    static func orthonormalised(_ matrix: [Float], rows: Int, width: Int) -> [Float] {
        var columns = (0..<width).map { j in (0..<rows).map { Double(matrix[$0 * width + j]) } }
        for j in 0..<width {
            for i in 0..<j {
                let dot = zip(columns[i], columns[j]).reduce(0) { $0 + $1.0 * $1.1 }
                for r in 0..<rows { columns[j][r] -= dot * columns[i][r] }
            }
            let norm = columns[j].reduce(0) { $0 + $1 * $1 }.squareRoot()
            for r in 0..<rows { columns[j][r] = norm > 1e-10 ? columns[j][r] / norm : 0 }
        }
        var result = [Float](repeating: 0, count: rows * width)
        for j in 0..<width { for r in 0..<rows { result[r * width + j] = Float(columns[j][r]) } }
        return result
    }
}

/// Eigenvalues and eigenvectors of a small symmetric matrix by cyclic Jacobi rotations
/// (Golub & Van Loan, §8.5): each rotation zeroes one off-diagonal pair; sweeps repeat until
/// the off-diagonal mass is negligible.
public enum SymmetricEigen {
    /// Returns the eigenvalues and the eigenvectors as the columns of a row-major `[size, size]`.
    public static func decompose(_ matrix: [Double], size n: Int, sweeps: Int = 50) -> (values: [Double], vectors: [Double]) {
        var a = matrix
        var v = [Double](repeating: 0, count: n * n)
        for i in 0..<n { v[i * n + i] = 1 }
        let scale = max(a.reduce(0) { $0 + $1 * $1 }, 1e-300)
        for _ in 0..<sweeps {
            var off = 0.0
            for p in 0..<n { for q in (p + 1)..<max(n, p + 1) { off += a[p * n + q] * a[p * n + q] } }
            if off <= 1e-24 * scale { break }
            for p in 0..<n {
                for q in (p + 1)..<max(n, p + 1) where a[p * n + q] != 0 {
                    let theta = (a[q * n + q] - a[p * n + p]) / (2 * a[p * n + q])
                    let t = (theta >= 0 ? 1 : -1) / (abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot(), s = t * c
                    for k in 0..<n {   // A ← A J (columns p, q)
                        let akp = a[k * n + p], akq = a[k * n + q]
                        a[k * n + p] = c * akp - s * akq
                        a[k * n + q] = s * akp + c * akq
                    }
                    for k in 0..<n {   // A ← Jᵀ A (rows p, q)
                        let apk = a[p * n + k], aqk = a[q * n + k]
                        a[p * n + k] = c * apk - s * aqk
                        a[q * n + k] = s * apk + c * aqk
                    }
                    for k in 0..<n {   // V ← V J
                        let vkp = v[k * n + p], vkq = v[k * n + q]
                        v[k * n + p] = c * vkp - s * vkq
                        v[k * n + q] = s * vkp + c * vkq
                    }
                }
            }
        }
        return ((0..<n).map { a[$0 * n + $0] }, v)
    }
}
