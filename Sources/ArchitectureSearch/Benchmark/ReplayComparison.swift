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
    }

    public let curves: [Curve]
    public let seconds: Double

    /// The strategies compared by default: every strategy with its default settings.
    public static var strategies: [(kind: StrategyKind, settings: HyperparameterSet)] {
        StrategyKind.allCases.map { ($0, $0.settings) }
    }

    public init(table: BenchmarkTable, space: SearchSpace = .cell(.benchmark), seeds: Int, evaluations: Int,
                strategies: [(kind: StrategyKind, settings: HyperparameterSet)] = ReplayComparison.strategies) throws {
        let start = ContinuousClock.now
        let optimum = table.best?.accuracy ?? 0
        var curves: [Curve] = []
        for (strategy, settings) in strategies {
            var regrets = Array(repeating: [Double](), count: evaluations)
            var distinct = 0.0
            for seed in 1...seeds {
                let run = try SearchRun(strategy, replaying: table, space: space, seed: UInt64(seed), settings: settings)
                var best = -Double.infinity
                for n in 0..<evaluations {
                    best = max(best, run.evaluateNext(settings).accuracy)
                    regrets[n].append(optimum - best)
                }
                distinct += Double(Set(run.history.map(\.architecture)).count)
            }
            curves.append(Curve(name: strategy.rawValue, meanRegret: regrets.map(Self.mean),
                                standardError: regrets.map(Self.standardError), meanDistinct: distinct / Double(seeds)))
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
