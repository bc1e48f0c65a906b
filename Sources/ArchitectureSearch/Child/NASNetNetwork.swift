import NeuralNet
import TensorKit

/// How NASNet cells are stacked: the input size, the first cells' width C, N normal cells between
/// reductions, and how many reduction cells (each doubles the width and halves the size).
public struct NASNetStack: Hashable, Sendable {
    /// Height and width of the (square, single-channel) input image.
    public var side: Int
    /// Channels C of the stem and of the cells before the first reduction.
    public var channels: Int
    /// N: normal cells in each stage.
    public var repeats: Int
    /// Reduction cells (stages − 1).
    public var reductions: Int

    public init(side: Int, channels: Int, repeats: Int, reductions: Int) {
        precondition(side >= 2 && channels >= 1 && repeats >= 1 && reductions >= 0, "bad NASNet stack")
        self.side = side
        self.channels = channels
        self.repeats = repeats
        self.reductions = reductions
    }

    /// The proxy the search trains on 8x8 images: C = 8, normal, reduction, normal (8x8 → 4x4).
    public static let proxy = NASNetStack(side: 8, channels: 8, repeats: 1, reductions: 1)
    /// The transferred network on 28x28 Fashion-MNIST: C = 16, N = 2, two reductions (28 → 14 → 7).
    public static let transfer = NASNetStack(side: 28, channels: 16, repeats: 2, reductions: 2)

    /// The cells in order: `true` for a reduction cell.
    public var plan: [Bool] {
        (0...reductions).flatMap { stage in Array(repeating: false, count: repeats) + (stage < reductions ? [true] : []) }
    }
}

/// A network of stacked NASNet cells (Zoph et al. 2018, Figure 2), on flat single-channel images:
///
///     h = BN(conv3x3(x, 1 → C))                     (stem; the first cell sees h_{i-1} = h_i = h)
///     for each cell of `stack.plan` (own weights; reduction cells double C):
///         s_0 = ReLU-conv1x1-BN(h_{i-1}) (stride 2 when h_{i-1} is larger),  s_1 = ReLU-conv1x1-BN(h_i)
///         block b:  s_{2+b} = op_1(s_{in1}) + op_2(s_{in2})   (in a reduction cell, ops on s_0, s_1 have stride 2)
///         h_{i+1} = concat over channels of the blocks no later block reads
///     logits = Linear(mean over positions of relu(h))
///
/// BN is `channelStandardized` (batch statistics, no affine), as in the rest of the topic.
public final class NASNetNetwork: ParameterContainer {
    public let architecture: NASNetArchitecture
    public let stack: NASNetStack
    let stem: Conv2D
    let cells: [NASNetCellLayer]
    let classifier: Linear

    public init(_ architecture: NASNetArchitecture, stack: NASNetStack = .proxy, using generator: inout SeededGenerator) {
        self.architecture = architecture
        self.stack = stack
        stem = Conv2D(1, stack.channels, kernel: 3, padding: 1, using: &generator)
        var previous = (channels: stack.channels, side: stack.side), current = previous
        var channels = stack.channels
        var cells: [NASNetCellLayer] = []
        for isReduction in stack.plan {
            if isReduction { channels *= 2 }
            let layer = NASNetCellLayer(isReduction ? architecture.reduction : architecture.normal, isReduction: isReduction,
                                        channels: channels, inputs: (previous, current), using: &generator)
            cells.append(layer)
            (previous, current) = (current, (layer.outputChannels, layer.side))
        }
        self.cells = cells
        classifier = Linear(current.channels, 10, using: &generator)
    }

    /// Logits `[N, 10]` of flat images `[N, side²]`.
    public func callAsFunction(_ images: Tensor) -> Tensor {
        let count = images.shape[0]
        let h = stem(images.reshaped([count, 1, stack.side, stack.side])).channelStandardized()
        var (previous, current) = (h, h)
        for cell in cells { (previous, current) = (current, cell(previous, current)) }
        let (channels, plane) = (current.shape[1], current.shape[2] * current.shape[3])
        return classifier(current.relu().reshaped([count, channels, plane]).mean(axis: 2))
    }

    public var parameters: [NamedParameter] {
        var all = stem.parameters.map { NamedParameter("stem.\($0.name)", $0.tensor) }
        for (index, cell) in cells.enumerated() {
            all += cell.parameters.map { NamedParameter("cell\(index + 1)\(cell.isReduction ? "r" : "").\($0.name)", $0.tensor) }
        }
        return all + classifier.parameters.map { NamedParameter("classifier.\($0.name)", $0.tensor) }
    }

    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.tensor.count } }
}

