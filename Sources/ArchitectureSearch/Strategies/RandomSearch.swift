import Lab
import TensorKit

/// Random search: every child is an independent uniform sample of the macro space. A strong baseline
/// (Li and Talwalkar 2019; Yang et al. 2020): a strategy is only worth its cost if it beats this.
public final class RandomSearch: SearchExperiment {
    public static let descriptor = ExperimentDescriptor(
        id: "nas.random", title: "Random architecture search", topic: "nas",
        summary: "Uniform samples of a 4-layer conv space, each trained briefly on 8x8 digits",
        datasets: ["uci-digits"])
    public override var descriptor: ExperimentDescriptor { Self.descriptor }

    public init() { super.init(hyperparameters: SearchExperiment.commonHyperparameters([])) }

    override func propose() -> MacroArchitecture { MacroArchitecture.random(using: &generator) }
}
