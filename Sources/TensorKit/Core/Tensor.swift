#if canImport(Foundation)
import Foundation
#endif

/// A dense, row-major Float32 tensor that can take part in reverse-mode automatic
/// differentiation.
///
/// Operations build the graph as they run (define-by-run): a result remembers its parents and a
/// closure that turns the result's gradient into its parents' gradients. `backward()` walks that
/// graph once in reverse topological order and then releases it.
public final class Tensor {
    /// Sizes of each axis, outermost first: `[batch, features]`, `[N, C, H, W]`.
    public let shape: [Int]
    /// The values, row-major.
    public var data: [Float]
    /// The gradient of the last `backward()` with respect to this tensor, accumulated across
    /// uses; `nil` until one flows here.
    public var grad: [Float]?
    /// Whether gradients flow to this tensor (parameters) or through it (results of ops on them).
    public internal(set) var requiresGrad: Bool
    /// A name for summaries, checkpoints and the inspector.
    public var name: String?

    // MARK: - Graph links (results of ops only)
    var parents: [Tensor] = []
    var backwardFunction: ((_ outputGradient: [Float]) -> Void)?
    var visited = false

    public init(shape: [Int], data: [Float], requiresGrad: Bool = false, name: String? = nil) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative size in shape \(shape)")
        precondition(shape.elementCount == data.count,
                     "shape \(shape) holds \(shape.elementCount) values, got \(data.count)")
        self.shape = shape
        self.data = data
        self.requiresGrad = requiresGrad
        self.name = name
    }

    /// The number of values.
    @inlinable public var count: Int { data.count }
    /// The number of axes.
    @inlinable public var rank: Int { shape.count }

    /// The only value of a one-element tensor.
    public var scalar: Float {
        precondition(count == 1, "scalar of a tensor with shape \(shape)")
        return data[0]
    }

    /// Whether this tensor was made by an op that recorded a backward step.
    public var isGraphNode: Bool { backwardFunction != nil }

    /// Marks a leaf tensor as trainable: gradients will be accumulated into it.
    @discardableResult
    public func trainable(_ flag: Bool = true) -> Tensor {
        precondition(!isGraphNode, "only leaf tensors can be marked trainable")
        requiresGrad = flag
        return self
    }

    /// Clears the accumulated gradient.
    public func zeroGrad() { grad = nil }

    /// A new leaf with the same values, cut from the graph.
    public func detached() -> Tensor { Tensor(shape: shape, data: data) }

    /// Adds `gradient` into `grad`, creating it on first use.
    public func accumulateGrad(_ gradient: UnsafeBufferPointer<Float>) {
        precondition(gradient.count == count, "gradient size \(gradient.count) != \(count)")
        if grad == nil {
            grad = Array(gradient)
            return
        }
        grad!.withUnsafeMutableBufferPointer { target in
            let (to, from) = (target.baseAddress!, gradient.baseAddress!)
            BLAS.forEachRange(target.count) { range in for i in range { to[i] += from[i] } }
        }
    }

    public func accumulateGrad(_ gradient: [Float]) {
        if grad == nil {
            // First contribution: share the array (copy on write) instead of copying it.
            precondition(gradient.count == count, "gradient size \(gradient.count) != \(count)")
            grad = gradient
            return
        }
        gradient.withUnsafeBufferPointer { accumulateGrad($0) }
    }
}

// MARK: - Making tensors

extension Tensor {
    public convenience init(_ value: Float) { self.init(shape: [], data: [value]) }

    /// A tensor from nested rows, for tests and small literals.
    public convenience init(_ rows: [[Float]]) {
        let width = rows.first?.count ?? 0
        precondition(rows.allSatisfy { $0.count == width }, "ragged rows")
        self.init(shape: [rows.count, width], data: rows.flatMap { $0 })
    }

    public static func zeros(_ shape: [Int]) -> Tensor {
        Tensor(shape: shape, data: [Float](repeating: 0, count: shape.elementCount))
    }

    public static func ones(_ shape: [Int]) -> Tensor { full(shape, 1) }

    public static func full(_ shape: [Int], _ value: Float) -> Tensor {
        Tensor(shape: shape, data: [Float](repeating: value, count: shape.elementCount))
    }

    /// Normal samples with the given mean and standard deviation.
    public static func randomNormal(_ shape: [Int], mean: Float = 0, standardDeviation: Float = 1,
                                    using generator: inout SeededGenerator) -> Tensor {
        let values = (0..<shape.elementCount).map { _ in mean + standardDeviation * generator.nextNormal() }
        return Tensor(shape: shape, data: values)
    }

    /// Uniform samples in `range`.
    public static func randomUniform(_ shape: [Int], in range: ClosedRange<Float>,
                                     using generator: inout SeededGenerator) -> Tensor {
        let width = range.upperBound - range.lowerBound
        let values = (0..<shape.elementCount).map { _ in range.lowerBound + width * generator.nextUniform() }
        return Tensor(shape: shape, data: values)
    }
}

extension Tensor: CustomStringConvertible {
    public var description: String {
        let preview = data.prefix(8).map { String(format: "%.4g", $0) }.joined(separator: ", ")
        return "Tensor\(shape)[\(preview)\(count > 8 ? ", …" : "")]"
    }
}

extension Array where Element == Int {
    /// The number of values a tensor of this shape holds.
    @inlinable public var elementCount: Int { reduce(1, *) }

    /// Row-major strides: how far apart neighbours along each axis are.
    public var rowMajorStrides: [Int] {
        var strides = [Int](repeating: 1, count: count)
        var running = 1
        for axis in indices.reversed() {
            strides[axis] = running
            running *= self[axis]
        }
        return strides
    }
}
