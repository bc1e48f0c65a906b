import NeuralNet

/// The optimizers a learner can pick by name.
public enum OptimizerChoice: String, CaseIterable, Sendable {
    case sgd, momentum, nesterov, adam, adamw, adagrad, rmsprop

    public static var names: [String] { allCases.map(\.rawValue) }

    public func make(_ parameters: [NamedParameter], learningRate: Float, weightDecay: Float = 0) -> any Optimizer {
        switch self {
        case .sgd: SGD(parameters, learningRate: learningRate, weightDecay: weightDecay)
        case .momentum: SGD(parameters, learningRate: learningRate, momentum: 0.9, weightDecay: weightDecay)
        case .nesterov: SGD(parameters, learningRate: learningRate, momentum: 0.9, nesterov: true, weightDecay: weightDecay)
        case .adam: Adam(parameters, learningRate: learningRate, weightDecay: weightDecay)
        case .adamw: Adam(parameters, learningRate: learningRate, weightDecay: weightDecay, decoupledWeightDecay: true)
        case .adagrad: Adagrad(parameters, learningRate: learningRate, weightDecay: weightDecay)
        case .rmsprop: RMSProp(parameters, learningRate: learningRate, weightDecay: weightDecay)
        }
    }
}
