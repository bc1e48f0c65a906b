#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An element-wise function with its local derivative, side by side.
public protocol UnaryFunction {
    static func value(_ x: Float) -> Float
    /// dy/dx, given the input `x` and the output `y` (whichever is cheaper).
    static func derivative(_ x: Float, _ y: Float) -> Float
    /// From how many elements `map` splits its loops across the threads.
    static var parallelThreshold: Int { get }
}

extension UnaryFunction {
    public static var parallelThreshold: Int { BLAS.parallelElements }
}

/// A function computed by libm's exp, log or tanh (10-20 ns an element): worth a second thread
/// from 4,096 elements (a GRU's gates, 200 x 100) instead of 65,536.
public protocol TranscendentalFunction: UnaryFunction {}

extension TranscendentalFunction {
    public static var parallelThreshold: Int { 4096 }
}

public enum ReLU: UnaryFunction {  // y = max(0, x); dy/dx = [x > 0]
    @inline(__always) public static func value(_ x: Float) -> Float { x > 0 ? x : 0 }
    @inline(__always) public static func derivative(_ x: Float, _ y: Float) -> Float { x > 0 ? 1 : 0 }
}

public enum Sigmoid: TranscendentalFunction {  // y = 1 / (1 + e^-x); dy/dx = y (1 - y)
    @inline(__always) public static func value(_ x: Float) -> Float {
        x >= 0 ? 1 / (1 + expf(-x)) : { let e = expf(x); return e / (1 + e) }()
    }
    @inline(__always) public static func derivative(_ x: Float, _ y: Float) -> Float { y * (1 - y) }
}

public enum Tanh: TranscendentalFunction {  // dy/dx = 1 - tanh^2
    @inline(__always) public static func value(_ x: Float) -> Float { tanhf(x) }
    @inline(__always) public static func derivative(_ x: Float, _ y: Float) -> Float { 1 - y * y }
}

public enum Exp: TranscendentalFunction {  // dy/dx = e^x = y
    @inline(__always) public static func value(_ x: Float) -> Float { expf(x) }
    @inline(__always) public static func derivative(_ x: Float, _ y: Float) -> Float { y }
}

public enum Log: TranscendentalFunction {  // dy/dx = 1 / x
    @inline(__always) public static func value(_ x: Float) -> Float { logf(x) }
    @inline(__always) public static func derivative(_ x: Float, _ y: Float) -> Float { 1 / x }
}

public enum SquareRoot: UnaryFunction {  // dy/dx = 1 / (2 sqrt x)
    @inline(__always) public static func value(_ x: Float) -> Float { x.squareRoot() }
    @inline(__always) public static func derivative(_ x: Float, _ y: Float) -> Float { 0.5 / y }
}

public enum Square: UnaryFunction {  // dy/dx = 2x
    @inline(__always) public static func value(_ x: Float) -> Float { x * x }
    @inline(__always) public static func derivative(_ x: Float, _ y: Float) -> Float { 2 * x }
}

public enum AbsoluteValue: UnaryFunction {  // dy/dx = sign(x)
    @inline(__always) public static func value(_ x: Float) -> Float { abs(x) }
    @inline(__always) public static func derivative(_ x: Float, _ y: Float) -> Float { x > 0 ? 1 : (x < 0 ? -1 : 0) }
}

public enum Softplus: TranscendentalFunction {  // y = log(1 + e^x); dy/dx = sigmoid(x)
    @inline(__always) public static func value(_ x: Float) -> Float { max(x, 0) + log1pf(expf(-abs(x))) }
    @inline(__always) public static func derivative(_ x: Float, _ y: Float) -> Float { Sigmoid.value(x) }
}

public enum GELU: TranscendentalFunction {
    // y = x/2 (1 + tanh(u)), u = sqrt(2/pi) (x + 0.044715 x^3)  (Hendrycks & Gimpel 2016, tanh form)
    // dy/dx = (1 + tanh u)/2 + x/2 (1 - tanh^2 u) sqrt(2/pi) (1 + 3 * 0.044715 x^2)
    static let c: Float = 0.797_884_56
    @inline(__always) public static func value(_ x: Float) -> Float {
        0.5 * x * (1 + tanhf(c * (x + 0.044715 * x * x * x)))
    }
    @inline(__always) public static func derivative(_ x: Float, _ y: Float) -> Float {
        let t = tanhf(c * (x + 0.044715 * x * x * x))
        return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * c * (1 + 3 * 0.044715 * x * x)
    }
}

