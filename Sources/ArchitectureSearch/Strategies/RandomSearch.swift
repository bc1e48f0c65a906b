import Lab
import TensorKit

/// Random search: every child is an independent uniform sample of the space. A strong baseline
/// (Li and Talwalkar 2019; Yang et al. 2020): a strategy is only worth its cost if it beats this.
public final class RandomSearch: SearchExperiment {
    public static let descriptor = ExperimentDescriptor(
        id: "nas.random", title: "Random architecture search", topic: "nas",
        summary: "Uniform samples of a cell (or 4-layer) space, trained on 8x8 digits or replayed from the table",
        datasets: ["uci-digits"])
    public override var descriptor: ExperimentDescriptor { Self.descriptor }

    public init() { super.init(hyperparameters: SearchExperiment.commonHyperparameters([])) }

    override func propose() -> [Int] { space.randomDecisions(using: &generator) }
}
