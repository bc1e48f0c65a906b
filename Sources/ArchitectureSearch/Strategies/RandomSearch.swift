import Lab
import TensorKit

/// Random search: every child is an independent uniform sample of the space. A strong baseline
/// (Li and Talwalkar 2019; Yang et al. 2020): a strategy is only worth its cost if it beats this.
final class RandomSearch: SearchStrategy {
    let space: SearchSpace

    init(space: SearchSpace) { self.space = space }

    func propose(using generator: inout SeededGenerator, settings: HyperparameterSet) -> Architecture {
        space.architecture(decisions: space.randomDecisions(using: &generator))
    }
}
