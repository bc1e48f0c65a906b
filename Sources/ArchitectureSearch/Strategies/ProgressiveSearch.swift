import Lab
import NeuralNet
import TensorKit
import TopicViews

/// Progressive neural architecture search (Liu et al. 2018, "Progressive Neural Architecture Search"),
/// a sequential model-based optimisation over architectures of increasing complexity:
///
///     S_1 = the simplest architectures (a random sample of at most `first-level`); train them
///     fit the surrogate on every (architecture, accuracy) measured so far
///     for b = 2 … B:  S'_b = every expansion of S_{b−1} by one step (block, edge or layer)
///                     S_b  = the K expansions with the highest predicted accuracy (K = `beam`)
///                     train S_b; refit the surrogate
///
/// After the last level the search goes on in rounds of K: the unmeasured expansions and one-choice
/// neighbours of the K best architectures so far, ranked by the surrogate. The surrogate only has to
/// *rank* the candidates, and it is asked about architectures one step larger than those it was
/// fitted on: the generalisation PNAS relies on.
final class ProgressiveSearch: SearchStrategy {
    /// A proposal of the current round: the surrogate's prediction when it was chosen (nil on level 1)
    /// and, once observed, the measured accuracy.
    struct Candidate {
        let architecture: Architecture
        let predicted: Double?
        var measured: Double?
    }

    let space: SearchSpace
    let growth: any ArchitectureGrowth
    let surrogate: Surrogate
    private let beamWidth: Int
    /// The level of the current round (stays at `growth.levels` in the rounds after the last level).
    private(set) var level = 1
    /// The current round; `next` indexes the first proposal not yet handed out.
    private(set) var round: [Candidate] = []
    private var next = 0, observed = 0
    /// The latest finished round that had predictions (for the surrogate panel).
    private(set) var lastRankedRound: [Candidate] = []
    /// Best measured accuracy of every architecture, and the order they were first measured.
    private var measured: [Architecture: Double] = [:]
    private var measuredOrder: [Architecture] = []
    private var generator: SeededGenerator

    init(space: SearchSpace, using generator: inout SeededGenerator, settings: HyperparameterSet) {
        self.space = space
        growth = space.growth
        surrogate = Surrogate(featureCount: growth.featureCount, using: &generator)
        beamWidth = settings.integer("beam")
        self.generator = generator.split()
        var first = growth.firstLevel
        first.shuffle(using: &self.generator)
        round = first.prefix(settings.integer("first-level")).map { Candidate(architecture: $0, predicted: nil) }
    }

    var proposalsReady: Int { Swift.max(round.count - next, 1) }

    func propose(using generator: inout SeededGenerator, settings: HyperparameterSet) -> Architecture {
        guard next < round.count else {
            // Only when asked past a round before its results came in: a random architecture of the space.
            return space.architecture(decisions: space.randomDecisions(using: &generator))
        }
        next += 1
        return round[next - 1].architecture
    }

    func observe(_ result: ChildResult, settings: HyperparameterSet) {
        if measured[result.architecture] == nil { measuredOrder.append(result.architecture) }
        measured[result.architecture] = Swift.max(measured[result.architecture] ?? 0, result.accuracy)
        if let index = round.indices.first(where: { $0 < next && round[$0].architecture == result.architecture && round[$0].measured == nil }) {
            round[index].measured = result.accuracy
            observed += 1
        }
        if observed >= round.count { advance(settings) }
    }

    /// Refits the surrogate and chooses the next round.
    private func advance(_ settings: HyperparameterSet) {
        surrogate.fit(measuredOrder.map { (growth.features(of: $0), measured[$0]!) }, steps: settings.integer("surrogate-steps"),
                      learningRate: settings.float("surrogate-learning-rate"))
        if round.contains(where: { $0.predicted != nil }) { lastRankedRound = round }
        var candidates: [Architecture]
        if level < growth.levels {
            candidates = round.flatMap { growth.expansions(of: $0.architecture) }
            level += 1
        } else {
            let best = measuredOrder.sorted { measured[$0]! > measured[$1]! }.prefix(beamWidth)
            candidates = best.flatMap { growth.expansions(of: $0) + growth.neighbours(of: $0) }
        }
        var seen = Set<Architecture>()
        candidates = candidates.filter { measured[$0] == nil && seen.insert($0).inserted }
        if candidates.isEmpty {
            // Everything near the best is measured: fall back on unmeasured random architectures.
            for _ in 0..<(beamWidth * 20) where candidates.count < beamWidth {
                let random = space.architecture(decisions: space.randomDecisions(using: &generator))
                if measured[random] == nil && seen.insert(random).inserted { candidates.append(random) }
            }
            if candidates.isEmpty { candidates = [space.architecture(decisions: space.randomDecisions(using: &generator))] }
        }
        let predictions = surrogate.predict(candidates.map(growth.features))
        let order = candidates.indices.sorted { predictions[$0] != predictions[$1] ? predictions[$0] > predictions[$1] : $0 < $1 }
        round = order.prefix(beamWidth).map { Candidate(architecture: candidates[$0], predicted: predictions[$0]) }
        next = 0
        observed = 0
    }

    /// Kendall τ between predicted and measured accuracy over the observed cells of `candidates`.
    static func rankAgreement(_ candidates: [Candidate]) -> Double? {
        let pairs = candidates.compactMap { candidate in candidate.predicted.flatMap { p in candidate.measured.map { (p, $0) } } }
        guard pairs.count >= 2 else { return nil }
        return Ranking.kendallTau(pairs.map(\.0), pairs.map(\.1))
    }

    /// The round shown: the current one once two of its cells are measured, else the last finished one.
    var shownRound: [Candidate] {
        round.filter { $0.predicted != nil && $0.measured != nil }.count >= 2 ? round : lastRankedRound
    }

    var metrics: [Metric] {
        var metrics = [Metric("level", Double(level), higherIsBetter: true),
                       Metric("surrogate training error", surrogate.trainingError.isNaN ? 0 : surrogate.trainingError, higherIsBetter: false)]
        if let tau = Self.rankAgreement(shownRound) { metrics.append(Metric("surrogate kendall tau", tau, higherIsBetter: true)) }
        return metrics
    }

    var panels: [any TopicPanel] {
        let shown = shownRound.compactMap { candidate in
            candidate.predicted.flatMap { p in candidate.measured.map { (architecture: candidate.architecture, predicted: p, measured: $0) } }
        }
        return shown.isEmpty ? [] : [SurrogatePanel(level: level, points: shown, tau: Self.rankAgreement(shownRound))]
    }

    var parameters: [NamedParameter]? { surrogate.parameters }
}
