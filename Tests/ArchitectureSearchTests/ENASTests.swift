import Lab
import Testing
import TestSupport
@testable import ArchitectureSearch

/// ENAS on real digits: the shared weights learn, the controller is updated from shared-weight rewards.
@Suite(.serialized) struct ENASTests {
    @Test func sharedWeightsLearnAndTheControllerUpdates() throws {
        var settings = HyperparameterSet(ENASSearch.settings)
        try settings.set("controller-every", from: "20")
        let data = try ChildTrainer.digits(store: try RealData.store())
        let enas = ENASSearch(data: data, table: nil, seed: 3, settings: settings)
        let before = enas.controller.parameters.map(\.tensor.data)
        var losses: [Float] = []
        for _ in 0..<200 { losses.append(try enas.step(settings).loss) }
        let early = losses.prefix(20).reduce(0, +) / 20, late = losses.suffix(20).reduce(0, +) / 20
        #expect(late < early - 0.15, "\(early) → \(late)")
        #expect(enas.rewards.count == 10 * 5 && enas.baselines.count == enas.rewards.count)
        #expect(zip(before, enas.controller.parameters.map(\.tensor.data)).contains { $0 != $1 })
        // The controller's pick (best of 10 samples), with shared weights only, beats chance (10 %) clearly.
        let pick = try #require(enas.controllerPick())
        #expect(enas.sharedAccuracy(pick) > 0.2, "\(pick) \(enas.sharedAccuracy(pick))")
        #expect(enas.ranking(indices: [0, 1, 2]) == nil)  // no table given
        #expect(enas.panels(settings).map(\.title) == ["Controller reward", "Sampled cell"])
    }
}
