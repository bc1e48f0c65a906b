import Testing
import TensorKit
@testable import ArchitectureSearch

/// The macro search space: encodings, sampling and mutation.
struct MacroArchitectureTests {
    @Test func spaceHasEightDecisionsAndFourThousandEncodings() {
        #expect(MacroArchitecture.choiceCounts == [4, 2, 4, 2, 4, 2, 4, 2])
        #expect(MacroArchitecture.spaceSize == 4096)
    }

    @Test func decisionsAndTextEncodingRoundTrip() {
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<200 {
            let architecture = MacroArchitecture.random(using: &generator)
            #expect(MacroArchitecture(decisions: architecture.decisions) == architecture)
            #expect(MacroArchitecture(encoding: architecture.encoding) == architecture)
        }
        let parsed = MacroArchitecture(encoding: "c3-16 mp-32 id-16 c5-32")
        #expect(parsed?.decisions == [0, 0, 2, 1, 3, 0, 1, 1])
        #expect(parsed?.effectiveDescription == "c3-16 → mp → c5-32")
        #expect(MacroArchitecture(encoding: "c3-16 mp-32 id-16") == nil)
        #expect(MacroArchitecture(encoding: "c3-16 mp-32 id-16 c7-32") == nil)
        #expect(MacroArchitecture(encoding: "c3-16 mp-32 id-16 c5-64") == nil)
    }

    @Test func mutationChangesExactlyOneDecision() {
        var generator = SeededGenerator(seed: 3)
        var positions = Set<Int>()
        for _ in 0..<500 {
            let parent = MacroArchitecture.random(using: &generator)
            let child = parent.mutated(using: &generator)
            let differences = zip(parent.decisions, child.decisions).enumerated().filter { $0.element.0 != $0.element.1 }
            #expect(differences.count == 1)
            positions.formUnion(differences.map(\.offset))
        }
        #expect(positions == Set(0..<8))  // every decision gets mutated sometimes
    }

    @Test func randomSamplingIsSeededAndCoversEveryChoice() {
        var a = SeededGenerator(seed: 11), b = SeededGenerator(seed: 11)
        let first = (0..<50).map { _ in MacroArchitecture.random(using: &a) }
        let second = (0..<50).map { _ in MacroArchitecture.random(using: &b) }
        #expect(first == second)
        var seen = Set<[Int]>()
        for architecture in first { for (t, d) in architecture.decisions.enumerated() { seen.insert([t, d]) } }
        #expect(seen.count == MacroArchitecture.choiceCounts.reduce(0, +))
    }

    @Test func childNetworkShapesAndParameterCount() {
        var generator = SeededGenerator(seed: 1)
        let architecture = MacroArchitecture(encoding: "c3-16 mp-32 id-16 c5-32")!
        let network = ChildNetwork(architecture, using: &generator)
        // conv3x3 1→16: 144 + 16; conv5x5 16→32: 12,800 + 32; classifier 32·64·10 + 10.
        #expect(network.parameterCount == 160 + 12_832 + 20_490)
        let logits = network(Tensor.zeros([5, 64]))
        #expect(logits.shape == [5, 10])
        let linear = ChildNetwork(MacroArchitecture(encoding: "id-16 mp-16 id-32 mp-32")!, using: &generator)
        #expect(linear.parameterCount == 650)
    }
}
