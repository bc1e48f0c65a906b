/// Rank agreement between two measurements of the same architectures.
public enum Ranking {
    /// Kendall's τ_b (Kendall 1945): over all pairs i < j,
    ///
    ///     τ_b = (C − D) / sqrt((C + D + T_a) (C + D + T_b))
    ///
    /// with C concordant pairs (a and b order them alike), D discordant pairs, T_a pairs tied only in b,
    /// T_b pairs tied only in a (pairs tied in both count nowhere). 1: same order, −1: reversed, 0: unrelated.
    /// Returns 0 when either list is constant.
    public static func kendallTau(_ a: [Double], _ b: [Double]) -> Double {
        precondition(a.count == b.count, "need paired measurements")
        var concordant = 0, discordant = 0, tiedOnlyA = 0, tiedOnlyB = 0
        for i in a.indices {
            for j in (i + 1)..<a.count {
                let da = a[i] - a[j], db = b[i] - b[j]
                if da == 0 && db == 0 { continue }
                if da == 0 { tiedOnlyA += 1; continue }
                if db == 0 { tiedOnlyB += 1; continue }
                if (da > 0) == (db > 0) { concordant += 1 } else { discordant += 1 }
            }
        }
        let denominator = (Double(concordant + discordant + tiedOnlyB) * Double(concordant + discordant + tiedOnlyA)).squareRoot()
        return denominator == 0 ? 0 : Double(concordant - discordant) / denominator
    }

    /// Spearman's ρ (Spearman 1904): the Pearson correlation of the two lists' ranks (tied values share
    /// their average rank). 1: same order, −1: reversed. Returns 0 when either list is constant.
    public static func spearmanRho(_ a: [Double], _ b: [Double]) -> Double {
        precondition(a.count == b.count, "need paired measurements")
        let (x, y) = (ranks(a), ranks(b))
        let (mx, my) = (x.reduce(0, +) / Double(max(x.count, 1)), y.reduce(0, +) / Double(max(y.count, 1)))
        var covariance = 0.0, vx = 0.0, vy = 0.0
        for i in x.indices {
            covariance += (x[i] - mx) * (y[i] - my)
            vx += (x[i] - mx) * (x[i] - mx)
            vy += (y[i] - my) * (y[i] - my)
        }
        return vx == 0 || vy == 0 ? 0 : covariance / (vx * vy).squareRoot()
    }

    /// Ranks 1…n of `values` (ties: the average of the ranks they span).
    static func ranks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var ranks = [Double](repeating: 0, count: values.count)
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count && values[order[end + 1]] == values[order[start]] { end += 1 }
            for position in start...end { ranks[order[position]] = Double(start + end) / 2 + 1 }
            start = end + 1
        }
        return ranks
    }
}
