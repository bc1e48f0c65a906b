import TensorKit

/// Row-major `C[m, n] = op(A) · op(B)` (`+=` when `accumulate`) on whole, contiguous arrays,
/// with `A` starting at row `aRow` (of width `transposeA ? m : k`) and `C` at row `cRow`.
@inline(__always)
func matrixProduct(_ a: [Float], _ b: [Float], into c: inout [Float], m: Int, n: Int, k: Int,
                   transposeA: Bool = false, transposeB: Bool = false, accumulate: Bool = false,
                   aRow: Int = 0, cRow: Int = 0) {
    guard m > 0, n > 0 else { return }
    let lda = transposeA ? m : k, ldb = transposeB ? k : n
    a.withUnsafeBufferPointer { a in
        b.withUnsafeBufferPointer { b in
            c.withUnsafeMutableBufferPointer { c in
                BLAS.gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                          a: a.baseAddress! + aRow * lda, lda: lda, b: b.baseAddress!, ldb: ldb,
                          beta: accumulate ? 1 : 0, c: c.baseAddress! + cRow * n, ldc: n)
            }
        }
    }
}

/// Adds the sums of the columns of `matrix` (`[rows, width]`) to `total`.
@inline(__always)
func addColumnSums(_ matrix: [Float], rows: Int, width: Int, to total: inout [Float]) {
    for row in 0..<rows {
        for j in 0..<width { total[j] += matrix[row * width + j] }
    }
}
