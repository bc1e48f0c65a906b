/// Which entries of a `[rows, columns]` matrix are wanted, row by row (compressed sparse rows):
/// row r's entries are `rowStarts[r]..<rowStarts[r + 1]`, and entry e lies in column
/// `columnOf[e]`, increasing within a row. A loss over observed ratings reads only these entries
/// of a layer's output (`affine(weight:bias:at:)`).
public struct SparsePattern: Sendable, Equatable {
    public let rows: Int, columns: Int
    public let rowStarts: [Int]
    public let columnOf: [Int]
    /// The same entries column by column: column c's entry indices are
    /// `byColumn[columnStarts[c]..<columnStarts[c + 1]]`, in increasing row; `rowOf[e]` is entry e's row.
    let columnStarts: [Int], byColumn: [Int], rowOf: [Int]
    /// The row of each entry in column-by-column order: `rowOf[byColumn[k]]`.
    let rowByColumn: [Int]

    /// The pattern of each row's `entries` (columns in `0..<columns`, increasing, no repeats).
    public init(columns: Int, entries: [[Int]]) {
        var rowStarts = [0], columnOf = [Int](), rowOf = [Int]()
        columnOf.reserveCapacity(entries.reduce(0) { $0 + $1.count })
        for (row, list) in entries.enumerated() {
            for (position, column) in list.enumerated() {
                precondition(column >= 0 && column < columns, "SparsePattern: column \(column) outside 0..<\(columns)")
                precondition(position == 0 || column > list[position - 1], "SparsePattern: row \(row)'s columns must increase")
                columnOf.append(column)
                rowOf.append(row)
            }
            rowStarts.append(columnOf.count)
        }
        var columnStarts = [Int](repeating: 0, count: columns + 1)
        for column in columnOf { columnStarts[column + 1] += 1 }
        for c in 0..<columns { columnStarts[c + 1] += columnStarts[c] }
        var next = Array(columnStarts.dropLast()), byColumn = [Int](repeating: 0, count: columnOf.count)
        for (entry, column) in columnOf.enumerated() {
            byColumn[next[column]] = entry
            next[column] += 1
        }
        (self.rows, self.columns, self.rowStarts, self.columnOf) = (entries.count, columns, rowStarts, columnOf)
        (self.columnStarts, self.byColumn, self.rowOf) = (columnStarts, byColumn, rowOf)
        rowByColumn = byColumn.map { rowOf[$0] }
    }

    /// The number of entries.
    public var count: Int { columnOf.count }

    /// The column-by-column lists as pointers for the kernels (`wb_sampled_dots`).
    func withColumnPointers<R>(_ body: (UnsafePointer<Int>, UnsafePointer<Int>, UnsafePointer<Int>) -> R) -> R {
        columnStarts.withUnsafeBufferPointer { starts in
            byColumn.withUnsafeBufferPointer { byColumn in
                rowOf.withUnsafeBufferPointer { rowOf in body(starts.baseAddress!, byColumn.baseAddress!, rowOf.baseAddress!) }
            }
        }
    }
}
