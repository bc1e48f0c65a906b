/// A parameter's gradient, as backpropagation gave it on a recorded step, checked against a
/// central finite difference of the loss on the same minibatch:
///
///     numeric = (L(θ + ε e_i) - L(θ - ε e_i)) / 2ε,    ε = 10⁻³ · max(1, |θ_i|)
///
/// at the element i with the largest |∂L/∂θ_i| (where a wrong gradient would show most).
/// The two float32 losses are subtracted in double; the step 2ε is the difference of the two
/// float32 values actually set. Agreement: relative error |a - n| / (|a| + |n|) below 1 %.
public struct TapeGradientCheck: Hashable, Sendable {
    /// The parameter's name.
    public let parameter: String
    /// The parameter's leaf on the tape, if the step read it.
    public let leaf: Int?
    /// The element checked (row-major index).
    public let index: Int
    /// ∂L/∂θ_i from backpropagation.
    public let analytic: Double
    /// The central difference.
    public let numeric: Double
    public let epsilon: Double

    /// |a - n| / (|a| + |n|): 0 when both are 0, NaN when either is not finite.
    public var relativeError: Double {
        guard analytic.isFinite && numeric.isFinite else { return .nan }
        let scale = abs(analytic) + abs(numeric)
        return scale > 0 ? abs(analytic - numeric) / scale : 0
    }

    /// Whether the two agree to 1 % (never when either is NaN or infinite).
    public var agrees: Bool { relativeError < 0.01 }
}

extension Tape {
    /// Checks each parameter's gradient by finite differences (see ``TapeGradientCheck``) when a
    /// tape that asks for it (``TapeOptions/checksGradients``) records this thread; otherwise does
    /// nothing. Call it after `backward()` and before the update, with the closure that computed
    /// the loss: it is run again twice per parameter (at most `limit` parameters) with one value
    /// moved, without gradients and without recording, then once more unchanged, to tell whether
    /// the loss is a function of the parameters alone (``Tape/lossIsRepeatable``; dropout or
    /// sampling inside the closure make it random, and the check then means little). Re-running
    /// draws random numbers again, so a checked step changes a random model's later steps.
    public static func checkGradients(_ parameters: [(name: String, tensor: Tensor)], loss: () throws -> Tensor,
                                      recordedLoss: Float, limit: Int = 8) rethrows {
        guard let recorder = TapeRecorder.current, recorder.options.checksGradients else { return }
        try TapeRecorder.$active.withValue(nil) {
            try withoutGradients {
                for (name, tensor) in parameters.prefix(limit) {
                    guard let gradient = tensor.grad, !gradient.isEmpty else { continue }
                    var index = 0
                    for i in gradient.indices where abs(gradient[i]) > abs(gradient[index]) { index = i }
                    let original = tensor.data[index]
                    let step = 1e-3 * max(1, abs(original))
                    let up = original + step, down = original - step
                    tensor.data[index] = up
                    let plus = try loss().scalar
                    tensor.data[index] = down
                    let minus = try loss().scalar
                    tensor.data[index] = original
                    let numeric = (Double(plus) - Double(minus)) / (Double(up) - Double(down))
                    recorder.addGradientCheck(TapeGradientCheck(parameter: name, leaf: recorder.leaf(of: tensor), index: index,
                                                                analytic: Double(gradient[index]), numeric: numeric,
                                                                epsilon: Double(step)))
                }
                recorder.setLossIsRepeatable(try loss().scalar == recordedLoss)
            }
        }
    }
}
