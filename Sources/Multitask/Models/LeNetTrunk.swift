import NeuralNet
import TensorKit

/// The LeNet-style trunk of the MultiMNIST experiments (Sener & Koltun 2018; Lin et al. 2019):
///
///     x [N, 1, 36, 36] -> conv 10@9x9 -> max-pool 2 -> relu        [N, 10, 14, 14]
///                      -> conv 20@5x5 -> max-pool 2 -> relu        [N, 20, 5, 5] = h [N, 500]
///                      -> fc 500->U -> relu                        z [N, U]  (U = 50; none if U = 0)
///
/// (Pooling before the ReLU gives the same values as after it and touches 4x fewer numbers.)
/// Each convolution and its pooling are one op (`Conv2D.pooled`, `Tensor.conv2dMaxPooled`), which
/// chooses its own unrolling (groups of images whose columns stay in cache) and pools each group
/// while it is in cache.
public final class LeNetTrunk: ParameterContainer {
    public let first: Conv2D
    public let second: Conv2D
    /// The fully connected layer (nil when the trunk ends at the convolutional features).
    public let dense: Linear?
    /// h's layout: `channels` maps of `side` x `side` pooled cells.
    public static let channels = 20, side = 5
    public static let featureCount = channels * side * side
    public static let outputCount = 50
    /// The width of z: `outputCount` units, or `featureCount` without the dense layer.
    public let outputs: Int

    public init(outputCount: Int = LeNetTrunk.outputCount, using generator: inout SeededGenerator) {
        first = Conv2D(1, 10, kernel: 9, using: &generator)
        second = Conv2D(10, Self.channels, kernel: 5, using: &generator)
        dense = outputCount > 0 ? Linear(Self.featureCount, outputCount, initializer: .heNormal, using: &generator) : nil
        outputs = outputCount > 0 ? outputCount : Self.featureCount
    }

    /// The convolutional features h: `[N, 500]`.
    public func features(_ x: Tensor) -> Tensor { featuresAndSecondInput(x).features }

    /// h, and the values the second convolution read (the pooled first layer, `[N, 10, 14, 14]`),
    /// kept for `secondLayerGradient`.
    func featuresAndSecondInput(_ x: Tensor) -> (features: Tensor, secondInput: Tensor) {
        let first = self.first.pooled(x).relu()
        let second = self.second.pooled(first).relu()
        return (second.reshaped([x.shape[0], Self.featureCount]), first)
    }

    /// One task's gradient on the second convolution's filters and biases, dL_k/dW2, given its
    /// gradient dL_k/dh on the features and the layer's input from the same forward pass, over the
    /// first `images` images of the batch: the layer is run again on them with a copy of its
    /// weights, and the copy takes the gradient (the layer's own gradients are left alone).
    func secondLayerGradient(input: Tensor, featureGradient: [Float], images: Int) -> [Float] {
        let n = min(images, input.shape[0])
        let plane = input.count / max(input.shape[0], 1)
        let sample = Tensor(shape: [n] + input.shape.dropFirst(), data: Array(input.data.prefix(n * plane)))
        let weight = Tensor(shape: second.weight.shape, data: second.weight.data).trainable()
        let bias = Tensor(shape: second.bias.shape, data: second.bias.data).trainable()
        let output = sample.conv2dMaxPooled(weight: weight, bias: bias, geometry: second.geometry).relu()
        output.backward(seed: Array(featureGradient.prefix(n * Self.featureCount)))
        return (weight.grad ?? []) + (bias.grad ?? [])
    }

    /// z = relu(h W + b): `[N, U]` (h itself without the dense layer).
    public func callAsFunction(_ x: Tensor) -> Tensor { dense.map { $0(features(x)).relu() } ?? features(x) }

    /// The columns of h (laid out [channel, row, column] over the 20x5x5 map) inside a window
    /// of map cells, channel by channel.
    public static func window(rows: Range<Int>, columns: Range<Int>) -> [Int] {
        (0..<channels).flatMap { channel in
            rows.flatMap { row in columns.map { channel * side * side + row * side + $0 } }
        }
    }

    /// The two convolutions' parameters.
    public var convolutionParameters: [NamedParameter] {
        first.parameters.prefixed("conv1") + second.parameters.prefixed("conv2")
    }

    public var parameters: [NamedParameter] { convolutionParameters + (dense?.parameters.prefixed("fc") ?? []) }
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
    /// latest `shared` call), over at most `images` images of the batch.
    func lastSharedLayerGradient(_ representationGradient: [Float], images: Int) -> [Float]
}

