/// NumPy broadcasting: shapes are aligned at their last axis; an axis of size 1 (or a missing
/// leading axis) stretches to match the other.
public enum Broadcasting {
    /// The broadcast shape of `a` and `b`, or a precondition failure naming both.
    public static func shape(_ a: [Int], _ b: [Int]) -> [Int] {
        let rank = max(a.count, b.count)
        let paddedA = [Int](repeating: 1, count: rank - a.count) + a
        let paddedB = [Int](repeating: 1, count: rank - b.count) + b
        return zip(paddedA, paddedB).map { left, right in
            precondition(left == right || left == 1 || right == 1,
                         "shapes \(a) and \(b) cannot be broadcast together")
            return max(left, right)
        }
    }

    /// How an operand of shape `input` is read while walking an output of shape `output`.
    enum Pattern {
        case same            // identical shapes
        case scalar          // one value everywhere
        case repeatedRow     // input is the trailing block, repeated over the leading axes
        case repeatedElement(Int)  // input is the leading block: each value repeated n times in a row
        case general([Int])  // offset of the input value for each output index
    }

    static func pattern(input: [Int], output: [Int]) -> Pattern {
        let inputCount = input.elementCount
        let outputCount = output.elementCount
        if inputCount == outputCount { return .same }
        if inputCount == 1 { return .scalar }
        // Trailing block: input without its leading ones equals the output's tail.
        let trimmed = Array(input.drop { $0 == 1 })
        if trimmed.count <= output.count, Array(output.suffix(trimmed.count)) == trimmed {
            return .repeatedRow
        }
        // Leading block: [n, e, 1] against [n, e, u] (a gate times its experts, a column added).
        let padded = [Int](repeating: 1, count: output.count - input.count) + input
        if let last = padded.lastIndex(where: { $0 != 1 }), padded[...last] == output[...last] {
            return .repeatedElement(outputCount / inputCount)
        }
        return .general(offsets(input: input, output: output))
    }

    /// For each output position (row-major), the offset of the input value it reads.
    static func offsets(input: [Int], output: [Int]) -> [Int] {
        let rank = output.count
        let padded = [Int](repeating: 1, count: rank - input.count) + input
        let inputStrides = padded.rowMajorStrides
        let strides = (0..<rank).map { padded[$0] == 1 ? 0 : inputStrides[$0] }
        var result = [Int](repeating: 0, count: output.elementCount)
        var index = [Int](repeating: 0, count: rank)
        var offset = 0
        for position in 0..<result.count {
            result[position] = offset
            var axis = rank - 1
            while axis >= 0 {
                index[axis] += 1
                offset += strides[axis]
                if index[axis] < output[axis] { break }
                offset -= strides[axis] * index[axis]
                index[axis] = 0
                axis -= 1
            }
        }
        return result
    }

    /// Sums a gradient of the broadcast shape back onto the operand's shape.
    static func reduce(_ gradient: [Float], to input: [Int], from output: [Int]) -> [Float] {
        switch pattern(input: input, output: output) {
        case .same:
            return gradient
        case .scalar:
            var total: Float = 0
            gradient.withUnsafeBufferPointer { for value in $0 { total += value } }
            return [total]
        case .repeatedRow:
            let width = input.elementCount
            var result = [Float](repeating: 0, count: width)
            result.withUnsafeMutableBufferPointer { target in
                gradient.withUnsafeBufferPointer { source in
                    var start = 0
                    while start < source.count {
                        for i in 0..<width { target[i] += source[start + i] }
                        start += width
                    }
                }
            }
            return result
        case .repeatedElement(let times):
            // Each value's block of `times` gradients, summed in order (as the general loop does).
            return [Float](unsafeUninitializedCapacity: input.elementCount) { result, initialized in
                gradient.withUnsafeBufferPointer { source in
                    for e in 0..<result.count {
                        var total: Float = 0
                        for j in 0..<times { total += source[e * times + j] }
                        result[e] = total
                    }
                }
                initialized = result.count
            }
        case .general(let offsets):
            var result = [Float](repeating: 0, count: input.elementCount)
            for (position, offset) in offsets.enumerated() { result[offset] += gradient[position] }
            return result
        }
    }

    /// Calls `body(outputIndex, leftOffset, rightOffset)` for every output position, with
    /// straight loops for the common patterns. Large outputs where each operand is the same
    /// shape or a scalar are split across the threads (`BLAS.forEachRange`); `body` must then
    /// write only at its output index.
    @inline(__always)
    static func loop(count: Int, _ left: Pattern, _ leftCount: Int, _ right: Pattern, _ rightCount: Int,
                     _ body: (Int, Int, Int) -> Void) {
        if count >= BLAS.parallelElements, left.isFlat, right.isFlat {
            let (leftSame, rightSame) = (left.isSame, right.isSame)
            BLAS.forEachRange(count) { range in
                for i in range { body(i, leftSame ? i : 0, rightSame ? i : 0) }
            }
            return
        }
        switch (left, right) {
        case (.same, .same):
            for i in 0..<count { body(i, i, i) }
        case (.same, .scalar):
            for i in 0..<count { body(i, i, 0) }
        case (.scalar, .same):
            for i in 0..<count { body(i, 0, i) }
        case (.same, .repeatedRow):
            var start = 0
            while start < count {
                for j in 0..<rightCount { body(start + j, start + j, j) }
                start += rightCount
            }
        case (.repeatedRow, .same):
            var start = 0
            while start < count {
                for j in 0..<leftCount { body(start + j, j, start + j) }
                start += leftCount
            }
        case (.same, .repeatedElement(let times)):
            for e in 0..<rightCount {
                for j in (e * times)..<((e + 1) * times) { body(j, j, e) }
            }
        case (.repeatedElement(let times), .same):
            for e in 0..<leftCount {
                for j in (e * times)..<((e + 1) * times) { body(j, e, j) }
            }
        default:
            for i in 0..<count { body(i, left.offset(at: i, count: leftCount), right.offset(at: i, count: rightCount)) }
        }
    }
}

extension Broadcasting.Pattern {
    var isSame: Bool { if case .same = self { true } else { false } }
    /// The operand is read at the output index, or is one value.
    var isFlat: Bool {
        switch self {
        case .same, .scalar: true
        case .repeatedRow, .repeatedElement, .general: false
        }
    }

    @inline(__always)
    func offset(at index: Int, count: Int) -> Int {
        switch self {
        case .same: return index
        case .scalar: return 0
        case .repeatedRow: return index % count
        case .repeatedElement(let times): return index / times
        case .general(let offsets): return offsets[index]
        }
    }
}
