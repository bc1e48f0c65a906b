import Foundation

/// How progressive search (PNAS) grows the architectures of a space, from simple to complex: level 1
/// holds the simplest ones, and each architecture of level b + 1 extends one of level b by one step.
protocol ArchitectureGrowth: Sendable {
    /// The number of levels (the last holds complete architectures).
    var levels: Int { get }
    /// Every architecture of level 1.
    var firstLevel: [Architecture] { get }
    /// The architectures of the next level that extend `architecture` by one step.
    func expansions(of architecture: Architecture) -> [Architecture]
    /// The architectures of the same level that differ from `architecture` in one choice.
    func neighbours(of architecture: Architecture) -> [Architecture]
    /// The surrogate's fixed-length input for an architecture of any level.
    func features(of architecture: Architecture) -> [Float]
    var featureCount: Int { get }
}

/// One-hot blocks: `choice` of `count` written at `offset`.
func oneHot(_ choice: Int, of count: Int, into features: inout [Float], at offset: Int) {
    features[offset + choice] = 1
}

/// The cell spaces grow one edge at a time: level b holds the cells with b non-zero edges (so the
/// 729-cell table splits 12, 60, 160, 240, 192, 64 over levels 1–6, plus the empty cell).
struct EdgeGrowth: ArchitectureGrowth {
    let space: CellSpace
    var nonZero: [CellOperation] { space.operations.filter { $0 != .zero } }

    init(space: CellSpace) {
        precondition(space.operations.contains(.zero), "edge growth needs the zero operation")
        self.space = space
    }

    var levels: Int { CellSpace.edges.count }

    var firstLevel: [Architecture] { expansions(of: .cell(CellArchitecture(operations: Array(repeating: .zero, count: levels)))) }

    func expansions(of architecture: Architecture) -> [Architecture] {
        guard case .cell(let cell) = architecture else { return [] }
        return cell.operations.indices.filter { cell.operations[$0] == .zero }.flatMap { edge in
            nonZero.map { operation in
                var operations = cell.operations
                operations[edge] = operation
                return .cell(CellArchitecture(operations: operations))
            }
        }
    }

    func neighbours(of architecture: Architecture) -> [Architecture] {
        guard case .cell(let cell) = architecture else { return [] }
        return cell.operations.indices.filter { cell.operations[$0] != .zero }.flatMap { edge in
            nonZero.filter { $0 != cell.operations[edge] }.map { operation in
                var operations = cell.operations
                operations[edge] = operation
                return .cell(CellArchitecture(operations: operations))
            }
        }
    }

    var featureCount: Int { levels * space.operations.count }

    func features(of architecture: Architecture) -> [Float] {
        var features = [Float](repeating: 0, count: featureCount)
        guard case .cell(let cell) = architecture, let decisions = space.decisions(of: cell) else { return features }
        for (edge, decision) in decisions.enumerated() { oneHot(decision, of: space.operations.count, into: &features, at: edge * space.operations.count) }
        return features
    }
}

/// The NASNet space grows one block at a time, with one cell for both roles (as PNAS does: the
/// reduction cell is the normal cell with stride 2). Level b holds the cells of b blocks. A block and
/// its mirror (the two halves swapped) compute the same sum, so only (input, op) pairs in order are
/// kept: 55 one-block cells instead of 100.
struct BlockGrowth: ArchitectureGrowth {
    let space: NASNetSpace
    var levels: Int { space.blocks }

    /// The blocks that may be appended to a cell of `b` blocks (halves ordered).
    static func blocks(at b: Int) -> [NASNetBlock] {
        let halves = (0..<(2 + b)).flatMap { input in NASNetOperation.allCases.map { (input, $0) } }
        return halves.indices.flatMap { i in halves[i...].map { NASNetBlock(halves[i].0, halves[i].1, $0.0, $0.1) } }
    }

    var firstLevel: [Architecture] { Self.blocks(at: 0).map { .nasnet(NASNetArchitecture(shared: NASNetCell(blocks: [$0]))) } }

    static func cell(of architecture: Architecture) -> NASNetCell? {
        guard case .nasnet(let nasnet) = architecture else { return nil }
        return nasnet.normal
    }

    func expansions(of architecture: Architecture) -> [Architecture] {
        guard let cell = Self.cell(of: architecture), cell.blocks.count < levels else { return [] }
        return Self.blocks(at: cell.blocks.count).map { .nasnet(NASNetArchitecture(shared: NASNetCell(blocks: cell.blocks + [$0]))) }
    }

