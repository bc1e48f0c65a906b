import TensorKit

public enum GradientClipping {
    /// The L2 norm of all gradients together: sqrt(sum over parameters of |g|²).
    public static func globalNorm(_ parameters: [NamedParameter]) -> Float {
        var total: Double = 0
        for parameter in parameters {
            guard let gradient = parameter.tensor.grad else { continue }
            for value in gradient { total += Double(value) * Double(value) }
        }
        return Float(total.squareRoot())
    }

    /// Scales all gradients by min(1, maxNorm / norm) so their global norm is at most `maxNorm`
    /// (Pascanu et al. 2013). Returns the norm before clipping.
    @discardableResult
    public static func clipByGlobalNorm(_ parameters: [NamedParameter], maxNorm: Float) -> Float {
        let norm = globalNorm(parameters)
        guard norm > maxNorm, norm > 0 else { return norm }
        let scale = maxNorm / norm
        for parameter in parameters where parameter.tensor.grad != nil {
            parameter.tensor.grad!.withUnsafeMutableBufferPointer { g in
                for i in 0..<g.count { g[i] *= scale }
            }
        }
        return norm
    }
}
