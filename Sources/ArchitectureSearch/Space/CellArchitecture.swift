import TensorKit

/// The operation on one edge of a cell (NAS-Bench-201, Dong and Yang 2020), on `[N, C, 8, 8]` maps.
/// Every operation keeps the shape, so the edges of a node can be summed.
public enum CellOperation: Int, CaseIterable, Sendable, Codable {
    /// The edge is absent: it contributes nothing to its target node.
    case zero
    /// The input unchanged.
    case skip
    /// ReLU then 1x1 convolution (C → C).
    case conv1x1
    /// ReLU then 3x3 convolution, padding 1 (C → C).
    case conv3x3
    /// 3x3 average pooling, stride 1, padding 1 (in-bounds inputs averaged).
    case avgPool3x3

    /// The name used in encodings and diagrams.
    public var code: String {
        switch self {
        case .zero: "zero"
        case .skip: "skip"
        case .conv1x1: "conv1x1"
        case .conv3x3: "conv3x3"
        case .avgPool3x3: "avgpool"
        }
    }

    /// The kernel of a convolution, nil for the others.
    public var kernel: Int? {
        switch self {
        case .conv1x1: 1
        case .conv3x3: 3
        default: nil
        }
    }
}

/// A cell search space: the DAG of NAS-Bench-201 (nodes 0...3; one edge i → j for every i < j, six
/// edges; node j = Σ_{i<j} op_ij(node i); node 0 is the cell input, node 3 its output) with each edge
/// choosing among `operations`.
///
/// `.full` offers all five operations: 5^6 = 15,625 cells (as NAS-Bench-201). `.benchmark` is the
/// declared subset our stored table covers, {zero, skip, conv3x3}: 3^6 = 729 cells. It is closed under
/// sampling and one-edge mutation, so every strategy can replay against the table (see DECISIONS.md).
public struct CellSpace: Hashable, Sendable, CustomStringConvertible {
    /// The operations an edge may choose, in decision order.
    public let operations: [CellOperation]
    /// A short name ("cell" for the benchmark subset, "cell-full" for all five operations).
    public let name: String

    public init(operations: [CellOperation], name: String) {
        precondition(!operations.isEmpty && Set(operations).count == operations.count, "distinct operations needed")
        self.operations = operations
        self.name = name
    }

    /// All five operations: 15,625 cells.
    public static let full = CellSpace(operations: CellOperation.allCases, name: "cell-full")
    /// The subset the stored benchmark table covers: 729 cells.
    public static let benchmark = CellSpace(operations: [.zero, .skip, .conv3x3], name: "cell")

    /// Nodes of a cell, input node 0 included.
    public static let nodeCount = 4
    /// The edges (from, to) in decision order: (0,1), (0,2), (1,2), (0,3), (1,3), (2,3).
    public static let edges: [(from: Int, to: Int)] = (1..<nodeCount).flatMap { to in (0..<to).map { (from: $0, to: to) } }

    /// Choices per decision (one decision per edge).
    public var choiceCounts: [Int] { Array(repeating: operations.count, count: Self.edges.count) }
    /// The number of cells.
    public var size: Int { choiceCounts.reduce(1, *) }
    public var description: String { name }

    /// The cell with table index `index` (decisions are the base-|ops| digits, first edge most significant).
    public func architecture(index: Int) -> CellArchitecture {
        precondition((0..<size).contains(index), "index \(index) out of 0..<\(size)")
        var rest = index
        var decisions = [Int](repeating: 0, count: Self.edges.count)
        for position in decisions.indices.reversed() {
            decisions[position] = rest % operations.count
            rest /= operations.count
        }
        return CellArchitecture(operations: decisions.map { operations[$0] })
    }

    /// The table index of `cell` (nil when it uses an operation outside this space).
    public func index(of cell: CellArchitecture) -> Int? {
        guard let decisions = decisions(of: cell) else { return nil }
        return decisions.reduce(0) { $0 * operations.count + $1 }
    }

    /// The decision per edge (index into `operations`), nil when an operation is not offered.
    public func decisions(of cell: CellArchitecture) -> [Int]? {
        var decisions: [Int] = []
        for operation in cell.operations {
            guard let position = operations.firstIndex(of: operation) else { return nil }
            decisions.append(position)
        }
        return decisions
    }

    /// The cell of a decision sequence.
    public func architecture(decisions: [Int]) -> CellArchitecture {
        precondition(decisions.count == Self.edges.count && decisions.allSatisfy { (0..<operations.count).contains($0) },
                     "bad decisions \(decisions) for \(name)")
        return CellArchitecture(operations: decisions.map { operations[$0] })
    }
}

/// One cell: an operation per edge of the NAS-Bench-201 DAG (`CellSpace.edges` order).
public struct CellArchitecture: Hashable, Sendable, CustomStringConvertible {
    public let operations: [CellOperation]

    public init(operations: [CellOperation]) {
        precondition(operations.count == CellSpace.edges.count, "a cell has \(CellSpace.edges.count) edges")
        self.operations = operations
    }

    /// NAS-Bench-201's string form, one group per target node:
    /// "|conv3x3~0|+|skip~0|zero~1|+|skip~0|conv3x3~1|zero~2|" (inverse of `init?(encoding:)`).
    public var encoding: String {
        var groups: [String] = []
        for to in 1..<CellSpace.nodeCount {
            let parts = CellSpace.edges.enumerated().filter { $0.element.to == to }
                .map { "\(operations[$0.offset].code)~\($0.element.from)" }
            groups.append("|" + parts.joined(separator: "|") + "|")
        }
        return groups.joined(separator: "+")
    }

    /// Parses `encoding`; nil for text that is not a cell.
    public init?(encoding: String) {
        let groups = encoding.split(separator: "+", omittingEmptySubsequences: false)
        guard groups.count == CellSpace.nodeCount - 1 else { return nil }
        var operations: [CellOperation] = []
        for (offset, group) in groups.enumerated() {
            let parts = group.split(separator: "|")
            guard group.hasPrefix("|"), group.hasSuffix("|"), parts.count == offset + 1 else { return nil }
            for (from, part) in parts.enumerated() {
                let fields = part.split(separator: "~")
                guard fields.count == 2, Int(fields[1]) == from,
                      let operation = CellOperation.allCases.first(where: { $0.code == fields[0] }) else { return nil }
                operations.append(operation)
            }
        }
        self.init(operations: operations)
    }

    public var description: String { encoding }

    /// Whether the output node 3 is reachable from the input through non-zero edges; if not, the network
    /// sees a constant and cannot beat chance.
    public var isConnected: Bool {
        var reachable: Set<Int> = [0]
        for (position, edge) in CellSpace.edges.enumerated() where operations[position] != .zero && reachable.contains(edge.from) {
            reachable.insert(edge.to)
        }
        return reachable.contains(CellSpace.nodeCount - 1)
    }

    /// Uniform sample of `space`.
    public static func random(in space: CellSpace, using generator: inout SeededGenerator) -> CellArchitecture {
        space.architecture(decisions: space.choiceCounts.map { generator.nextInt(below: $0) })
    }

    /// One edge changed to a different operation of `space`, both drawn uniformly (Real et al. 2019's
    /// mutation, as in NAS-Bench-201's evolution baseline).
    public func mutated(in space: CellSpace, using generator: inout SeededGenerator) -> CellArchitecture {
        var decisions = space.decisions(of: self)!
        let position = generator.nextInt(below: decisions.count)
        decisions[position] = (decisions[position] + 1 + generator.nextInt(below: space.operations.count - 1)) % space.operations.count
        return space.architecture(decisions: decisions)
    }
}
