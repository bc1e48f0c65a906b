import NeuralNet
import TensorKit

/// A cross-stitch unit (Misra, Shrivastava, Gupta & Hebert 2016, "Cross-stitch networks for
/// multi-task learning", eq. 1): one learned 2x2 matrix per channel c mixes the two task
/// columns' activations x_A, x_B at the same layer,
///
///     [x̃_A]   [α_AA  α_AB] [x_A]
///     [x̃_B] = [α_BA  α_BB] [x_B]          (every position of channel c)
///
/// α_AA, α_BB are the same-task values α_S, α_AB, α_BA the different-task values α_D. The paper
/// starts from a convex combination, (α_S, α_D) = (0.9, 0.1) being its best (§5.1, Table 1),
/// and does not keep α convex while training. The backward pass (its eqs. 2-3) is
/// `Tensor.channelMix`'s: dx_A = α_AA g_A + α_BA g_B, dα_AB = Σ g_A x_B over the channel, ...
public final class CrossStitchUnit: ParameterContainer {
    /// `[4, channels]`: rows α_AA, α_AB, α_BA, α_BB.
    public let alpha: Tensor
    public let channels: Int

    public init(channels: Int, sameTask: Float = 0.9) {
        self.channels = channels
        let values = [sameTask, 1 - sameTask, 1 - sameTask, sameTask].flatMap { [Float](repeating: $0, count: channels) }
        alpha = Tensor(shape: [4, channels], data: values).trainable()
    }

    /// (x̃_A, x̃_B) from two activations of the same shape `[N, channels, ...]`.
    public func callAsFunction(_ a: Tensor, _ b: Tensor) -> (Tensor, Tensor) {
        precondition(a.shape == b.shape && a.shape.count >= 2 && a.shape[1] == channels, "cross-stitch shapes \(a.shape), \(b.shape)")
        return (Tensor.channelMix(a, b, weights: alpha.sliced(axis: 0, 0..<2)),
                Tensor.channelMix(a, b, weights: alpha.sliced(axis: 0, 2..<4)))
    }

    /// Channel means of α_AA, α_AB, α_BA, α_BB.
    public var means: [Double] {
        (0..<4).map { row in
            alpha.data[(row * channels)..<((row + 1) * channels)].reduce(0.0) { $0 + Double($1) } / Double(max(channels, 1))
        }
    }

    public var parameters: [NamedParameter] { [NamedParameter("alpha", alpha)] }
}

/// Two models whose tasks each have a column of their own (no shared trunk): both tasks'
/// logits from one forward pass.
public protocol TaskColumnsModel: AnyObject, ParameterContainer {
    /// Logits of task 0 and task 1: `[N, classes]` each.
    func logits(_ x: Tensor) -> [Tensor]
}

extension SingleTaskNets: TaskColumnsModel {
    public func logits(_ x: Tensor) -> [Tensor] { (0..<trunks.count).map { logits(task: $0, x) } }
}

/// Soft parameter sharing by cross-stitch units: two LeNet columns, one per task (the
/// single-task networks), with a unit after each pooled convolution and after the fc layer,
/// where the paper places them (after pooling layers and fully connected layers, §5):
///
///     column k: conv 10@9x9 -> pool -> relu   ─┬─ stitch 1 (10 channels)
///               conv 20@5x5 -> pool -> relu   ─┼─ stitch 2 (20 channels)
///               fc 500 -> 50 -> relu          ─┴─ stitch 3 (50 units)
///               head 50 -> 10                    logits of task k
///
/// 62,800 weights of the two columns plus 4 x 80 = 320 α: 63,120 parameters.
public final class CrossStitchNets: TaskColumnsModel {
    public let columns: SingleTaskNets
    public let units: [CrossStitchUnit]
    public static let unitNames = ["conv1", "conv2", "fc"]
    /// Per step, the channel means of each unit's α (for the panel).
    public private(set) var history: [(step: Int, means: [[Double]])] = []

    public init(sameTask: Float = 0.9, using generator: inout SeededGenerator) {
        columns = SingleTaskNets(using: &generator)
        units = [CrossStitchUnit(channels: 10, sameTask: sameTask), CrossStitchUnit(channels: LeNetTrunk.channels, sameTask: sameTask),
                 CrossStitchUnit(channels: LeNetTrunk.outputCount, sameTask: sameTask)]
    }

    public func logits(_ x: Tensor) -> [Tensor] {
        let (a, b) = (columns.trunks[0], columns.trunks[1])
        func pooled(_ input: Tensor, _ layer: Conv2D) -> Tensor {
            layer.pooled(input).relu()
        }
        var (left, right) = units[0](pooled(x, a.first), pooled(x, b.first))
        (left, right) = units[1](pooled(left, a.second), pooled(right, b.second))
        let n = x.shape[0]
        (left, right) = units[2](a.dense!(left.reshaped([n, LeNetTrunk.featureCount])).relu(),
                                 b.dense!(right.reshaped([n, LeNetTrunk.featureCount])).relu())
        return [columns.heads[0](left), columns.heads[1](right)]
    }

    /// Keeps the units' current means (call after each update).
    public func record(step: Int) {
        history.append((step, units.map(\.means)))
    }

    public var parameters: [NamedParameter] {
        columns.parameters + units.enumerated().flatMap { $1.parameters.prefixed("stitch.\(Self.unitNames[$0])") }
    }
}
