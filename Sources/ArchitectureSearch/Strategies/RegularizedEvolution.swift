import Lab
import TensorKit

/// Regularized (aging) evolution (Real et al. 2019, "Regularized Evolution for Image Classifier
/// Architecture Search"):
///
///     until the population holds P members: add random architectures
///     then, each cycle: sample S members uniformly (with replacement, as in the paper's reference code);
///                       parent = the most accurate of the sample;
///                       child = mutate(parent) (one decision changed); evaluate it;
///                       add the child and remove the OLDEST member (not the worst).
///
/// Removing by age rather than by accuracy means a network survives only through good descendants,
/// which the paper found more robust to noisy evaluations than keeping the best.
final class RegularizedEvolution: SearchStrategy {
    /// A population member: its evaluation and birth order (evaluation index).
    struct Member: Sendable, Equatable {
        let result: ChildResult
        let decisions: [Int]
        let birth: Int
    }

    let space: SearchSpace
    /// The living population, oldest first.
    private(set) var population: [Member] = []
    private var births = 0

    init(space: SearchSpace) { self.space = space }

    func propose(using generator: inout SeededGenerator, settings: HyperparameterSet) -> Architecture {
        space.architecture(decisions: proposeDecisions(using: &generator, settings: settings))
    }

    private func proposeDecisions(using generator: inout SeededGenerator, settings: HyperparameterSet) -> [Int] {
        guard population.count >= settings.integer("population") else {
            return space.randomDecisions(using: &generator)
        }
        let sampleSize = min(settings.integer("sample-size"), population.count)
        var sample: [Member] = []
        for _ in 0..<sampleSize { sample.append(population[generator.nextInt(below: population.count)]) }
        let parent = sample.max { $0.result.accuracy < $1.result.accuracy }!
        return space.mutated(parent.decisions, using: &generator)
    }

    func observe(_ result: ChildResult, settings: HyperparameterSet) {
        population.append(Member(result: result, decisions: space.decisions(of: result.architecture)!, birth: births))
        births += 1
        while population.count > settings.integer("population") { population.removeFirst() }
    }

    var metrics: [Metric] {
        let mean = population.isEmpty ? 0 : population.map(\.result.accuracy).reduce(0, +) / Double(population.count)
        return [.accuracy(mean, name: "population mean accuracy")]
    }
}
