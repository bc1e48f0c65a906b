#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The measurements recommender papers report.
public enum RecommenderMetrics {
    /// Root mean squared error sqrt(1/n sum (p - r)^2) and mean absolute error 1/n sum |p - r|.
    public static func ratingErrors(predictions: [Float], targets: [Float]) -> (rmse: Double, mae: Double) {
        precondition(predictions.count == targets.count, "predictions and targets differ in count")
        var squared = 0.0, absolute = 0.0
        for (p, r) in zip(predictions, targets) {
            let error = Double(p - r)
            squared += error * error
            absolute += Swift.abs(error)
        }
        let n = Double(Swift.max(targets.count, 1))
        return ((squared / n).squareRoot(), absolute / n)
    }

    /// Area under the ROC curve: the probability that a random positive scores above a random
    /// negative (ties count one half), from the rank-sum (Mann-Whitney U) statistic.
    public static func auc(scores: [Float], labels: [Float]) -> Double {
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        var rankSum = 0.0, positives = 0.0
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count, scores[order[end + 1]] == scores[order[start]] { end += 1 }
            let meanRank = Double(start + end) / 2 + 1
            for position in start...end where labels[order[position]] > 0.5 {
                rankSum += meanRank
                positives += 1
            }
            start = end + 1
        }
        let negatives = Double(order.count) - positives
        guard positives > 0, negatives > 0 else { return 0.5 }
        return (rankSum - positives * (positives + 1) / 2) / (positives * negatives)
    }

    /// Mean binary cross-entropy of probabilities (clamped to [1e-7, 1 - 1e-7]).
    public static func logLoss(probabilities: [Float], labels: [Float]) -> Double {
        var total = 0.0
        for (p, t) in zip(probabilities, labels) {
            let q = Double(Swift.min(Swift.max(p, 1e-7), 1 - 1e-7))
            total -= Double(t) * log(q) + Double(1 - t) * log(1 - q)
        }
        return total / Double(Swift.max(labels.count, 1))
    }

    /// The rank of `scores[0]` (the held-out positive) among all candidates: how many score
    /// higher, plus half of the ties (the expected rank under random tie-breaking).
    public static func rankOfFirst(_ scores: [Float]) -> Double {
        var higher = 0.0
        for score in scores.dropFirst() {
            if score > scores[0] { higher += 1 } else if score == scores[0] { higher += 0.5 }
        }
        return higher
    }

    /// Hit ratio and NDCG at `k` for one ranking with the positive at `rank` (0 is first):
    /// HR = [rank < k], NDCG = 1 / log2(rank + 2) when it is a hit (He et al. 2017).
    public static func hitAndNDCG(rank: Double, k: Int) -> (hit: Double, ndcg: Double) {
        guard rank < Double(k) else { return (0, 0) }
        return (1, 1 / log2(rank + 2))
    }

    /// Indices of the `k` largest scores, best first (ties: lower index first).
    public static func topK(_ scores: [Float], k: Int, excluding excluded: Set<Int> = []) -> [Int] {
        var best: [(score: Float, index: Int)] = []
        for (index, score) in scores.enumerated() where !excluded.contains(index) {
            if best.count < k || score > best[best.count - 1].score {
                var position = best.count
                while position > 0 && best[position - 1].score < score { position -= 1 }
                best.insert((score, index), at: position)
                if best.count > k { best.removeLast() }
            }
        }
        return best.map(\.index)
    }
}

