import NeuralNet

/// The step-through inspector's measurements: each parameter's norm, its last gradient's norm
/// and the norm of its last update, Δw = w(after) − w(before).
///
/// `remember` copies the values before a step; `stats` compares after it. A parameter is matched
/// with its copy by tensor identity and size, so a model whose parameters change between steps
/// (a new child network in architecture search) shows its new tensors with no update instead of
/// being compared with someone else's.
struct ParameterWatch {
    private var before: [ObjectIdentifier: [Float]] = [:]

    /// Copies the current values of `parameters`.
    mutating func remember(_ parameters: [NamedParameter]) {
        before = Dictionary(parameters.map { (ObjectIdentifier($0.tensor), $0.tensor.data) }, uniquingKeysWith: { first, _ in first })
    }

    /// Whether values were remembered since the last `stats`.
    var isArmed: Bool { !before.isEmpty }

    /// The measurements of `parameters` against the remembered values (then forgets them).
    mutating func stats(_ parameters: [NamedParameter]) -> [ParameterStats] {
        defer { before = [:] }
        return parameters.map { parameter in
            let values = parameter.tensor.data
            var norm = 0.0
            for value in values { norm += Double(value) * Double(value) }
            var update: Double?
            if let old = before[ObjectIdentifier(parameter.tensor)], old.count == values.count {
                var sum = 0.0
                for i in values.indices {
                    let delta = Double(values[i] - old[i])
                    sum += delta * delta
                }
                update = sum.squareRoot()
            }
            let gradient = parameter.tensor.grad.map { $0.reduce(0.0) { $0 + Double($1) * Double($1) } }
            let stride = max(1, values.count / 4096)
            return ParameterStats(name: parameter.name, shape: parameter.tensor.shape, valueNorm: norm.squareRoot(),
                                  gradientNorm: gradient?.squareRoot(), updateNorm: update,
                                  sample: Swift.stride(from: 0, to: values.count, by: stride).map { values[$0] })
        }
    }
}
