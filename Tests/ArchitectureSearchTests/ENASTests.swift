import Lab
import Testing
import TestSupport
@testable import ArchitectureSearch

/// ENAS on real digits: the shared weights learn, the controller is updated from shared-weight rewards.
@Suite(.serialized) struct ENASTests {
    @Test func sharedWeightsLearnAndTheControllerUpdates() throws {
        let enas = ENASSearch()
        try enas.hyperparameters.set("controller-every", from: "10")
        let data = try ChildTrainer.digits(store: try RealData.store())
        try enas.prepare(data: data, table: nil, seed: 3)
        let before = enas.controller!.parameters.map(\.tensor.data)
        var losses: [Float] = []
        for _ in 0..<300 { losses.append(try enas.step().loss) }
        let early = losses.prefix(20).reduce(0, +) / 20, late = losses.suffix(20).reduce(0, +) / 20
        #expect(late < early * 0.85, "\(early) → \(late)")
        #expect(enas.rewards.count == 30 * 5 && enas.baselines.count == enas.rewards.count)
        #expect(zip(before, enas.controller!.parameters.map(\.tensor.data)).contains { $0 != $1 })
        // A cell with convolutions from input to output, with shared weights only, beats chance (10 %) clearly.
        let cell = CellArchitecture(operations: [.conv3x3, .zero, .skip, .conv3x3, .zero, .skip])
        #expect(enas.sharedAccuracy(cell) > 0.25)
        #expect(enas.ranking(indices: [0, 1, 2]) == nil)  // no table given
        #expect(enas.panels().map(\.title) == ["Controller reward", "Sampled cell"])
    }
}
