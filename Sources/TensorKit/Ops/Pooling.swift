extension Tensor {
    /// Max pooling over `[N, C, H, W]`; padded positions never win. The gradient goes to the
    /// winning input of each window.
    public func maxPool2d(_ geometry: WindowGeometry) -> Tensor {
        pool(geometry, isMax: true)
    }

    /// Average pooling over `[N, C, H, W]`, averaging only the in-bounds inputs of each window
    /// (padding is not counted). d out / d x = 1 / (window count) for each input in the window.
    public func avgPool2d(_ geometry: WindowGeometry) -> Tensor {
        pool(geometry, isMax: false)
    }

    private func pool(_ geometry: WindowGeometry, isMax: Bool) -> Tensor {
        precondition(rank == 4, "pooling needs [N, C, H, W], got \(shape)")
        let (planes, height, width) = (shape[0] * shape[1], shape[2], shape[3])
        let (outHeight, outWidth) = geometry.outputSize(height: height, width: width)
        precondition(outHeight > 0 && outWidth > 0, "pooling window larger than the input \(shape)")
        let outCount = planes * outHeight * outWidth
        var values = [Float](repeating: 0, count: outCount)
        var winners = [Int](repeating: 0, count: isMax ? outCount : 0)
        var sizes = [Float](repeating: 0, count: isMax ? 0 : outCount)
        for plane in 0..<planes {
            let base = plane * height * width
            for y in 0..<outHeight {
                let top = y * geometry.stride - geometry.padding
                let rows = Swift.max(top, 0)..<Swift.min(top + geometry.kernelHeight, height)
                for x in 0..<outWidth {
                    let left = x * geometry.stride - geometry.padding
                    let columns = Swift.max(left, 0)..<Swift.min(left + geometry.kernelWidth, width)
                    let target = (plane * outHeight + y) * outWidth + x
                    if isMax {
                        var best = -Float.infinity, bestOffset = base + rows.lowerBound * width + columns.lowerBound
                        for r in rows {
                            for c in columns where data[base + r * width + c] > best {
                                best = data[base + r * width + c]
                                bestOffset = base + r * width + c
                            }
                        }
                        values[target] = best
                        winners[target] = bestOffset
                    } else {
                        var total: Float = 0
                        for r in rows { for c in columns { total += data[base + r * width + c] } }
                        sizes[target] = Float(rows.count * columns.count)
                        values[target] = total / sizes[target]
                    }
                }
            }
        }
        let input = self
        return .result(shape: [shape[0], shape[1], outHeight, outWidth], data: values, parents: [input]) { gradient in
            var local = [Float](repeating: 0, count: input.count)
            if isMax {
                for (target, source) in winners.enumerated() { local[source] += gradient[target] }
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
