import Testing
import TensorKit
@testable import ArchitectureSearch

/// The NAS-Bench-201-style cell space: sizes, encodings, indices, sampling, mutation, the network.
struct CellSpaceTests {
    @Test func spacesHaveTheDeclaredSizes() {
        #expect(CellSpace.edges.map { [$0.from, $0.to] } == [[0, 1], [0, 2], [1, 2], [0, 3], [1, 3], [2, 3]])
        #expect(CellSpace.full.size == 15_625)
        #expect(CellSpace.benchmark.size == 729)
        #expect(SearchSpace.named("cell")?.size == 729 && SearchSpace.named("macro")?.size == 4096)
    }

    @Test func encodingAndIndexRoundTrip() {
        let cell = CellArchitecture(operations: [.conv3x3, .skip, .zero, .avgPool3x3, .conv1x1, .conv3x3])
        #expect(cell.encoding == "|conv3x3~0|+|skip~0|zero~1|+|avgpool~0|conv1x1~1|conv3x3~2|")
        #expect(CellArchitecture(encoding: cell.encoding) == cell)
        #expect(CellArchitecture(encoding: "|conv3x3~0|+|skip~0|zero~1|") == nil)
        #expect(CellArchitecture(encoding: "|conv3x3~1|+|skip~0|zero~1|+|skip~0|skip~1|skip~2|") == nil)
        #expect(CellSpace.benchmark.index(of: cell) == nil)  // avgpool and conv1x1 are outside the table's subset
        for space in SearchSpace.all {
            var generator = SeededGenerator(seed: 5)
            for _ in 0..<100 {
                let index = generator.nextInt(below: space.size)
                let architecture = space.architecture(index: index)
                #expect(space.index(of: architecture) == index)
                #expect(space.architecture(encoding: architecture.encoding) == architecture)
            }
        }
        // Index = the decisions as base-3 digits: conv3x3 is op 2, so the last edge alone gives 2.
        #expect(SearchSpace.cell(.benchmark).architecture(index: 2).encoding == "|zero~0|+|zero~0|zero~1|+|zero~0|zero~1|conv3x3~2|")
    }

    @Test func mutationChangesExactlyOneEdgeAndStaysInTheSpace() {
        var generator = SeededGenerator(seed: 9)
        var positions = Set<Int>()
        for _ in 0..<300 {
            let parent = CellArchitecture.random(in: .benchmark, using: &generator)
            let child = parent.mutated(in: .benchmark, using: &generator)
            let changed = zip(parent.operations, child.operations).enumerated().filter { $0.element.0 != $0.element.1 }.map(\.offset)
            #expect(changed.count == 1)
            #expect(CellSpace.benchmark.index(of: child) != nil)
            positions.formUnion(changed)
        }
        #expect(positions == Set(0..<6))
    }

    @Test func connectivityFollowsNonZeroEdges() {
        #expect(CellArchitecture(operations: [.zero, .zero, .zero, .skip, .zero, .zero]).isConnected)
        #expect(!CellArchitecture(operations: [.conv3x3, .zero, .skip, .zero, .zero, .zero]).isConnected)
        #expect(CellArchitecture(operations: [.conv3x3, .zero, .skip, .zero, .zero, .skip]).isConnected)
        #expect(!CellArchitecture(operations: [.zero, .zero, .conv3x3, .zero, .skip, .skip]).isConnected)
    }

    @Test func networkShapesAndParameterCounts() {
        var generator = SeededGenerator(seed: 1)
        let cell = CellArchitecture(operations: [.conv3x3, .skip, .conv1x1, .zero, .avgPool3x3, .conv3x3])
        let network = CellNetwork(cell, using: &generator)
        // stem 1→8 3x3: 80; per cell two 3x3 (2 · 584) and one 1x1 (72); classifier 8·10 + 10.
        #expect(network.parameterCount == 80 + 2 * (2 * 584 + 72) + 90)
        #expect(network(Tensor.zeros([3, 64]), cell: cell).shape == [3, 10])
        let supernet = CellNetwork(operations: Set(CellOperation.allCases), using: &generator)
        #expect(supernet.parameterCount == 80 + 2 * 6 * (584 + 72) + 90)
        // The supernet's parameters for a cell are exactly what a stand-alone child of it holds.
        #expect(supernet.parameters(for: cell).reduce(0) { $0 + $1.tensor.count } == network.parameterCount)
        let cutOff = CellArchitecture(operations: [.conv3x3, .zero, .zero, .zero, .zero, .zero])
        #expect(supernet(Tensor.ones([2, 64]), cell: cutOff).shape == [2, 10])
    }
}