extension Tensor {
    /// Applies a unary function element-wise.
    public func map<F: UnaryFunction>(_ function: F.Type) -> Tensor {
        let values = [Float](unsafeUninitializedCapacity: count) { y, initialized in
            data.withUnsafeBufferPointer { x in
                let (to, from) = (y.baseAddress!, x.baseAddress!)
                BLAS.forEachRange(x.count, threshold: F.parallelThreshold) { range in for i in range { to[i] = F.value(from[i]) } }
            }
            initialized = count
        }
        let input = self
        return .result(shape: shape, data: values, parents: [input], function: F.self) { gradient in
            let local = [Float](unsafeUninitializedCapacity: values.count) { target, initialized in
                gradient.withUnsafeBufferPointer { g in
                    values.withUnsafeBufferPointer { y in
                        input.data.withUnsafeBufferPointer { x in
                            let (dx, dy, yy, xx) = (target.baseAddress!, g.baseAddress!, y.baseAddress!, x.baseAddress!)
                            BLAS.forEachRange(x.count, threshold: F.parallelThreshold) { range in
                                for i in range { dx[i] = dy[i] * F.derivative(xx[i], yy[i]) }
                            }
                        }
                    }
                }
                initialized = values.count
            }
            input.accumulateGrad(local)
        }
    }

    public func relu() -> Tensor { map(ReLU.self) }
    public func sigmoid() -> Tensor { map(Sigmoid.self) }
    public func tanh() -> Tensor { map(Tanh.self) }
    public func exp() -> Tensor { map(Exp.self) }
    public func log() -> Tensor { map(Log.self) }
    public func sqrt() -> Tensor { map(SquareRoot.self) }
    public func squared() -> Tensor { map(Square.self) }
    public func abs() -> Tensor { map(AbsoluteValue.self) }
    public func softplus() -> Tensor { map(Softplus.self) }
    public func gelu() -> Tensor { map(GELU.self) }

    /// y = x for x > 0, slope * x otherwise; dy/dx = 1 or slope.
    public func leakyReLU(slope: Float = 0.01) -> Tensor {
        scaledWhere(positive: 1, negative: slope)
    }

    /// y = x^p for a constant p; dy/dx = p x^(p-1).
    public func pow(_ exponent: Float) -> Tensor {
        let input = self
        let values = data.map { powf($0, exponent) }
        return .result(shape: shape, data: values, parents: [input]) { gradient in
            var local = gradient
            local.withUnsafeMutableBufferPointer { dx in
                input.data.withUnsafeBufferPointer { x in for i in 0..<dx.count { dx[i] *= exponent * powf(x[i], exponent - 1) } }
            }
            input.accumulateGrad(local)
        }
    }

    /// y = x (positive) or x (negative) scaled: the piecewise-linear family (leaky ReLU).
    func scaledWhere(positive: Float, negative: Float) -> Tensor {
        let input = self
        let values = data.map { $0 > 0 ? positive * $0 : negative * $0 }
        return .result(shape: shape, data: values, parents: [input]) { gradient in
            var local = gradient
            local.withUnsafeMutableBufferPointer { dx in
                input.data.withUnsafeBufferPointer { x in for i in 0..<dx.count { dx[i] *= x[i] > 0 ? positive : negative } }
            }
            input.accumulateGrad(local)
        }
    }

    /// Clamps values into `range`; the gradient passes only inside it.
    public func clamped(to range: ClosedRange<Float>) -> Tensor {
        let input = self
        let values = data.map { Swift.min(Swift.max($0, range.lowerBound), range.upperBound) }
        return .result(shape: shape, data: values, parents: [input]) { gradient in
            var local = gradient
            local.withUnsafeMutableBufferPointer { dx in
                input.data.withUnsafeBufferPointer { x in for i in 0..<dx.count where !range.contains(x[i]) { dx[i] = 0 } }
            }
            input.accumulateGrad(local)
        }
    }
}