/// Hard parameter sharing (Caruana 1997): one trunk, then per task an optional hidden layer
/// and a 10-way head:
///
///     S = trunk(x)                         [N, U]  (U = shared units; the conv features h if U = 0)
///     logits_k = relu(S_k V_k + c_k) W_k + b_k   (or S_k W_k + b_k without the hidden layer)
///
/// S_k is what task k reads of S: all of it, or (`itemWindows`, with U = 0) its item's window
/// of the 20x5x5 feature map. A pooled cell r covers canvas rows and columns [4r, 4r + 20),
/// so cells 0...3 see exactly the square [0, 32) where the top-left item can lie and cells
/// 1...4 the square [4, 36) of the bottom-right item: each task reads 20x4x4 = 320 features
/// instead of 500, and the same parameters buy a wider hidden layer.
///
/// The default shares the two convolutions and gives each task its item's window and its own
/// fc 320 -> 40 and head 40 -> 10: 32,340 parameters, 51% of two single-task networks (62,800).
/// Reading the whole map (`itemWindows: false`) affords 25 units per task at the same count
/// (31,410). Sharing the fc layer too (`sharedUnits: 50, headUnits: 0`, the papers' split,
/// 31,910) makes the two tasks compete for 50 units.
public final class HardSharingNet: SharedTrunkModel {
    public let trunk: LeNetTrunk
    /// Each task's hidden layer (empty when `headUnits` is 0).
    public let hidden: [Linear]
    public let heads: [Linear]
    /// Per task, the columns of S it reads (nil: all of S).
    public let windows: [[Int]]?
    private var lastFeatures: Tensor?
    private var lastOutput: Tensor?
    private var lastSecondInput: Tensor?

    /// The default split: no shared fc layer, item windows, a 40-unit hidden layer per task.
    public static let defaultSharedUnits = 0, defaultHeadUnits = 40

    /// `itemWindows` applies only without a shared fc layer (it needs the spatial map).
    public init(taskCount: Int = 2, classCount: Int = 10, sharedUnits: Int = HardSharingNet.defaultSharedUnits,
                headUnits: Int = HardSharingNet.defaultHeadUnits, itemWindows: Bool = true,
                using generator: inout SeededGenerator) {
        trunk = LeNetTrunk(outputCount: sharedUnits, using: &generator)
        let windowed = itemWindows && sharedUnits == 0
        precondition(!windowed || taskCount == 2, "item windows are for two tasks (top-left, bottom-right)")
        windows = windowed ? [LeNetTrunk.window(rows: 0..<4, columns: 0..<4), LeNetTrunk.window(rows: 1..<5, columns: 1..<5)] : nil
        let width = windows?[0].count ?? trunk.outputs
        hidden = headUnits > 0
            ? (0..<taskCount).map { _ in Linear(width, headUnits, initializer: .heNormal, using: &generator) } : []
        heads = (0..<taskCount).map { _ in Linear(headUnits > 0 ? headUnits : width, classCount, using: &generator) }
    }

    public func shared(_ x: Tensor) -> Tensor {
        let (features, secondInput) = trunk.featuresAndSecondInput(x)
        lastFeatures = features
        lastSecondInput = secondInput
        guard let dense = trunk.dense else {
            lastOutput = nil
            return features
        }
        let output = dense(features).relu()
        lastOutput = output
        return output
    }

    public func logits(task: Int, from representation: Tensor) -> Tensor {
        let input = windows.map { representation.selectColumns($0[task]) } ?? representation
        return hidden.isEmpty ? heads[task](input) : heads[task](hidden[task](input).relu())
    }

    public var taskParameters: [NamedParameter] {
        hidden.enumerated().flatMap { $1.parameters.prefixed("hidden\($0 + 1)") }
            + heads.enumerated().flatMap { $1.parameters.prefixed("head\($0 + 1)") }
    }

    public var parameters: [NamedParameter] { trunk.parameters.prefixed("trunk") + taskParameters }

    /// dL/dW_fc = hᵀ (dL/dz ⊙ [z > 0]) for the trunk's last layer z = relu(h W + b) (the whole
    /// batch: one small GEMM); without the dense layer, the gradient on the second convolution's
    /// filters (see `LeNetTrunk.secondLayerGradient`).
    public func lastSharedLayerGradient(_ representationGradient: [Float], images: Int) -> [Float] {
        guard trunk.dense != nil else {
            guard let input = lastSecondInput else { return [] }
            return trunk.secondLayerGradient(input: input, featureGradient: representationGradient, images: images)
        }
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
