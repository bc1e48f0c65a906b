import TensorKit

/// The operation one layer of the macro space applies to a `[N, C, 8, 8]` feature map.
/// Every operation keeps the 8x8 spatial size ("same" padding, stride 1), so any sequence stacks.
public enum LayerOperation: Int, CaseIterable, Sendable, Codable {
    /// 3x3 convolution followed by ReLU.
    case conv3x3
    /// 5x5 convolution followed by ReLU.
    case conv5x5
    /// 3x3 max pooling, stride 1, padding 1 (keeps the channels; the width choice is ignored).
    case maxPool
    /// The layer is skipped (the width choice is ignored): this is how a child has fewer than 4 layers.
    case identity

    /// Short name used in encodings and tables.
    public var code: String {
        switch self {
        case .conv3x3: "c3"
        case .conv5x5: "c5"
        case .maxPool: "mp"
        case .identity: "id"
        }
    }

    /// The kernel size of a convolution, nil for the other operations.
    public var kernel: Int? {
        switch self {
        case .conv3x3: 3
        case .conv5x5: 5
        case .maxPool, .identity: nil
        }
    }
}

/// One layer's two decisions: which operation and how many output channels.
public struct MacroLayer: Hashable, Sendable, Codable {
    public var operation: LayerOperation
    /// Output channels of a convolution (one of `MacroArchitecture.widths`).
    public var width: Int

    public init(_ operation: LayerOperation, width: Int) {
        self.operation = operation
        self.width = width
    }
}

/// An architecture of the macro search space (Zoph and Le 2017, shrunk to 8x8 digits):
/// `layerCount` layers, each choosing an operation among conv 3x3, conv 5x5, max pool and identity and a
/// width among 16 and 32, followed by a linear classifier on the flattened feature map.
///
/// As a sequence of decisions it is `[op_1, width_1, op_2, width_2, ...]`; decision `2i` has 4 choices and
/// decision `2i + 1` has 2, so the space holds (4 · 2)^4 = 4,096 encodings. Identity layers make shorter
/// networks, so "up to 4 layers" needs no separate depth decision.
public struct MacroArchitecture: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The layer count of the space.
    public static let layerCount = 4
    /// The widths a layer may choose.
    public static let widths = [16, 32]
    /// Choices per decision, in decision order.
    public static let choiceCounts: [Int] = (0..<layerCount).flatMap { _ in [LayerOperation.allCases.count, widths.count] }
    /// The number of distinct encodings.
    public static var spaceSize: Int { choiceCounts.reduce(1, *) }

    public var layers: [MacroLayer]

    public init(layers: [MacroLayer]) {
        precondition(layers.count == Self.layerCount, "a macro architecture has \(Self.layerCount) layers")
        precondition(layers.allSatisfy { Self.widths.contains($0.width) }, "widths must be among \(Self.widths)")
        self.layers = layers
    }

    /// The architecture of a decision sequence (each entry an index below `choiceCounts[i]`).
    public init(decisions: [Int]) {
        precondition(decisions.count == Self.choiceCounts.count, "need \(Self.choiceCounts.count) decisions")
        for (decision, count) in zip(decisions, Self.choiceCounts) {
            precondition((0..<count).contains(decision), "decision \(decision) out of 0..<\(count)")
        }
        self.init(layers: (0..<Self.layerCount).map { i in
            MacroLayer(LayerOperation(rawValue: decisions[2 * i])!, width: Self.widths[decisions[2 * i + 1]])
        })
    }

    /// The decision sequence `[op_1, width_1, ...]` (inverse of `init(decisions:)`).
    public var decisions: [Int] {
        layers.flatMap { [$0.operation.rawValue, Self.widths.firstIndex(of: $0.width)!] }
    }

    /// A compact text encoding, e.g. "c3-16 mp-32 id-16 c5-32" (inverse of `init?(encoding:)`).
    public var encoding: String { layers.map { "\($0.operation.code)-\($0.width)" }.joined(separator: " ") }

    /// Parses `encoding`; nil for text that is not an architecture of this space.
    public init?(encoding: String) {
        let parts = encoding.split(separator: " ")
        guard parts.count == Self.layerCount else { return nil }
        var layers: [MacroLayer] = []
        for part in parts {
            let fields = part.split(separator: "-")
            guard fields.count == 2, let operation = LayerOperation.allCases.first(where: { $0.code == fields[0] }),
                  let width = Int(fields[1]), Self.widths.contains(width) else { return nil }
            layers.append(MacroLayer(operation, width: width))
        }
        self.init(layers: layers)
    }

    public var description: String { encoding }

    /// The layers a network actually runs (identity removed), e.g. "c3-16 → mp → c5-32".
    public var effectiveDescription: String {
        let parts = layers.compactMap { layer -> String? in
            switch layer.operation {
            case .identity: nil
            case .maxPool: "mp"
            default: "\(layer.operation.code)-\(layer.width)"
            }
        }
        return parts.isEmpty ? "linear" : parts.joined(separator: " → ")
    }

    /// Uniform sample: every decision drawn independently and uniformly.
    public static func random(using generator: inout SeededGenerator) -> MacroArchitecture {
        MacroArchitecture(decisions: choiceCounts.map { generator.nextInt(below: $0) })
    }

    /// The mutation of regularized evolution (Real et al. 2019): pick one decision uniformly and change it
    /// to a different value drawn uniformly among the others. Exactly one decision differs.
    public func mutated(using generator: inout SeededGenerator) -> MacroArchitecture {
        var decisions = self.decisions
        let position = generator.nextInt(below: decisions.count)
        let offset = 1 + generator.nextInt(below: Self.choiceCounts[position] - 1)
        decisions[position] = (decisions[position] + offset) % Self.choiceCounts[position]
        return MacroArchitecture(decisions: decisions)
    }
}
