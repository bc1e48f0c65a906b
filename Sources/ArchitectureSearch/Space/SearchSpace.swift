import TensorKit

/// An architecture of either search space.
public enum Architecture: Hashable, Sendable, CustomStringConvertible {
    case macro(MacroArchitecture)
    case cell(CellArchitecture)
    case nasnet(NASNetArchitecture)

    /// The text stored in tables and shown in panels.
    public var encoding: String {
        switch self {
        case .macro(let macro): macro.encoding
        case .cell(let cell): cell.encoding
        case .nasnet(let nasnet): nasnet.encoding
        }
    }

    /// The layers / edges the network actually runs.
    public var effectiveDescription: String {
        switch self {
        case .macro(let macro): macro.effectiveDescription
        case .cell(let cell):
            zip(CellSpace.edges, cell.operations).filter { $0.1 != .zero }
                .map { "\($0.0.from)→\($0.0.to) \($0.1.code)" }.joined(separator: ", ")
        case .nasnet(let nasnet):
            nasnet.normal == nasnet.reduction ? "cell \(nasnet.normal.encoding)" : nasnet.encoding
        }
    }

    public var description: String { encoding }
}

/// A search space as strategies see it: a fixed sequence of decisions, decision t choosing among
/// `choiceCounts[t]` values, and a bijection between decision sequences and table indices.
public enum SearchSpace: Hashable, Sendable, CustomStringConvertible {
    /// The 4-layer macro space (4,096 architectures).
    case macro
    /// A cell space (`CellSpace.benchmark` or `.full`).
    case cell(CellSpace)
    /// The NASNet space: a normal and a reduction cell of B blocks (Zoph et al. 2018).
    case nasnet(NASNetSpace)

    /// The spaces by name: "macro", "cell" (the benchmark's 729 cells), "cell-full" (15,625 cells),
    /// "nasnet" (two blocks per cell; `named(_:blocks:)` for others).
    public static let all: [SearchSpace] = [.cell(.benchmark), .cell(.full), .macro, .nasnet(.standard)]
    public static func named(_ name: String, blocks: Int = NASNetSpace.standard.blocks) -> SearchSpace? {
        name == "nasnet" ? .nasnet(NASNetSpace(blocks: blocks)) : all.first { $0.name == name }
    }

    public var name: String {
        switch self {
        case .macro: "macro"
        case .cell(let space): space.name
        case .nasnet: "nasnet"
        }
    }
    public var description: String { name }

    public var choiceCounts: [Int] {
        switch self {
        case .macro: MacroArchitecture.choiceCounts
        case .cell(let space): space.choiceCounts
        case .nasnet(let space): space.choiceCounts
        }
    }

    /// Number of architectures.
    public var size: Int { choiceCounts.reduce(1, *) }

    public func architecture(decisions: [Int]) -> Architecture {
        switch self {
        case .macro: .macro(MacroArchitecture(decisions: decisions))
        case .cell(let space): .cell(space.architecture(decisions: decisions))
        case .nasnet(let space): .nasnet(space.architecture(decisions: decisions))
        }
    }

    /// The decisions of `architecture` (nil when it is not in this space).
    public func decisions(of architecture: Architecture) -> [Int]? {
        switch (self, architecture) {
        case (.macro, .macro(let macro)): macro.decisions
        case (.cell(let space), .cell(let cell)): space.decisions(of: cell)
        case (.nasnet(let space), .nasnet(let nasnet)): space.decisions(of: nasnet)
        default: nil
        }
    }

    /// Table index: the decisions read as a mixed-radix number, first decision most significant.
    public func index(of architecture: Architecture) -> Int? {
        guard let decisions = decisions(of: architecture) else { return nil }
        return zip(decisions, choiceCounts).reduce(0) { $0 * $1.1 + $1.0 }
    }

    /// The architecture with table index `index` (inverse of `index(of:)`).
    public func architecture(index: Int) -> Architecture {
        precondition((0..<size).contains(index), "index \(index) out of 0..<\(size)")
        var rest = index
        var decisions = [Int](repeating: 0, count: choiceCounts.count)
        for position in decisions.indices.reversed() {
            decisions[position] = rest % choiceCounts[position]
            rest /= choiceCounts[position]
        }
        return architecture(decisions: decisions)
    }

    /// Parses a table encoding of this space.
    public func architecture(encoding: String) -> Architecture? {
        switch self {
        case .macro: MacroArchitecture(encoding: encoding).map(Architecture.macro)
        case .cell: CellArchitecture(encoding: encoding).map(Architecture.cell).flatMap { decisions(of: $0) == nil ? nil : $0 }
        case .nasnet: NASNetArchitecture(encoding: encoding).map(Architecture.nasnet).flatMap { decisions(of: $0) == nil ? nil : $0 }
        }
    }

    /// Uniform sample: each decision independent and uniform.
    public func randomDecisions(using generator: inout SeededGenerator) -> [Int] {
        choiceCounts.map { generator.nextInt(below: $0) }
    }

    /// One decision changed to a different value, position and value uniform.
    public func mutated(_ decisions: [Int], using generator: inout SeededGenerator) -> [Int] {
        var decisions = decisions
        let position = generator.nextInt(below: decisions.count)
        let count = choiceCounts[position]
        decisions[position] = (decisions[position] + 1 + generator.nextInt(below: count - 1)) % count
        return decisions
    }
}
