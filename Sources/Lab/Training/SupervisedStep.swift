import NeuralNet
import TensorKit

extension HyperparameterSet {
    /// Whether the set has a setting named `key`.
    public func has(_ key: String) -> Bool { all.contains { $0.key == key } }
}

extension Optimizer {
    /// Takes the live learning rate (`learningRateKey`) and `weight-decay`, where the
    /// experiment has them.
    public func follow(_ settings: HyperparameterSet, learningRateKey: String = "learning-rate") {
        if settings.has(learningRateKey) { learningRate = settings.float(learningRateKey) }
        if settings.has("weight-decay") { weightDecay = settings.float("weight-decay") }
    }

    /// One supervised step, the skeleton every experiment trained by gradient descent shares:
    /// follow the live settings, clear the gradients, compute `loss()`, back-propagate it and
    /// update the parameters. Returns the loss tensor (its graph already released). On a step
    /// recorded by a tape that checks gradients, the gradients are checked by finite differences
    /// before the update (see `Tape.checkGradients`).
    @discardableResult
    public func minimize(following settings: HyperparameterSet, _ loss: () throws -> Tensor) rethrows -> Tensor {
        follow(settings)
        zeroGradients()
        let value = try loss()
        value.backward()
        if Tape.isRecording {
            let named = parameters.map { ($0.name, $0.tensor) }
            Tape.nameParameters(named)
            try Tape.checkGradients(named, loss: loss, recordedLoss: value.scalar)
        }
        step()
        return value
    }
}
