extension Tensor {
    /// Rows `indices` of a table `[rows, ...]`: the embedding lookup. The output is
    /// `[indices.count, ...]`; backward scatter-adds each output row's gradient into its source row
    /// (repeated indices accumulate).
    public func gatherRows(_ indices: [Int]) -> Tensor {
        precondition(rank >= 1, "gatherRows needs a table")
        let rows = shape[0], width = count / Swift.max(rows, 1)
        let values = [Float](unsafeUninitializedCapacity: indices.count * width) { y, initialized in
            data.withUnsafeBufferPointer { table in
                for (position, row) in indices.enumerated() {
                    precondition(row >= 0 && row < rows, "index \(row) outside a table of \(rows) rows")
                    (y.baseAddress! + position * width).initialize(from: table.baseAddress! + row * width, count: width)
                }
            }
            initialized = indices.count * width
        }
        let table = self
        return .result(shape: [indices.count] + shape.dropFirst(), data: values, parents: [table]) { gradient in
            table.scatterAddRows(indices, gradient, width: width)
        }
    }

    /// Adds `gradient` rows into this tensor's gradient at `indices` (sparse update, no dense copy
    /// of the output).
    func scatterAddRows(_ indices: [Int], _ gradient: [Float], width: Int) {
        if grad == nil { grad = [Float](repeating: 0, count: count) }
        grad!.withUnsafeMutableBufferPointer { target in
            gradient.withUnsafeBufferPointer { source in
                for (position, row) in indices.enumerated() {
                    let (to, from) = (target.baseAddress! + row * width, source.baseAddress! + position * width)
                    for j in 0..<width { to[j] += from[j] }
                }
            }
        }
    }

    /// Pools variable-length bags of rows of a table `[rows, width]` into `[bags.count, width]`:
    /// the sum or the mean of each bag (multi-hot fields, bag-of-words). An empty bag gives zeros.
    public func embeddingBag(_ bags: [[Int]], mean: Bool) -> Tensor {
        precondition(rank == 2, "embeddingBag needs a [rows, width] table")
        let (width, rows) = (shape[1], shape[0])
        var values = [Float](repeating: 0, count: bags.count * width)
        values.withUnsafeMutableBufferPointer { y in
            data.withUnsafeBufferPointer { x in
                for (bag, members) in bags.enumerated() {
                    let scale: Float = mean && !members.isEmpty ? 1 / Float(members.count) : 1
                    let target = y.baseAddress! + bag * width
                    for row in members {
                        precondition(row >= 0 && row < rows, "index \(row) outside a table of \(rows) rows")
                        let source = x.baseAddress! + row * width
                        for j in 0..<width { target[j] += scale * source[j] }
                    }
                }
            }
        }
        let table = self
        return .result(shape: [bags.count, width], data: values, parents: [table]) { gradient in
            // Each member row gets its bag's gradient (scaled by 1 / size for a mean), in bag order.
            if table.grad == nil { table.grad = [Float](repeating: 0, count: table.count) }
            table.grad!.withUnsafeMutableBufferPointer { target in
                gradient.withUnsafeBufferPointer { g in
                    for (bag, members) in bags.enumerated() {
                        let scale: Float = mean ? 1 / Float(members.count) : 1
                        let source = g.baseAddress! + bag * width
                        for row in members {
                            let to = target.baseAddress! + row * width
                            for j in 0..<width { to[j] += scale * source[j] }
                        }
                    }
                }
            }
        }
    }

    /// For each row of a `[n, c]` tensor, the value in column `columns[row]`: `[n]`.
    public func pickColumns(_ columns: [Int]) -> Tensor {
        precondition(rank == 2 && columns.count == shape[0], "pickColumns needs one column per row")
        let width = shape[1]
        let values = data.withUnsafeBufferPointer { x in columns.enumerated().map { row, column in x[row * width + column] } }
        let input = self
        return .result(shape: [columns.count], data: values, parents: [input]) { gradient in
            var local = [Float](repeating: 0, count: input.count)
            local.withUnsafeMutableBufferPointer { dx in
                for (row, column) in columns.enumerated() { dx[row * width + column] = gradient[row] }
            }
            input.accumulateGrad(local)
        }
    }

    /// Columns `columns` of every row of a `[n, c]` tensor, in that order: `[n, columns.count]`
    /// (a fixed window of a flattened feature map, for instance). Backward adds each output
    /// column's gradient into its source column.
    public func selectColumns(_ columns: [Int]) -> Tensor {
        precondition(rank == 2, "selectColumns needs a [n, c] tensor")
        let rows = shape[0], width = shape[1], picked = columns.count
        precondition(columns.allSatisfy { $0 >= 0 && $0 < width }, "a column outside 0..<\(width)")
        var values = [Float](repeating: 0, count: rows * picked)
        values.withUnsafeMutableBufferPointer { y in
            data.withUnsafeBufferPointer { x in
                columns.withUnsafeBufferPointer { columns in
                    for row in 0..<rows {
                        for (position, column) in columns.enumerated() { y[row * picked + position] = x[row * width + column] }
                    }
                }
            }
        }
        let input = self
        return .result(shape: [rows, picked], data: values, parents: [input]) { gradient in
            var local = [Float](repeating: 0, count: input.count)
            local.withUnsafeMutableBufferPointer { dx in
                gradient.withUnsafeBufferPointer { g in
                    columns.withUnsafeBufferPointer { columns in
                        for row in 0..<rows {
                            for (position, column) in columns.enumerated() { dx[row * width + column] += g[row * picked + position] }
                        }
                    }
                }
            }
            input.accumulateGrad(local)
        }
    }
}
