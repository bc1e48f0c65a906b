import CBLAS

/// Products whose left matrix is mostly zeros (rating rows, one-hot and bag-of-words features):
/// `affine` multiplies them by adding a row of W for each nonzero input instead of running a
/// dense GEMM over the zeros. Each output is the same sum of the same nonzero products, in
/// increasing k (or row) order, so it differs from the GEMM only by rounding.
public enum SparseProducts {
    /// Inputs with at most this fraction of nonzeros take the sparse path.
    public static let density = 0.25
    /// ... when the dense product would have at least this many multiply-adds.
    public static let minimumWork = 1 << 20

    /// The number of nonzero values of `x`.
    public static func nonzeroCount(_ x: UnsafeBufferPointer<Float>) -> Int {
        x.isEmpty ? 0 : wb_count_nonzero(x.baseAddress!, x.count)
    }

    /// Whether a `[rows, inputs]` input with `nonzeros` nonzero values times `[inputs, outputs]`
    /// should skip the zeros.
    public static func pays(rows: Int, inputs: Int, outputs: Int, nonzeros: Int) -> Bool {
        rows * inputs * outputs >= minimumWork && Double(nonzeros) <= density * Double(rows * inputs)
    }

    /// y[rows, outputs] += x[rows, inputs] · w[inputs, outputs], skipping the zeros of x.
    public static func rowsTimes(_ x: UnsafePointer<Float>, rows: Int, inputs: Int, nonzeros: Int,
                                 _ w: UnsafePointer<Float>, outputs: Int, into y: UnsafeMutablePointer<Float>) {
        wb_flops_add(Int64(2 * nonzeros * outputs))
        forEachColumnBlock(outputs, work: nonzeros * outputs) { first, end in
            wb_sparse_rows_times(x, rows, inputs, w, outputs, y, first, end)
        }
    }

    /// dw[inputs, outputs] += x[rows, inputs]ᵀ · dy[rows, outputs], skipping the zeros of x.
    public static func transposedTimes(_ x: UnsafePointer<Float>, rows: Int, inputs: Int, nonzeros: Int,
                                       _ dy: UnsafePointer<Float>, outputs: Int, into dw: UnsafeMutablePointer<Float>) {
        wb_flops_add(Int64(2 * nonzeros * outputs))
        forEachColumnBlock(outputs, work: nonzeros * outputs) { first, end in
            wb_sparse_transposed_times(x, rows, inputs, dy, outputs, dw, first, end)
        }
    }

    /// Splits the columns `0..<count` into one block (a multiple of 16 wide) per thread when
    /// `work` multiply-adds are worth it; each block's writes are its own.
    private static func forEachColumnBlock(_ count: Int, work: Int, _ body: (Int, Int) -> Void) {
        let blocks = count / 16
        let workers = work >= BLAS.smallProduct ? BLAS.workerCount(for: blocks) : 1
        guard workers > 1 else { return body(0, count) }
        BLAS.forEachChunk(of: blocks, workers: workers) { _, chunk in
            body(chunk.lowerBound * 16, chunk.upperBound == blocks ? count : chunk.upperBound * 16)
        }
    }
}