/// One cell of a `NASNetNetwork` with its own weights.
final class NASNetCellLayer {
    let cell: NASNetCell
    let isReduction: Bool
    let channels: Int
    /// Output side and channels (channels · unused blocks).
    let side: Int, outputChannels: Int
    let preprocess: [Conv2D]
    /// operations[b] = (first, second) of block b.
    let operations: [(NASNetOperationLayer, NASNetOperationLayer)]

    init(_ cell: NASNetCell, isReduction: Bool, channels: Int, inputs: ((channels: Int, side: Int), (channels: Int, side: Int)),
         using generator: inout SeededGenerator) {
        self.cell = cell
        self.isReduction = isReduction
        self.channels = channels
        let (previous, current) = inputs
        // h_{i-1} is larger than h_i right after a reduction: a stride-2 1x1 convolution brings it to size.
        let previousStride = previous.side > current.side ? 2 : 1
        precondition((previous.side - 1) / previousStride + 1 == current.side, "cell inputs of sides \(previous.side) and \(current.side)")
        preprocess = [Conv2D(previous.channels, channels, kernel: 1, stride: previousStride, using: &generator),
                      Conv2D(current.channels, channels, kernel: 1, using: &generator)]
        operations = cell.blocks.map { block in
            let stride = { (input: Int) in isReduction && input < 2 ? 2 : 1 }
            return (NASNetOperationLayer(block.firstOperation, channels: channels, stride: stride(block.firstInput), using: &generator),
                    NASNetOperationLayer(block.secondOperation, channels: channels, stride: stride(block.secondInput), using: &generator))
        }
        side = isReduction ? (current.side - 1) / 2 + 1 : current.side
        outputChannels = channels * cell.unusedBlocks.count
    }

    /// The cell on h_{i-1} and h_i: the concatenation of its unused blocks.
    func callAsFunction(_ previous: Tensor, _ current: Tensor) -> Tensor {
        var states = [preprocess[0](previous.relu()).channelStandardized(), preprocess[1](current.relu()).channelStandardized()]
        for (block, layers) in zip(cell.blocks, operations) {
            states.append(layers.0(states[block.firstInput]) + layers.1(states[block.secondInput]))
        }
        let unused = cell.unusedBlocks.map { states[2 + $0] }
        return unused.count == 1 ? unused[0] : Tensor.concatenate(unused, axis: 1)
    }

    var parameters: [NamedParameter] {
        var all = preprocess.enumerated().flatMap { index, convolution in
            convolution.parameters.map { NamedParameter("pre\(index).\($0.name)", $0.tensor) }
        }
        for (b, layers) in operations.enumerated() {
            all += layers.0.parameters.map { NamedParameter("b\(b + 1).left.\($0.name)", $0.tensor) }
            all += layers.1.parameters.map { NamedParameter("b\(b + 1).right.\($0.name)", $0.tensor) }
        }
        return all
    }
}

/// One operation of a block, with its weights: C channels in and out.
final class NASNetOperationLayer {
    let operation: NASNetOperation
    let stride: Int
    /// Depthwise kernel `[C, 1, k, k]` of a separable convolution.
    let depthwise: Tensor?
    /// The 1x1 convolution of a separable convolution, or of a stride-2 identity.
    let pointwise: Conv2D?

    init(_ operation: NASNetOperation, channels: Int, stride: Int, using generator: inout SeededGenerator) {
        self.operation = operation
        self.stride = stride
        if let kernel = operation.kernel {
            depthwise = Initializer.heNormal.make([channels, 1, kernel, kernel], fanIn: kernel * kernel, fanOut: kernel * kernel,
                                                  using: &generator)
            pointwise = Conv2D(channels, channels, kernel: 1, using: &generator)
        } else {
            depthwise = nil
            pointwise = operation == .identity && stride > 1 ? Conv2D(channels, channels, kernel: 1, stride: stride, using: &generator) : nil
        }
    }

    func callAsFunction(_ x: Tensor) -> Tensor {
        let pool = WindowGeometry(kernel: 3, stride: stride, padding: 1)
        switch operation {
        case .identity:
            guard let pointwise else { return x }
            return pointwise(x.relu()).channelStandardized()
        case .separable3x3, .separable5x5:
            let kernel = operation.kernel!
            let spatial = x.relu().depthwiseConv2d(weight: depthwise!, geometry: WindowGeometry(kernel: kernel, stride: stride, padding: kernel / 2))
            return pointwise!(spatial).channelStandardized()
        case .averagePool3x3: return x.avgPool2d(pool)
        case .maxPool3x3: return x.maxPool2d(pool)
        }
    }

    var parameters: [NamedParameter] {
        var all: [NamedParameter] = []
        if let depthwise { all.append(NamedParameter("\(operation.code).depthwise", depthwise)) }
        if let pointwise { all += pointwise.parameters.map { NamedParameter("\(operation.code).pointwise.\($0.name)", $0.tensor) } }
        return all
    }
}
