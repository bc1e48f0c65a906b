import CBLAS
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Tensor {
    /// Softmax along the last axis: y_i = e^(x_i - max) / sum_j e^(x_j - max).
    /// Backward: dx_i = y_i (dy_i - sum_j dy_j y_j).
    public func softmax() -> Tensor {
        let width = shape.last ?? 1
        let values = Self.rowSoftmax(data, width: width)
        let input = self
        return .result(shape: shape, data: values, parents: [input]) { gradient in
            let local = [Float](unsafeUninitializedCapacity: values.count) { dx, initialized in
                gradient.withUnsafeBufferPointer { g in
                    values.withUnsafeBufferPointer { y in
                        for start in stride(from: 0, to: y.count, by: width) {
                            var dot: Float = 0
                            for i in start..<(start + width) { dot += g[i] * y[i] }
                            for i in start..<(start + width) { dx[i] = y[i] * (g[i] - dot) }
                        }
                    }
                }
                initialized = values.count
            }
            input.accumulateGrad(local)
        }
    }

    /// Log-softmax along the last axis: y_i = x_i - max - log sum_j e^(x_j - max).
    /// Backward: dx_i = dy_i - softmax_i sum_j dy_j.
    public func logSoftmax() -> Tensor {
        let width = shape.last ?? 1
        let probabilities = Self.rowSoftmax(data, width: width)
        var values = data
        for start in stride(from: 0, to: values.count, by: width) {
            let row = start..<(start + width)
            let top = data[row].max() ?? 0
            var total: Float = 0
            for i in row { total += expf(data[i] - top) }
            let shift = top + logf(total)
            for i in row { values[i] = data[i] - shift }
        }
        let input = self
        return .result(shape: shape, data: values, parents: [input]) { gradient in
            var local = [Float](repeating: 0, count: values.count)
            for start in stride(from: 0, to: values.count, by: width) {
                var total: Float = 0
                for i in start..<(start + width) { total += gradient[i] }
                for i in start..<(start + width) { local[i] = gradient[i] - probabilities[i] * total }
            }
            input.accumulateGrad(local)
        }
    }

    /// Rows at least this wide take the vector kernel (`wb_softmax_rows`); narrower rows (ten
    /// classes) keep libm's `expf` and one running sum.
    static let vectorSoftmaxWidth = 64

    /// Numerically stable softmax of each row of `width` values.
    static func rowSoftmax(_ data: [Float], width: Int) -> [Float] {
        let rows = width > 0 ? data.count / width : 0
        var values = [Float](repeating: 0, count: data.count)
        values.withUnsafeMutableBufferPointer { y in
            data.withUnsafeBufferPointer { x in
                let (to, from) = (y.baseAddress!, x.baseAddress!)
                // Rows are independent: large batches split them across the pool (the same values).
                BLAS.forEachChunk(of: rows, workers: BLAS.workerCount(rows: rows, width: width)) { _, chunk in
                    // Wide rows (GRU4Rec's and the YouTube DNN's 1,682 movies): eight lanes of a
                    // polynomial e^x (Cephes', relative error about 1e-7) and eight partial sums.
                    if width >= vectorSoftmaxWidth {
                        return wb_softmax_rows(from, to, chunk.lowerBound, chunk.upperBound, width)
                    }
                    for row in chunk {
                        let start = row * width
                        var top = -Float.infinity
                        for i in start..<(start + width) { top = Swift.max(top, from[i]) }
                        var total: Float = 0
                        for i in start..<(start + width) {
                            to[i] = expf(from[i] - top)
                            total += to[i]
                        }
                        let scale = 1 / total
                        for i in start..<(start + width) { to[i] *= scale }
                    }
                }
            }
        }
        return values
    }
}
