extension Tensor {
    /// Splits the shape around `axis` into (outer, length, inner) so that element
    /// `[o, a, i]` sits at `(o * length + a) * inner + i`.
    func around(axis: Int) -> (outer: Int, length: Int, inner: Int) {
        precondition(axis >= 0 && axis < rank, "axis \(axis) out of range for shape \(shape)")
        return (shape[..<axis].reduce(1, *), shape[axis], shape[(axis + 1)...].reduce(1, *))
    }

    func normalized(axis: Int) -> Int { axis < 0 ? axis + rank : axis }

    /// The sum of all values, as a scalar tensor. d sum / dx_i = 1.
    public func sum() -> Tensor {
        var total: Float = 0
        data.withUnsafeBufferPointer { for value in $0 { total += value } }
        let input = self
        return .result(shape: [], data: [total], parents: [input]) { gradient in
            input.accumulateGrad([Float](repeating: gradient[0], count: input.count))
        }
    }

    /// The mean of all values. d mean / dx_i = 1 / n.
    public func mean() -> Tensor { sum() * (1 / Float(Swift.max(count, 1))) }

    /// Sums along `axis` (negative counts from the end), dropping it unless `keepingAxis`.
    public func sum(axis: Int, keepingAxis: Bool = false) -> Tensor {
        let axis = normalized(axis: axis)
        let (outer, length, inner) = around(axis: axis)
        var values = [Float](repeating: 0, count: outer * inner)
        values.withUnsafeMutableBufferPointer { y in
            data.withUnsafeBufferPointer { x in
                if inner == 1 {
                    // Row sums: one running total per row, added in the same order.
                    for o in 0..<outer {
                        var total: Float = 0
                        for a in 0..<length { total += x[o * length + a] }
                        y[o] = total
                    }
                    return
                }
                for o in 0..<outer {
                    for a in 0..<length {
                        let source = (o * length + a) * inner, target = o * inner
                        for i in 0..<inner { y[target + i] += x[source + i] }
                    }
                }
            }
        }
        var outputShape = shape
        if keepingAxis { outputShape[axis] = 1 } else { outputShape.remove(at: axis) }
        let input = self
        return .result(shape: outputShape, data: values, parents: [input]) { gradient in
            // d sum / dx = 1: the gradient is copied back along the axis.
            let local = [Float](unsafeUninitializedCapacity: input.count) { dx, initialized in
                gradient.withUnsafeBufferPointer { g in
                    for o in 0..<outer {
                        for a in 0..<length {
                            let (to, from) = (dx.baseAddress! + (o * length + a) * inner, g.baseAddress! + o * inner)
                            for i in 0..<inner { to[i] = from[i] }
                        }
                    }
                }
                initialized = input.count
            }
            input.accumulateGrad(local)
        }
    }

    /// Means along `axis`.
    public func mean(axis: Int, keepingAxis: Bool = false) -> Tensor {
        let length = shape[normalized(axis: axis)]
        return sum(axis: axis, keepingAxis: keepingAxis) * (1 / Float(Swift.max(length, 1)))
    }

    /// Maxima along `axis`; the gradient flows to the first maximum of each slice.
    public func max(axis: Int, keepingAxis: Bool = false) -> Tensor {
        let axis = normalized(axis: axis)
        let (outer, length, inner) = around(axis: axis)
        precondition(length > 0, "max over an empty axis")
        var values = [Float](repeating: -.infinity, count: outer * inner)
        var winners = [Int](repeating: 0, count: outer * inner)
        for o in 0..<outer {
            for a in 0..<length {
                for i in 0..<inner {
                    let source = (o * length + a) * inner + i, target = o * inner + i
                    if data[source] > values[target] || a == 0 {
                        values[target] = data[source]
                        winners[target] = source
                    }
                }
            }
        }
        var outputShape = shape
        if keepingAxis { outputShape[axis] = 1 } else { outputShape.remove(at: axis) }
        let input = self
        return .result(shape: outputShape, data: values, parents: [input]) { gradient in
            var local = [Float](repeating: 0, count: input.count)
            for (target, source) in winners.enumerated() { local[source] += gradient[target] }
            input.accumulateGrad(local)
        }
    }

    /// The index of the largest value along the last axis, for each row (no gradient).
    public func argmaxRows() -> [Int] {
        guard let width = shape.last, width > 0 else { return [] }
        return stride(from: 0, to: count, by: width).map { start in
            var best = start
            for i in start..<(start + width) where data[i] > data[best] { best = i }
            return best - start
        }
    }
}
