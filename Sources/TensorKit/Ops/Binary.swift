/// An element-wise function of two values with its local derivatives, side by side.
public protocol BinaryFunction {
    static func value(_ a: Float, _ b: Float) -> Float
    /// d value / d a, given the inputs and the output.
    static func derivativeA(_ a: Float, _ b: Float, _ y: Float) -> Float
    /// d value / d b.
    static func derivativeB(_ a: Float, _ b: Float, _ y: Float) -> Float
    /// The constant derivatives (d/da, d/db) of a function linear in both arguments (a ± b), or
    /// nil. With them the backward pass scales the gradient (or passes it on as it is) without
    /// reading the inputs.
    static var constantDerivatives: (a: Float, b: Float)? { get }
}

extension BinaryFunction {
    public static var constantDerivatives: (a: Float, b: Float)? { nil }
}

public enum Add: BinaryFunction {  // y = a + b; dy/da = 1, dy/db = 1
    @inline(__always) public static func value(_ a: Float, _ b: Float) -> Float { a + b }
    @inline(__always) public static func derivativeA(_ a: Float, _ b: Float, _ y: Float) -> Float { 1 }
    @inline(__always) public static func derivativeB(_ a: Float, _ b: Float, _ y: Float) -> Float { 1 }
    public static var constantDerivatives: (a: Float, b: Float)? { (1, 1) }
}

public enum Subtract: BinaryFunction {  // y = a - b; dy/da = 1, dy/db = -1
    @inline(__always) public static func value(_ a: Float, _ b: Float) -> Float { a - b }
    @inline(__always) public static func derivativeA(_ a: Float, _ b: Float, _ y: Float) -> Float { 1 }
    @inline(__always) public static func derivativeB(_ a: Float, _ b: Float, _ y: Float) -> Float { -1 }
    public static var constantDerivatives: (a: Float, b: Float)? { (1, -1) }
}

public enum Multiply: BinaryFunction {  // y = a b; dy/da = b, dy/db = a
    @inline(__always) public static func value(_ a: Float, _ b: Float) -> Float { a * b }
    @inline(__always) public static func derivativeA(_ a: Float, _ b: Float, _ y: Float) -> Float { b }
    @inline(__always) public static func derivativeB(_ a: Float, _ b: Float, _ y: Float) -> Float { a }
}

public enum Divide: BinaryFunction {  // y = a / b; dy/da = 1/b, dy/db = -a/b^2 = -y/b
    @inline(__always) public static func value(_ a: Float, _ b: Float) -> Float { a / b }
    @inline(__always) public static func derivativeA(_ a: Float, _ b: Float, _ y: Float) -> Float { 1 / b }
    @inline(__always) public static func derivativeB(_ a: Float, _ b: Float, _ y: Float) -> Float { -y / b }
}

public enum Maximum: BinaryFunction {  // y = max(a, b); the gradient goes to the larger (a on ties)
    @inline(__always) public static func value(_ a: Float, _ b: Float) -> Float { a >= b ? a : b }
    @inline(__always) public static func derivativeA(_ a: Float, _ b: Float, _ y: Float) -> Float { a >= b ? 1 : 0 }
    @inline(__always) public static func derivativeB(_ a: Float, _ b: Float, _ y: Float) -> Float { a >= b ? 0 : 1 }
}

extension Tensor {
    /// Applies a binary function element-wise with broadcasting.
    public func elementwise<F: BinaryFunction>(_ function: F.Type, _ other: Tensor) -> Tensor {
        let outputShape = shape == other.shape ? shape : Broadcasting.shape(shape, other.shape)
        let left = Broadcasting.pattern(input: shape, output: outputShape)
        let right = Broadcasting.pattern(input: other.shape, output: outputShape)
        let count = outputShape.elementCount
        // Every output position is written once (Broadcasting.loop visits each).
        let values = [Float](unsafeUninitializedCapacity: count) { y, initialized in
            data.withUnsafeBufferPointer { a in
                other.data.withUnsafeBufferPointer { b in
                    Broadcasting.loop(count: count, left, a.count, right, b.count) { i, l, r in
                        y[i] = F.value(a[l], b[r])
                    }
                }
            }
            initialized = count
        }
        let a = self, b = other
        return .result(shape: outputShape, data: values, parents: [a, b], function: F.self) { gradient in
            for (operand, isLeft) in [(a, true), (b, false)] where operand.requiresGrad {
                if let constants = F.constantDerivatives {
                    // g · 1 is g: the gradient passes on without a copy (g · -1, negated).
                    let factor = isLeft ? constants.a : constants.b
                    let local = factor == 1 ? gradient : gradient.map { $0 * factor }
                    operand.accumulateGrad(Broadcasting.reduce(local, to: operand.shape, from: outputShape))
                    continue
                }
                var local = [Float](repeating: 0, count: count)
                local.withUnsafeMutableBufferPointer { target in
                    gradient.withUnsafeBufferPointer { g in
                        values.withUnsafeBufferPointer { y in
                            a.data.withUnsafeBufferPointer { x in
                                b.data.withUnsafeBufferPointer { z in
                                    Broadcasting.loop(count: count, left, x.count, right, z.count) { i, l, r in
                                        target[i] = g[i] * (isLeft ? F.derivativeA(x[l], z[r], y[i])
                                                                   : F.derivativeB(x[l], z[r], y[i]))
                                    }
                                }
                            }
                        }
                    }
                }
                operand.accumulateGrad(Broadcasting.reduce(local, to: operand.shape, from: outputShape))
            }
        }
    }

    public static func + (a: Tensor, b: Tensor) -> Tensor { a.elementwise(Add.self, b) }
    public static func - (a: Tensor, b: Tensor) -> Tensor { a.elementwise(Subtract.self, b) }
    public static func * (a: Tensor, b: Tensor) -> Tensor { a.elementwise(Multiply.self, b) }
    public static func / (a: Tensor, b: Tensor) -> Tensor { a.elementwise(Divide.self, b) }
    public static func + (a: Tensor, b: Float) -> Tensor { a + Tensor(b) }
    public static func - (a: Tensor, b: Float) -> Tensor { a - Tensor(b) }
    public static func * (a: Tensor, b: Float) -> Tensor { a * Tensor(b) }
    public static func / (a: Tensor, b: Float) -> Tensor { a / Tensor(b) }
    public static func + (a: Float, b: Tensor) -> Tensor { Tensor(a) + b }
    public static func - (a: Float, b: Tensor) -> Tensor { Tensor(a) - b }
    public static func * (a: Float, b: Tensor) -> Tensor { Tensor(a) * b }
    public static func / (a: Float, b: Tensor) -> Tensor { Tensor(a) / b }
    public static prefix func - (a: Tensor) -> Tensor { a * -1 }

    /// Element-wise maximum, with broadcasting.
    public func maximum(_ other: Tensor) -> Tensor { elementwise(Maximum.self, other) }
}
