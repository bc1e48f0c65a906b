/// A sparse matrix in compressed-row form: the entries of row `r` are
/// `columns[rowStarts[r]..<rowStarts[r + 1]]` with `values` alongside.
public struct SparseMatrix: Sendable {
    public let rowCount: Int
    public let columnCount: Int
    public var rowStarts: [Int]
    public var columns: [Int32]
    public var values: [Float]

    /// Builds the matrix from entries keyed `row << 32 | column`, in any order.
    public init(keys: [Int], values: [Float], rowCount: Int, columnCount: Int) {
        self.rowCount = rowCount
        self.columnCount = columnCount
        let order = keys.indices.sorted { keys[$0] < keys[$1] }
        rowStarts = [Int](repeating: 0, count: rowCount + 1)
        columns = order.map { Int32(truncatingIfNeeded: keys[$0] & 0xFFFF_FFFF) }
        self.values = order.map { values[$0] }
        for key in keys { rowStarts[(key >> 32) + 1] += 1 }
        for r in 0..<rowCount { rowStarts[r + 1] += rowStarts[r] }
    }

    public var nonzeroCount: Int { values.count }

    /// `self · dense` for a row-major `dense` of shape `[columnCount, width]`; returns `[rowCount, width]`.
    public func multiply(_ dense: [Float], width: Int) -> [Float] {
        var result = [Float](repeating: 0, count: rowCount * width)
        forEachEntry(into: &result, reading: dense) { row, column, value, out, x in
            let target = out + row * width, source = x + column * width
            for j in 0..<width { target[j] += value * source[j] }
        }
        return result
    }

    /// `selfᵀ · dense` for a row-major `dense` of shape `[rowCount, width]`; returns `[columnCount, width]`.
    public func multiplyTransposed(_ dense: [Float], width: Int) -> [Float] {
        var result = [Float](repeating: 0, count: columnCount * width)
        forEachEntry(into: &result, reading: dense) { row, column, value, out, x in
            let target = out + column * width, source = x + row * width
            for j in 0..<width { target[j] += value * source[j] }
        }
        return result
    }

    /// Calls `body(row, column, value, output, input)` for every stored entry, with raw pointers
    /// so the inner loops vectorise.
    @inline(__always)
    private func forEachEntry(into output: inout [Float], reading input: [Float],
                              _ body: (Int, Int, Float, UnsafeMutablePointer<Float>, UnsafePointer<Float>) -> Void) {
        output.withUnsafeMutableBufferPointer { out in
            input.withUnsafeBufferPointer { x in
                rowStarts.withUnsafeBufferPointer { starts in
                    columns.withUnsafeBufferPointer { columns in
                        values.withUnsafeBufferPointer { values in
                            for row in 0..<rowCount {
                                for e in starts[row]..<starts[row + 1] {
                                    body(row, Int(columns[e]), values[e], out.baseAddress!, x.baseAddress!)
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
