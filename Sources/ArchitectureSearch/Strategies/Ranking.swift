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
}
