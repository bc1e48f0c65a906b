import Foundation
import Lab

/// Strategies compared by replaying the benchmark table (NAS-Bench-201's protocol): each strategy runs
/// `evaluations` lookups from each of `seeds` seeds; regret after n evaluations is
///
///     regret(n) = (table optimum accuracy) − max_{k ≤ n} accuracy(a_k)
///
/// reported as the mean over seeds with its standard error (sample standard deviation / √seeds).
public struct ReplayComparison: Sendable {
    /// One strategy's curve.
    public struct Curve: Sendable {
        public let name: String
        /// Mean regret after 1...evaluations evaluations.
        public let meanRegret: [Double]
        /// Standard error of that mean.
        public let standardError: [Double]
        /// Distinct architectures evaluated, averaged over seeds (repeats cost a lookup but find nothing new).
        public let meanDistinct: Double
        /// Per seed: evaluations until the table's optimum was first evaluated (nil: not within the cap).
        public let evaluationsToOptimum: [Int?]

        /// Seeds that reached the optimum within the cap.
        public var reachedOptimum: Int { evaluationsToOptimum.compactMap { $0 }.count }
        /// Mean and standard error of the evaluations to the optimum, counting a seed that missed it as
        /// the cap (so a lower bound when some missed).
        public func meanEvaluationsToOptimum(cap: Int) -> (mean: Double, standardError: Double) {
            let values = evaluationsToOptimum.map { Double($0 ?? cap) }
            return (ReplayComparison.mean(values), ReplayComparison.standardError(values))
        }
    }

    public let curves: [Curve]
    public let seconds: Double

    /// The strategies compared by default: every strategy with its default settings.
    public static var strategies: [(kind: StrategyKind, settings: HyperparameterSet)] {
        StrategyKind.allCases.map { ($0, $0.settings) }
    }

    /// Replays every strategy from `seeds` seeds for `evaluations` evaluations, and on (up to
    /// `optimumCap` evaluations in all) until it first evaluates the table's optimum.
    public init(table: BenchmarkTable, space: SearchSpace = .cell(.benchmark), seeds: Int, evaluations: Int, optimumCap: Int = 0,
                strategies: [(kind: StrategyKind, settings: HyperparameterSet)] = ReplayComparison.strategies) throws {
        let start = ContinuousClock.now
        let optimum = table.best?.accuracy ?? 0
        var curves: [Curve] = []
        for (strategy, settings) in strategies {
            var regrets = Array(repeating: [Double](), count: evaluations)
            var distinct = 0.0
            var hits: [Int?] = []
            for seed in 1...seeds {
                let run = try SearchRun(strategy, replaying: table, space: space, seed: UInt64(seed), settings: settings)
                var best = -Double.infinity
                var hit: Int?
                var n = 0
                while n < evaluations || (hit == nil && n < optimumCap) {
                    best = max(best, run.evaluateNext(settings).accuracy)
                    if n < evaluations {
                        regrets[n].append(optimum - best)
                        if n == evaluations - 1 { distinct += Double(Set(run.history.map(\.architecture)).count) }
                    }
                    n += 1
                    if hit == nil && best >= optimum { hit = n }
                }
                hits.append(hit)
            }
            curves.append(Curve(name: strategy.rawValue, meanRegret: regrets.map(Self.mean),
                                standardError: regrets.map(Self.standardError), meanDistinct: distinct / Double(seeds),
                                evaluationsToOptimum: hits))
        }
        self.curves = curves
        let elapsed = ContinuousClock.now - start
        seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    }

    static func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(max(values.count, 1)) }

    static func standardError(_ values: [Double]) -> Double {
        guard values.count > 1 else { return 0 }
        let m = mean(values)
        let variance = values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(values.count - 1)
        return (variance / Double(values.count)).squareRoot()
    }

    /// The panel of these curves.
    public var panel: RegretPanel { RegretPanel(curves: curves.map { ($0.name, $0.meanRegret) }) }
}
