import TensorKit

/// Finite-difference gradient checking.
///
/// For inputs x and an op f, the analytic gradient of L = sum_i probe_i f(x)_i (probe: seeded
/// normal weights, so every output element matters) is compared with central differences
/// (L(x + eps e_j) - L(x - eps e_j)) / (2 eps), computed in Double from Float forward passes.
public enum GradientCheck {
    public struct Result: CustomStringConvertible {
        /// Largest |analytic - numeric| / max(1, |analytic|, |numeric|) over all input values.
        public var worstError: Double
        /// Where it happened: "input 1[5]: analytic 0.3, numeric 0.31".
        public var worstPlace: String
        public var description: String { "worst error \(worstError) at \(worstPlace)" }
    }

    public static func check(_ inputs: [Tensor], epsilon: Float = 1e-2, seed: UInt64 = 1,
                             _ function: ([Tensor]) -> Tensor) -> Result {
        for input in inputs { input.trainable(); input.zeroGrad() }
        let output = function(inputs)
        var generator = SeededGenerator(seed: seed)
        let probe = (0..<output.count).map { _ in generator.nextNormal() }
        output.backward(seed: probe)
        let analytic = inputs.map { $0.grad ?? [Float](repeating: 0, count: $0.count) }

        func loss() -> Double {
            withoutGradients {
                let values = function(inputs).data
                return zip(values, probe).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
            }
        }

        var result = Result(worstError: 0, worstPlace: "nowhere")
        for (which, input) in inputs.enumerated() {
            for index in 0..<input.count {
                let original = input.data[index]
                input.data[index] = original + epsilon
                let plus = loss()
                input.data[index] = original - epsilon
                let minus = loss()
                input.data[index] = original
                let numeric = (plus - minus) / (2 * Double(epsilon))
                let exact = Double(analytic[which][index])
                let error = abs(exact - numeric) / max(1, abs(exact), abs(numeric))
                if !(error <= result.worstError) {
                    result = Result(worstError: error.isNaN ? .infinity : error,
                                    worstPlace: "input \(which)[\(index)]: analytic \(exact), numeric \(numeric)")
                }
            }
        }
        return result
    }
}

/// Seeded tensors for tests.
public struct TestTensors {
    public var generator: SeededGenerator
    public init(seed: UInt64 = 42) { generator = SeededGenerator(seed: seed) }

    /// Uniform values in `range`.
    public mutating func uniform(_ shape: [Int], _ range: ClosedRange<Float> = -1...1) -> Tensor {
        Tensor.randomUniform(shape, in: range, using: &generator)
    }

    /// Uniform values whose magnitude is at least `gap`, so kinks (ReLU at 0, |x|) are not
    /// straddled by a finite-difference step.
    public mutating func awayFromZero(_ shape: [Int], gap: Float = 0.1) -> Tensor {
        let values = (0..<shape.elementCount).map { _ -> Float in
            let magnitude = gap + (1 - gap) * generator.nextUniform()
            return generator.nextUniform() < 0.5 ? -magnitude : magnitude
        }
        return Tensor(shape: shape, data: values)
    }

    /// Distinct values (a seeded permutation of evenly spaced numbers), so max and pooling have
    /// unique winners that a small step cannot swap.
    public mutating func distinct(_ shape: [Int]) -> Tensor {
        let count = shape.elementCount
        var values = (0..<count).map { Float($0) / Float(max(count, 1)) * 2 - 1 }
        values.shuffle(using: &generator)
        return Tensor(shape: shape, data: values)
    }
}
