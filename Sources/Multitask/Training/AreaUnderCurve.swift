/// The area under the ROC curve: the probability that a random positive scores above a random
/// negative (ties count one half), computed from ranks (the Mann-Whitney U statistic):
///
///     AUC = (sum of positives' ranks - P (P + 1) / 2) / (P N)
///
/// with average ranks for tied scores. Undefined (NaN) without both classes.
public enum AreaUnderCurve {
    public static func of(scores: [Float], labels: [Float]) -> Double {
        precondition(scores.count == labels.count, "\(scores.count) scores for \(labels.count) labels")
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        var rankSum = 0.0, positives = 0.0
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count && scores[order[end + 1]] == scores[order[start]] { end += 1 }
            let averageRank = Double(start + end) / 2 + 1
            for position in start...end where labels[order[position]] > 0.5 {
                rankSum += averageRank
                positives += 1
            }
            start = end + 1
        }
        let negatives = Double(scores.count) - positives
        guard positives > 0, negatives > 0 else { return .nan }
        return (rankSum - positives * (positives + 1) / 2) / (positives * negatives)
    }
}
