import NeuralNet
import TensorKit

/// Multi-gate Mixture-of-Experts (Ma et al. 2018, "Modeling Task Relationships in Multi-task
/// Learning with Multi-gate Mixture-of-Experts"):
///
///     f_e(x) = relu(x W_e + b_e)                   e = 1..E experts, each [N, U]
///     g_k(x) = softmax(x W_gk)                     one gate per task k, [N, E]
///     m_k(x) = sum_e g_k(x)_e f_e(x)               the mixture task k sees, [N, U]
///
/// All experts are one fused layer (x [N, in] · W [in, E·U]); the mixture is a broadcast product
/// of the gate [N, E, 1] with the experts [N, E, U] summed over E: three graph nodes per task.
public final class MixtureOfExperts: ParameterContainer {
    public let experts: Linear
    public let gates: [Linear]
    public let expertCount: Int
    public let expertUnits: Int
    /// Mean gate weight per task and expert over the latest batch (for the gate heat map).
    public private(set) var lastGateMeans: [[Double]]

    public init(inputs: Int, expertCount: Int, expertUnits: Int, taskCount: Int, using generator: inout SeededGenerator) {
        self.expertCount = expertCount
        self.expertUnits = expertUnits
        experts = Linear(inputs, expertCount * expertUnits, initializer: .heNormal, using: &generator)
        gates = (0..<taskCount).map { _ in Linear(inputs, expertCount, initializer: .normal(standardDeviation: 0.01), using: &generator) }
        lastGateMeans = Array(repeating: Array(repeating: 1 / Double(expertCount), count: expertCount), count: taskCount)
    }

    /// All experts' outputs: `[N, E, U]`.
    public func expertOutputs(_ x: Tensor) -> Tensor {
        experts(x).relu().reshaped([x.shape[0], expertCount, expertUnits])
    }

    /// Task `task`'s mixture `[N, U]` of `expertOutputs` (pass them in to share one expert pass).
    public func mixture(task: Int, _ x: Tensor, experts outputs: Tensor) -> Tensor {
        let gate = gates[task](x).softmax()
        recordGate(gate, task: task)
        return (gate.reshaped([x.shape[0], expertCount, 1]) * outputs).sum(axis: 1)
    }

    private func recordGate(_ gate: Tensor, task: Int) {
        var means = [Double](repeating: 0, count: expertCount)
        let rows = gate.shape[0]
        for row in 0..<rows { for e in 0..<expertCount { means[e] += Double(gate.data[row * expertCount + e]) } }
        lastGateMeans[task] = means.map { $0 / Double(Swift.max(rows, 1)) }
    }

    public var parameters: [NamedParameter] {
        experts.parameters.prefixed("experts") + gates.enumerated().flatMap { $1.parameters.prefixed("gate\($0 + 1)") }
    }
}

/// MMoE on the two-item images: the convolutional layers are shared (S = h, `[N, 500]`), then
/// experts of 50 units mixed per task by its gate, and a linear 10-way head per task.
public final class MixtureOfExpertsNet: SharedTrunkModel {
    public let trunk: LeNetTrunk
    public let mixture: MixtureOfExperts
    public let heads: [Linear]

    public init(expertCount: Int, taskCount: Int = 2, classCount: Int = 10, using generator: inout SeededGenerator) {
        trunk = LeNetTrunk(outputCount: 0, using: &generator)
        mixture = MixtureOfExperts(inputs: LeNetTrunk.featureCount, expertCount: expertCount,
                                   expertUnits: LeNetTrunk.outputCount, taskCount: taskCount, using: &generator)
        heads = (0..<taskCount).map { _ in Linear(LeNetTrunk.outputCount, classCount, using: &generator) }
    }

    private var lastSecondInput: Tensor?

    public func shared(_ x: Tensor) -> Tensor {
        let (features, secondInput) = trunk.featuresAndSecondInput(x)
        lastSecondInput = secondInput
        return features
    }

    public func logits(task: Int, from representation: Tensor) -> Tensor {
        heads[task](mixture.mixture(task: task, representation, experts: mixture.expertOutputs(representation)))
    }

    public var taskParameters: [NamedParameter] {
        mixture.parameters + heads.enumerated().flatMap { $1.parameters.prefixed("head\($0 + 1)") }
    }

    /// The conv trunk's parameters (it has no fc layer here: the experts replace it).
    public var parameters: [NamedParameter] {
        trunk.convolutionParameters.prefixed("trunk") + taskParameters
    }

    /// Every layer after S is partly task-specific, so the shared representation's own gradient
    /// stands in for the last shared layer's.
    public func lastSharedLayerGradient(_ representationGradient: [Float], images: Int) -> [Float] {
        guard let input = lastSecondInput else { return [] }
        return trunk.secondLayerGradient(input: input, featureGradient: representationGradient, images: images)
    }
}
