import Foundation
import TensorKit

/// An operation of our NASNet cell space: a CPU-sized subset of the 13 of Zoph et al. (2018).
/// Every operation keeps the channel count; in a reduction cell, the ones applied to the cell's two
/// inputs have stride 2.
public enum NASNetOperation: Int, CaseIterable, Sendable, Codable {
    /// The input unchanged (with stride 2: ReLU, 1x1 convolution with stride 2, BN).
    case identity
    /// ReLU, 3x3 depthwise convolution, 1x1 convolution, BN (a depthwise-separable convolution).
    case separable3x3
    /// ReLU, 5x5 depthwise convolution, 1x1 convolution, BN.
    case separable5x5
    /// 3x3 average pooling, padding 1 (in-bounds inputs averaged).
    case averagePool3x3
    /// 3x3 max pooling, padding 1.
    case maxPool3x3

    /// The short name used in encodings and diagrams.
    public var code: String {
        switch self {
        case .identity: "id"
        case .separable3x3: "sep3"
        case .separable5x5: "sep5"
        case .averagePool3x3: "avg3"
        case .maxPool3x3: "max3"
        }
    }

    /// The kernel of a separable convolution, nil for the others.
    public var kernel: Int? {
        switch self {
        case .separable3x3: 3
        case .separable5x5: 5
        default: nil
        }
    }
}

/// One block of a NASNet cell (Zoph et al. 2018, §3): two inputs, an operation on each, and their sum,
///
///     h_new = op_1(state[input_1]) + op_2(state[input_2])
///
/// where state 0 is h_{i-1} (the output of the cell before the previous one), state 1 is h_i (the
/// previous cell's output) and state 2 + k is the output of block k of this cell (k < this block).
public struct NASNetBlock: Hashable, Sendable {
    public let firstInput: Int, secondInput: Int
    public let firstOperation: NASNetOperation, secondOperation: NASNetOperation

    public init(_ firstInput: Int, _ firstOperation: NASNetOperation, _ secondInput: Int, _ secondOperation: NASNetOperation) {
        self.firstInput = firstInput
        self.firstOperation = firstOperation
        self.secondInput = secondInput
        self.secondOperation = secondOperation
    }

    /// "1:sep3+0:id": input:operation of each half.
    public var encoding: String { "\(firstInput):\(firstOperation.code)+\(secondInput):\(secondOperation.code)" }

    init?(encoding: Substring) {
        let halves = encoding.split(separator: "+")
        guard halves.count == 2 else { return nil }
        var parsed: [(Int, NASNetOperation)] = []
        for half in halves {
            let fields = half.split(separator: ":")
            guard fields.count == 2, let input = Int(fields[0]), input >= 0,
                  let operation = NASNetOperation.allCases.first(where: { $0.code == fields[1] }) else { return nil }
            parsed.append((input, operation))
        }
        self.init(parsed[0].0, parsed[0].1, parsed[1].0, parsed[1].1)
    }
}

/// A NASNet cell: blocks in order; block b may read states 0 ..< 2 + b. The cell's output is the
/// concatenation, along channels, of every block output that no later block reads ("unused").
public struct NASNetCell: Hashable, Sendable {
    public let blocks: [NASNetBlock]

    public init(blocks: [NASNetBlock]) {
        for (b, block) in blocks.enumerated() {
            precondition(block.firstInput < 2 + b && block.secondInput < 2 + b, "block \(b + 1) reads a state that does not exist yet")
        }
        self.blocks = blocks
    }

    /// Block indices whose output no later block reads: concatenated into the cell's output.
    public var unusedBlocks: [Int] {
        let read = Set(blocks.flatMap { [$0.firstInput, $0.secondInput] })
        return blocks.indices.filter { !read.contains(2 + $0) }
    }

    public var encoding: String { blocks.map(\.encoding).joined(separator: " ") }

    init?(encoding: Substring) {
        var blocks: [NASNetBlock] = []
        for (b, part) in encoding.split(separator: " ").enumerated() {
            guard let block = NASNetBlock(encoding: part), block.firstInput < 2 + b, block.secondInput < 2 + b else { return nil }
            blocks.append(block)
        }
        guard !blocks.isEmpty else { return nil }
        self.init(blocks: blocks)
    }
}

