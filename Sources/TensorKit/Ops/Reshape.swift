extension Tensor {
    /// The same values with a new shape of equal size; one axis may be -1 (inferred).
    public func reshaped(_ newShape: [Int]) -> Tensor {
        var resolved = newShape
        if let unknown = newShape.firstIndex(of: -1) {
            let known = newShape.enumerated().filter { $0.offset != unknown }.map(\.element).reduce(1, *)
            precondition(known > 0 && count % known == 0, "cannot reshape \(shape) to \(newShape)")
            resolved[unknown] = count / known
        }
        precondition(resolved.elementCount == count, "cannot reshape \(shape) (\(count) values) to \(newShape)")
        let input = self
        return .result(shape: resolved, data: data, parents: [input]) { gradient in
            input.accumulateGrad(gradient)
        }
    }

    /// Reorders the axes: output axis i is input axis `order[i]`. The gradient is permuted back.
    public func permuted(_ order: [Int]) -> Tensor {
        precondition(order.sorted() == Array(0..<rank), "permutation \(order) does not fit shape \(shape)")
        let outputShape = order.map { shape[$0] }
        let inputStrides = shape.rowMajorStrides
        let strides = order.map { inputStrides[$0] }
        let sources = Self.stridedOffsets(shape: outputShape, strides: strides)
        let values = data.withUnsafeBufferPointer { x in sources.map { x[$0] } }
        let input = self
        return .result(shape: outputShape, data: values, parents: [input]) { gradient in
            let local = [Float](unsafeUninitializedCapacity: input.count) { dx, initialized in
                gradient.withUnsafeBufferPointer { g in
                    for (position, source) in sources.enumerated() { dx[source] = g[position] }
                }
                initialized = input.count
            }
            input.accumulateGrad(local)
        }
    }

    /// The matrix transpose of a 2-D tensor.
    public func transposed() -> Tensor {
        precondition(rank == 2, "transposed() needs a matrix, got \(shape)")
        return permuted([1, 0])
    }

    /// Values with indices `range` along `axis`.
    public func sliced(axis: Int, _ range: Range<Int>) -> Tensor {
        let axis = normalized(axis: axis)
        let (outer, length, inner) = around(axis: axis)
        precondition(range.lowerBound >= 0 && range.upperBound <= length, "slice \(range) outside axis of \(length)")
        let width = range.count * inner
        let values = [Float](unsafeUninitializedCapacity: outer * width) { y, initialized in
            data.withUnsafeBufferPointer { x in
                for o in 0..<outer {
                    (y.baseAddress! + o * width).initialize(from: x.baseAddress! + (o * length + range.lowerBound) * inner, count: width)
                }
            }
            initialized = outer * width
        }
        var outputShape = shape
        outputShape[axis] = range.count
        let input = self
        return .result(shape: outputShape, data: values, parents: [input]) { gradient in
            var local = [Float](repeating: 0, count: input.count)
            local.withUnsafeMutableBufferPointer { dx in
                gradient.withUnsafeBufferPointer { g in
                    for o in 0..<outer {
                        (dx.baseAddress! + (o * length + range.lowerBound) * inner).update(from: g.baseAddress! + o * width, count: width)
                    }
                }
            }
            input.accumulateGrad(local)
        }
    }

    /// Joins tensors along `axis`; all other axes must agree.
    public static func concatenate(_ parts: [Tensor], axis: Int) -> Tensor {
        precondition(!parts.isEmpty, "concatenate needs at least one tensor")
        let first = parts[0]
        let axis = first.normalized(axis: axis)
        for part in parts {
            precondition(part.rank == first.rank && (0..<first.rank).allSatisfy { $0 == axis || part.shape[$0] == first.shape[$0] },
                         "cannot concatenate \(part.shape) with \(first.shape) along axis \(axis)")
        }
        let outer = first.shape[..<axis].reduce(1, *)
        let widths = parts.map { $0.count / Swift.max(outer, 1) }
        let total = widths.reduce(0, +)
        let values = [Float](unsafeUninitializedCapacity: outer * total) { y, initialized in
            var offset = 0
            for (part, width) in zip(parts, widths) {
                part.data.withUnsafeBufferPointer { x in
                    for o in 0..<outer {
                        (y.baseAddress! + o * total + offset).initialize(from: x.baseAddress! + o * width, count: width)
                    }
                }
                offset += width
            }
            initialized = outer * total
        }
        var outputShape = first.shape
        outputShape[axis] = parts.map { $0.shape[axis] }.reduce(0, +)
        return .result(shape: outputShape, data: values, parents: parts) { gradient in
            var offset = 0
            for (part, width) in zip(parts, widths) {
                if part.requiresGrad {
                    let local = [Float](unsafeUninitializedCapacity: part.count) { dx, initialized in
                        gradient.withUnsafeBufferPointer { g in
                            for o in 0..<outer {
                                (dx.baseAddress! + o * width).initialize(from: g.baseAddress! + o * total + offset, count: width)
                            }
                        }
                        initialized = part.count
                    }
                    part.accumulateGrad(local)
                }
                offset += width
            }
        }
    }

    /// Stacks equally shaped tensors along a new axis.
    public static func stack(_ parts: [Tensor], axis: Int = 0) -> Tensor {
        precondition(!parts.isEmpty, "stack needs at least one tensor")
        let shape = parts[0].shape
        let axis = axis < 0 ? axis + shape.count + 1 : axis
        var expanded = shape
        expanded.insert(1, at: axis)
        return concatenate(parts.map { $0.reshaped(expanded) }, axis: axis)
    }

    /// Row-major offsets of a strided view.
    static func stridedOffsets(shape: [Int], strides: [Int]) -> [Int] {
        var result = [Int](repeating: 0, count: shape.elementCount)
        var index = [Int](repeating: 0, count: shape.count)
        var offset = 0
        for position in 0..<result.count {
            result[position] = offset
            var axis = shape.count - 1
            while axis >= 0 {
                index[axis] += 1
                offset += strides[axis]
                if index[axis] < shape[axis] { break }
                offset -= strides[axis] * index[axis]
                index[axis] = 0
                axis -= 1
            }
        }
        return result
    }
}
