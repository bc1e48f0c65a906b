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
public final class RegularizedEvolution: SearchExperiment {
    public static let descriptor = ExperimentDescriptor(
        id: "nas.evolution", title: "Regularized evolution", topic: "nas",
        summary: "Aging evolution: tournament, mutate one decision, remove the oldest",
        datasets: ["uci-digits"])
    public override var descriptor: ExperimentDescriptor { Self.descriptor }

    /// A population member: its evaluation and birth order (evaluation index).
    public struct Member: Sendable, Equatable {
        public let result: ChildResult
        public let decisions: [Int]
        public let birth: Int
    }

    /// The living population, oldest first.
    public private(set) var population: [Member] = []
    private var births = 0

    public init() {
        super.init(hyperparameters: SearchExperiment.commonHyperparameters([
            .integer("population", 10, in: 2...500, "members alive at once (P)"),
            .integer("sample-size", 3, in: 1...500, live: true, "members drawn for each tournament (S)"),
        ]))
    }

    override func prepareStrategy() {
        population = []
        births = 0
    }

    override func propose() -> [Int] {
        guard population.count >= hyperparameters.integer("population") else {
            return space.randomDecisions(using: &generator)
        }
        let sampleSize = min(hyperparameters.integer("sample-size"), population.count)
        var sample: [Member] = []
        for _ in 0..<sampleSize { sample.append(population[generator.nextInt(below: population.count)]) }
        let parent = sample.max { $0.result.accuracy < $1.result.accuracy }!
        return space.mutated(parent.decisions, using: &generator)
    }

    override func observe(_ result: ChildResult, decisions: [Int]) {
        population.append(Member(result: result, decisions: decisions, birth: births))
        births += 1
        while population.count > hyperparameters.integer("population") { population.removeFirst() }
    }

    override var strategyMetrics: [Metric] {
        let mean = population.isEmpty ? 0 : population.map(\.result.accuracy).reduce(0, +) / Double(population.count)
        return [.accuracy(mean, name: "population mean accuracy")]
    }
}
