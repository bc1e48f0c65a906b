extension Tensor {
    /// Max pooling over `[N, C, H, W]`; padded positions never win. The gradient goes to the
    /// winning input of each window (the first one in row-major order on ties). Square windows
    /// that tile the input (stride = size, no padding) take the fast path `maxPoolTiles`.
    public func maxPool2d(_ geometry: WindowGeometry) -> Tensor {
        if geometry.kernelHeight == geometry.kernelWidth && geometry.stride == geometry.kernelHeight && geometry.padding == 0 {
            return maxPoolTiles(geometry.stride)
        }
        return pool(geometry, isMax: true)
    }

    /// Average pooling over `[N, C, H, W]`, averaging only the in-bounds inputs of each window
    /// (padding is not counted). d out / d x = 1 / (window count) for each input in the window.
    public func avgPool2d(_ geometry: WindowGeometry) -> Tensor {
        pool(geometry, isMax: false)
    }

    /// The general windowed pooling (any window, stride and padding).
    func pool(_ geometry: WindowGeometry, isMax: Bool) -> Tensor {
        precondition(rank == 4, "pooling needs [N, C, H, W], got \(shape)")
        let (planes, height, width) = (shape[0] * shape[1], shape[2], shape[3])
        let (outHeight, outWidth) = geometry.outputSize(height: height, width: width)
        precondition(outHeight > 0 && outWidth > 0, "pooling window larger than the input \(shape)")
        let outCount = planes * outHeight * outWidth
        var values = [Float](repeating: 0, count: outCount)
        var winners = [Int](repeating: 0, count: isMax ? outCount : 0)
        var sizes = [Float](repeating: 0, count: isMax ? 0 : outCount)
        let window = PoolingWindow(geometry: geometry, height: height, width: width, outHeight: outHeight, outWidth: outWidth)
        data.withUnsafeBufferPointer { source in
            values.withUnsafeMutableBufferPointer { values in
                if isMax {
                    winners.withUnsafeMutableBufferPointer { winners in
                        window.forEachWindow(planes: planes) { target, base, rows, columns in
                            var best = -Float.infinity, bestOffset = base + rows.lowerBound * width + columns.lowerBound
                            for r in rows {
                                let rowBase = base + r * width
                                for c in columns where source[rowBase + c] > best {
                                    best = source[rowBase + c]
                                    bestOffset = rowBase + c
                                }
                            }
                            values[target] = best
                            winners[target] = bestOffset
                        }
                    }
                } else {
                    sizes.withUnsafeMutableBufferPointer { sizes in
                        window.forEachWindow(planes: planes) { target, base, rows, columns in
                            var total: Float = 0
                            for r in rows { for c in columns { total += source[base + r * width + c] } }
                            sizes[target] = Float(rows.count * columns.count)
                            values[target] = total / sizes[target]
                        }
                    }
                }
            }
        }
        let input = self
        return .result(shape: [shape[0], shape[1], outHeight, outWidth], data: values, parents: [input]) { gradient in
            var local = [Float](repeating: 0, count: input.count)
            if isMax {
                local.withUnsafeMutableBufferPointer { local in
                    winners.withUnsafeBufferPointer { winners in
                        for target in 0..<winners.count { local[winners[target]] += gradient[target] }
                    }
                }
            } else {
                for plane in 0..<planes {
                    let base = plane * height * width
                    for y in 0..<outHeight {
                        let top = y * geometry.stride - geometry.padding
                        for x in 0..<outWidth {
                            let left = x * geometry.stride - geometry.padding
                            let target = (plane * outHeight + y) * outWidth + x
                            let share = gradient[target] / sizes[target]
                            for r in Swift.max(top, 0)..<Swift.min(top + geometry.kernelHeight, height) {
                                for c in Swift.max(left, 0)..<Swift.min(left + geometry.kernelWidth, width) {
                                    local[base + r * width + c] += share
                                }
                            }
                        }
                    }
                }
            }
            input.accumulateGrad(local)
        }
    }
}

/// The in-bounds rows and columns of each pooling window.
struct PoolingWindow {
    let geometry: WindowGeometry
    let height: Int, width: Int, outHeight: Int, outWidth: Int

    /// Calls `body(output index, plane offset, rows, columns)` for every window of every plane.
    @inline(__always)
    func forEachWindow(planes: Int, _ body: (Int, Int, Range<Int>, Range<Int>) -> Void) {
        for plane in 0..<planes {
            let base = plane * height * width
            for y in 0..<outHeight {
                let top = y * geometry.stride - geometry.padding
                let rows = Swift.max(top, 0)..<Swift.min(top + geometry.kernelHeight, height)
                for x in 0..<outWidth {
                    let left = x * geometry.stride - geometry.padding
                    let columns = Swift.max(left, 0)..<Swift.min(left + geometry.kernelWidth, width)
                    body((plane * outHeight + y) * outWidth + x, base, rows, columns)
                }
            }
        }
    }
}

/// The largest of the 2x2 tile whose top-left element is `a` in rows of `width`, and its index:
/// four straight comparisons, the first maximum in row-major order on ties.
@inline(__always)
func twoByTwoMaximum(_ source: UnsafePointer<Float>, at a: Int, width: Int) -> (value: Float, index: Int) {
    let b = a + 1, c = a + width, d = c + 1
    var best = source[a], winner = a
    if source[b] > best { best = source[b]; winner = b }
    if source[c] > best { best = source[c]; winner = c }
    if source[d] > best { best = source[d]; winner = d }
    return (best, winner)
}
