extension Tensor {
    /// Rows `indices` of a table `[rows, ...]`: the embedding lookup. The output is
    /// `[indices.count, ...]`; backward scatter-adds each output row's gradient into its source row
    /// (repeated indices accumulate).
    public func gatherRows(_ indices: [Int]) -> Tensor {
        precondition(rank >= 1, "gatherRows needs a table")
        let rows = shape[0], width = count / Swift.max(rows, 1)
        var values = [Float](repeating: 0, count: indices.count * width)
        values.withUnsafeMutableBufferPointer { y in
            data.withUnsafeBufferPointer { table in
                for (position, row) in indices.enumerated() {
                    precondition(row >= 0 && row < rows, "index \(row) outside a table of \(rows) rows")
                    let source = row * width, target = position * width
                    for j in 0..<width { y[target + j] = table[source + j] }
                }
            }
        }
        let table = self
        return .result(shape: [indices.count] + shape.dropFirst(), data: values, parents: [table]) { gradient in
            table.scatterAddRows(indices, gradient, width: width)
        }
    }

    /// Adds `gradient` rows into this tensor's gradient at `indices` (sparse update, no dense copy
    /// of the output).
    func scatterAddRows(_ indices: [Int], _ gradient: [Float], width: Int, scale: (Int) -> Float = { _ in 1 }) {
        if grad == nil { grad = [Float](repeating: 0, count: count) }
        grad!.withUnsafeMutableBufferPointer { target in
            gradient.withUnsafeBufferPointer { source in
                for (position, row) in indices.enumerated() {
                    let factor = scale(position)
                    for j in 0..<width { target[row * width + j] += factor * source[position * width + j] }
                }
            }
        }
    }

    /// Pools variable-length bags of rows of a table `[rows, width]` into `[bags.count, width]`:
    /// the sum or the mean of each bag (multi-hot fields, bag-of-words). An empty bag gives zeros.
    public func embeddingBag(_ bags: [[Int]], mean: Bool) -> Tensor {
        precondition(rank == 2, "embeddingBag needs a [rows, width] table")
        let width = shape[1]
        var values = [Float](repeating: 0, count: bags.count * width)
        var flat: [Int] = [], owners: [Int] = []
        for (bag, members) in bags.enumerated() {
            let scale: Float = mean && !members.isEmpty ? 1 / Float(members.count) : 1
            for row in members {
                precondition(row >= 0 && row < shape[0], "index \(row) outside a table of \(shape[0]) rows")
                for j in 0..<width { values[bag * width + j] += scale * data[row * width + j] }
                flat.append(row)
                owners.append(bag)
            }
        }
        let table = self
        return .result(shape: [bags.count, width], data: values, parents: [table]) { gradient in
            var expanded = [Float](repeating: 0, count: flat.count * width)
            for (position, bag) in owners.enumerated() {
                let scale: Float = mean ? 1 / Float(bags[bag].count) : 1
                for j in 0..<width { expanded[position * width + j] = scale * gradient[bag * width + j] }
            }
            table.scatterAddRows(flat, expanded, width: width)
        }
    }

    /// For each row of a `[n, c]` tensor, the value in column `columns[row]`: `[n]`.
    public func pickColumns(_ columns: [Int]) -> Tensor {
        precondition(rank == 2 && columns.count == shape[0], "pickColumns needs one column per row")
        let width = shape[1]
        let values = columns.enumerated().map { row, column in data[row * width + column] }
        let input = self
        return .result(shape: [columns.count], data: values, parents: [input]) { gradient in
            var local = [Float](repeating: 0, count: input.count)
            for (row, column) in columns.enumerated() { local[row * width + column] = gradient[row] }
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
                for row in 0..<rows {
                    for (position, column) in columns.enumerated() { y[row * picked + position] = x[row * width + column] }
                }
            }
        }
        let input = self
        return .result(shape: [rows, picked], data: values, parents: [input]) { gradient in
            var local = [Float](repeating: 0, count: input.count)
            for row in 0..<rows {
                for (position, column) in columns.enumerated() { local[row * width + column] += gradient[row * picked + position] }
            }
            input.accumulateGrad(local)
        }
    }
}
