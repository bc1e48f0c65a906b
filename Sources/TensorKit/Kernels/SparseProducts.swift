import CBLAS

/// Products whose left matrix is mostly zeros (rating rows, one-hot and bag-of-words features,
/// the gradient of a loss read at a few entries): `affine` multiplies them by adding a row of W
/// for each nonzero input instead of running a dense GEMM over the zeros. Each output is the same
/// sum of the same nonzero products, in increasing k (or row) order, so it differs from the GEMM
/// only by rounding.
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

    /// The nonzeros of a `[rows, columns]` matrix, row by row (compressed sparse rows) and column
    /// by column (compressed sparse columns, rows increasing within a column).
    public struct Matrix: Sendable {
        public let rows: Int, columns: Int
        let rowStarts: [Int], columnOf: [Int], rowValues: [Float]
        let columnStarts: [Int], rowOf: [Int], columnValues: [Float]

        public init(_ x: UnsafePointer<Float>, rows: Int, columns: Int, nonzeros: Int) {
            var rowStarts = [Int](repeating: 0, count: rows + 1), columnStarts = [Int](repeating: 0, count: columns + 1)
            // The row lists get one place more: the kernel writes each value before it knows.
            var columnOf = [Int](repeating: 0, count: nonzeros + 1), rowValues = [Float](repeating: 0, count: nonzeros + 1)
            var rowOf = [Int](repeating: 0, count: nonzeros), columnValues = [Float](repeating: 0, count: nonzeros)
            wb_sparse_index(x, rows, columns, &rowStarts, &columnOf, &rowValues, &columnStarts, &rowOf, &columnValues)
            precondition(rowStarts[rows] == nonzeros, "SparseProducts.Matrix: \(nonzeros) nonzeros expected, \(rowStarts[rows]) found")
            (self.rows, self.columns, self.rowStarts, self.columnOf, self.rowValues) = (rows, columns, rowStarts, columnOf, rowValues)
            (self.columnStarts, self.rowOf, self.columnValues) = (columnStarts, rowOf, columnValues)
        }

        public var nonzeros: Int { rowOf.count }
    }

    /// z[rows, n] += x[rows, columns] · b[columns, n], skipping the zeros of x.
    public static func times(_ x: Matrix, _ b: UnsafePointer<Float>, n: Int, into z: UnsafeMutablePointer<Float>) {
        multiply(starts: x.rowStarts, index: x.columnOf, values: x.rowValues, b, n: n, into: z)
    }

    /// z[columns, n] += x[rows, columns]ᵀ · b[rows, n], skipping the zeros of x.
    public static func transposedTimes(_ x: Matrix, _ b: UnsafePointer<Float>, n: Int, into z: UnsafeMutablePointer<Float>) {
        multiply(starts: x.columnStarts, index: x.rowOf, values: x.columnValues, b, n: n, into: z)
    }

    /// z[i, :] += Σ_p values[p] b[index[p], :] for p in `starts[i]..<starts[i + 1]` and every row i
    /// of z (`starts.count - 1` rows; b and z `n` wide): a sparse matrix given by its lists, times
    /// a dense one. Each thread sums whole rows of z, the rows cut so that the threads share the
    /// nonzeros evenly: threads that split a row's columns would share the cache line at the
    /// split, since a row seldom starts on a line, and pass it back and forth on every nonzero.
    public static func multiply(starts: [Int], index: [Int], values: UnsafePointer<Float>,
                                _ b: UnsafePointer<Float>, n: Int, into z: UnsafeMutablePointer<Float>) {
        let rows = starts.count - 1, nonzeros = starts[rows]
        guard nonzeros > 0 else { return }
        wb_flops_add(Int64(2 * nonzeros * n))
        let workers = nonzeros * n >= BLAS.smallProduct ? BLAS.workerCount(for: rows) : 1
        // Worker i starts at the first row whose nonzeros start at or after nonzeros · i / workers.
        var bounds = [Int](repeating: rows, count: workers + 1)
        for i in 0..<workers {
            let target = nonzeros * i / workers
            bounds[i] = starts.partitioningIndex { (start: Int) -> Bool in start >= target }
        }
        starts.withUnsafeBufferPointer { s in
            index.withUnsafeBufferPointer { index in
                BLAS.forEachChunk(of: workers, workers: workers) { _, chunk in
                    for i in chunk where bounds[i] < bounds[i + 1] {
                        wb_spmm(s.baseAddress!, index.baseAddress!, values, b, n, z, bounds[i], bounds[i + 1])
                    }
                }
            }
        }
    }
}

extension Array where Element == Int {
    /// The first index whose element satisfies `predicate`, for a predicate that holds from some
    /// index on (binary search); `count` when none does.
    func partitioningIndex(where predicate: (Int) -> Bool) -> Int {
        var (low, high) = (0, count)
        while low < high {
            let middle = (low + high) / 2
            if predicate(self[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