    func neighbours(of architecture: Architecture) -> [Architecture] {
        guard let cell = Self.cell(of: architecture) else { return [] }
        var found: [Architecture] = []
        for b in cell.blocks.indices {
            // One half kept, the other changed: the new block shares a half with the old one.
            for block in Self.blocks(at: b) where block != cell.blocks[b] && block.halves.contains(where: cell.blocks[b].halves.contains) {
                var blocks = cell.blocks
                blocks[b] = block
                found.append(.nasnet(NASNetArchitecture(shared: NASNetCell(blocks: blocks))))
            }
        }
        return found
    }

    /// Per block slot: one-hot first input (B + 1 states), second input, first op, second op; zeros for absent blocks.
    var slotWidth: Int { 2 * (levels + 1) + 2 * NASNetOperation.allCases.count }
    var featureCount: Int { levels * slotWidth }

    func features(of architecture: Architecture) -> [Float] {
        var features = [Float](repeating: 0, count: featureCount)
        guard let cell = Self.cell(of: architecture) else { return features }
        let (states, operations) = (levels + 1, NASNetOperation.allCases.count)
        for (b, block) in cell.blocks.enumerated() where b < levels {
            let base = b * slotWidth
            oneHot(block.firstInput, of: states, into: &features, at: base)
            oneHot(block.secondInput, of: states, into: &features, at: base + states)
            oneHot(block.firstOperation.rawValue, of: operations, into: &features, at: base + 2 * states)
            oneHot(block.secondOperation.rawValue, of: operations, into: &features, at: base + 2 * states + operations)
        }
        return features
    }
}

extension NASNetBlock {
    /// The two (input, operation) halves, for comparing blocks half by half.
    var halves: [[Int]] { [[firstInput, firstOperation.rawValue], [secondInput, secondOperation.rawValue]] }
}

/// The macro space grows one layer at a time: level b has b real layers followed by identities.
struct LayerGrowth: ArchitectureGrowth {
    var levels: Int { MacroArchitecture.layerCount }

    /// The layer choices that do something (a max pool ignores its width, so it comes once).
    static let layers: [MacroLayer] = [LayerOperation.conv3x3, .conv5x5].flatMap { operation in
        MacroArchitecture.widths.map { MacroLayer(operation, width: $0) }
    } + [MacroLayer(.maxPool, width: MacroArchitecture.widths[0])]
    static let empty = MacroLayer(.identity, width: MacroArchitecture.widths[0])

    func depth(_ macro: MacroArchitecture) -> Int { macro.layers.firstIndex(of: Self.empty) ?? levels }

    var firstLevel: [Architecture] {
        Self.layers.map { .macro(MacroArchitecture(layers: [$0] + Array(repeating: Self.empty, count: levels - 1))) }
    }

    func expansions(of architecture: Architecture) -> [Architecture] {
        guard case .macro(let macro) = architecture, depth(macro) < levels else { return [] }
        return Self.layers.map { layer in
            var layers = macro.layers
            layers[depth(macro)] = layer
            return .macro(MacroArchitecture(layers: layers))
        }
    }

    func neighbours(of architecture: Architecture) -> [Architecture] {
        guard case .macro(let macro) = architecture else { return [] }
        return (0..<depth(macro)).flatMap { position in
            Self.layers.filter { $0 != macro.layers[position] }.map { layer in
                var layers = macro.layers
                layers[position] = layer
                return Architecture.macro(MacroArchitecture(layers: layers))
            }
        }
    }

    var featureCount: Int { MacroArchitecture.choiceCounts.reduce(0, +) }

    func features(of architecture: Architecture) -> [Float] {
        var features = [Float](repeating: 0, count: featureCount)
        guard case .macro(let macro) = architecture else { return features }
        var offset = 0
        for (decision, count) in zip(macro.decisions, MacroArchitecture.choiceCounts) {
            oneHot(decision, of: count, into: &features, at: offset)
            offset += count
        }
        return features
    }
}

extension SearchSpace {
    /// How PNAS grows this space.
    var growth: any ArchitectureGrowth {
        switch self {
        case .cell(let space): EdgeGrowth(space: space)
        case .nasnet(let space): BlockGrowth(space: space)
        case .macro: LayerGrowth()
        }
    }
}
