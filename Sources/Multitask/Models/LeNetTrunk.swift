import NeuralNet
import TensorKit

/// The LeNet-style trunk of the MultiMNIST experiments (Sener & Koltun 2018; Lin et al. 2019):
///
///     x [N, 1, 36, 36] -> conv 10@9x9 -> max-pool 2 -> relu        [N, 10, 14, 14]
///                      -> conv 20@5x5 -> max-pool 2 -> relu        [N, 20, 5, 5] = h [N, 500]
///                      -> fc 500->50 -> relu                       z [N, 50]
///
/// (Pooling before the ReLU gives the same values as after it and touches 4x fewer numbers.)
/// The convolutions run image by image (`Tensor.conv2dPerImage`), which keeps the unrolled
/// windows in cache, and pooling uses the tile fast path (`Tensor.maxPoolTiles`).
public final class LeNetTrunk: ParameterContainer {
    public let first: Conv2D
    public let second: Conv2D
    public let dense: Linear
    public static let featureCount = 500
    public static let outputCount = 50

    public init(using generator: inout SeededGenerator) {
        first = Conv2D(1, 10, kernel: 9, using: &generator)
        second = Conv2D(10, 20, kernel: 5, using: &generator)
        dense = Linear(Self.featureCount, Self.outputCount, initializer: .heNormal, using: &generator)
    }

    /// The convolutional features h: `[N, 500]`.
    public func features(_ x: Tensor) -> Tensor {
        let first = convolve(x, self.first).maxPoolTiles(2).relu()
        let second = convolve(first, self.second).maxPoolTiles(2).relu()
        return second.reshaped([x.shape[0], Self.featureCount])
    }

    /// The layer's convolution, image by image (`conv2dPerImage`: the same values as `conv2d`,
    /// without unrolling the whole batch).
    private func convolve(_ x: Tensor, _ layer: Conv2D) -> Tensor {
        x.conv2dPerImage(weight: layer.weight, bias: layer.bias, geometry: layer.geometry)
    }

    /// z = relu(h W + b): `[N, 50]`.
    public func callAsFunction(_ x: Tensor) -> Tensor { dense(features(x)).relu() }

    public var parameters: [NamedParameter] {
        first.parameters.prefixed("conv1") + second.parameters.prefixed("conv2") + dense.parameters.prefixed("fc")
    }
}

/// A model whose tasks share a trunk: the trunk maps a batch to a shared representation S, and
/// each task's layers map (a copy of) S to that task's logits.
public protocol SharedTrunkModel: AnyObject, ParameterContainer {
    /// S, recorded in the graph (so `S.backward(seed:)` trains the shared layers).
    func shared(_ x: Tensor) -> Tensor
    /// Task `task`'s logits from S (a leaf the caller made from S's values).
    func logits(task: Int, from representation: Tensor) -> Tensor
    /// The parameters that only the task graphs reach (heads; for MMoE also experts and gates).
    var taskParameters: [NamedParameter] { get }
    /// A task's gradient on the last shared layer's weights, given its gradient on S (after the
    /// latest `shared` call).
    func lastSharedLayerGradient(_ representationGradient: [Float]) -> [Float]
}

/// Hard parameter sharing (Caruana 1997): one trunk, one linear 10-way head per task.
public final class HardSharingNet: SharedTrunkModel {
    public let trunk: LeNetTrunk
    public let heads: [Linear]
    private var lastFeatures: Tensor?
    private var lastOutput: Tensor?

    public init(taskCount: Int = 2, classCount: Int = 10, using generator: inout SeededGenerator) {
        trunk = LeNetTrunk(using: &generator)
        heads = (0..<taskCount).map { _ in Linear(LeNetTrunk.outputCount, classCount, using: &generator) }
    }

    public func shared(_ x: Tensor) -> Tensor {
        let features = trunk.features(x)
        let output = trunk.dense(features).relu()
        lastFeatures = features
        lastOutput = output
        return output
    }

    public func logits(task: Int, from representation: Tensor) -> Tensor { heads[task](representation) }

    public var taskParameters: [NamedParameter] {
        heads.enumerated().flatMap { $1.parameters.prefixed("head\($0 + 1)") }
    }

    public var parameters: [NamedParameter] { trunk.parameters.prefixed("trunk") + taskParameters }

    /// dL/dW_fc = hᵀ (dL/dz ⊙ [z > 0]) for the trunk's last layer z = relu(h W + b).
    public func lastSharedLayerGradient(_ representationGradient: [Float]) -> [Float] {
        guard let features = lastFeatures, let output = lastOutput else { return [] }
        let masked = zip(representationGradient, output.data).map { $1 > 0 ? $0 : 0 }
        return withoutGradients {
            features.matmul(Tensor(shape: output.shape, data: masked), transposeSelf: true).data
        }
    }
}

/// Two separate networks, one per task: the single-task baseline with twice the parameters.
public final class SingleTaskNets: ParameterContainer {
    public let trunks: [LeNetTrunk]
    public let heads: [Linear]

    public init(taskCount: Int = 2, classCount: Int = 10, using generator: inout SeededGenerator) {
        trunks = (0..<taskCount).map { _ in LeNetTrunk(using: &generator) }
        heads = (0..<taskCount).map { _ in Linear(LeNetTrunk.outputCount, classCount, using: &generator) }
    }

    public func logits(task: Int, _ x: Tensor) -> Tensor { heads[task](trunks[task](x)) }

    public var parameters: [NamedParameter] {
        (0..<trunks.count).flatMap { task in
            trunks[task].parameters.prefixed("net\(task + 1).trunk") + heads[task].parameters.prefixed("net\(task + 1).head")
        }
    }
}