/// A NASNet architecture: a normal cell (keeps the size) and a reduction cell (halves height and width),
/// each stacked with its own weights by `NASNetNetwork`.
public struct NASNetArchitecture: Hashable, Sendable, CustomStringConvertible {
    public let normal: NASNetCell
    public let reduction: NASNetCell

    public init(normal: NASNetCell, reduction: NASNetCell) {
        self.normal = normal
        self.reduction = reduction
    }

    /// One cell structure for both roles, as PNAS searches (the reduction cell is the same cell with stride 2).
    public init(shared cell: NASNetCell) { self.init(normal: cell, reduction: cell) }

    /// "normal 1:sep3+0:id 2:max3+1:sep5 / reduce 0:avg3+1:sep3 1:id+2:sep5" (inverse of `init?(encoding:)`).
    public var encoding: String { "normal \(normal.encoding) / reduce \(reduction.encoding)" }

    public init?(encoding: String) {
        let parts = encoding.split(separator: "/").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, parts[0].hasPrefix("normal "), parts[1].hasPrefix("reduce "),
              let normal = NASNetCell(encoding: parts[0].dropFirst(7)),
              let reduction = NASNetCell(encoding: parts[1].dropFirst(7)) else { return nil }
        self.init(normal: normal, reduction: reduction)
    }

    public var description: String { encoding }
}

/// The NASNet search space with `blocks` blocks per cell: a decision sequence of 2 · 4 · B decisions,
/// per cell and block (input 1, input 2, operation 1, operation 2), normal cell first. Block b (from 0)
/// chooses its inputs among 2 + b states, so with B = 2 a cell has (2·2·5·5)·(3·3·5·5) = 22,500 forms
/// and an architecture (normal and reduction) 22,500² ≈ 5·10⁸.
public struct NASNetSpace: Hashable, Sendable {
    public let blocks: Int
    public static let operations = NASNetOperation.allCases

    public init(blocks: Int) {
        precondition((1...5).contains(blocks), "1 to 5 blocks")
        self.blocks = blocks
    }

    /// The default: two blocks per cell.
    public static let standard = NASNetSpace(blocks: 2)

    /// Choices of the four decisions of block `b` (from 0).
    public static func blockChoiceCounts(_ b: Int) -> [Int] { [2 + b, 2 + b, operations.count, operations.count] }

    public var choiceCounts: [Int] {
        let cell = (0..<blocks).flatMap(Self.blockChoiceCounts)
        return cell + cell
    }

    public func architecture(decisions: [Int]) -> NASNetArchitecture {
        precondition(decisions.count == choiceCounts.count, "need \(choiceCounts.count) decisions, got \(decisions.count)")
        for (decision, count) in zip(decisions, choiceCounts) { precondition((0..<count).contains(decision), "bad decisions \(decisions)") }
        let half = decisions.count / 2
        return NASNetArchitecture(normal: Self.cell(Array(decisions[..<half])), reduction: Self.cell(Array(decisions[half...])))
    }

    /// The cell of `4 · b` block decisions.
    static func cell(_ decisions: [Int]) -> NASNetCell {
        NASNetCell(blocks: stride(from: 0, to: decisions.count, by: 4).map { start in
            NASNetBlock(decisions[start], operations[decisions[start + 2]], decisions[start + 1], operations[decisions[start + 3]])
        })
    }

    /// The decisions of one cell's blocks.
    static func decisions(of cell: NASNetCell) -> [Int] {
        cell.blocks.flatMap { [$0.firstInput, $0.secondInput, $0.firstOperation.rawValue, $0.secondOperation.rawValue] }
    }

    /// The decisions of `architecture`, nil when its cells do not have `blocks` blocks (a PNAS cell still growing).
    public func decisions(of architecture: NASNetArchitecture) -> [Int]? {
        guard architecture.normal.blocks.count == blocks, architecture.reduction.blocks.count == blocks else { return nil }
        return Self.decisions(of: architecture.normal) + Self.decisions(of: architecture.reduction)
    }
}
