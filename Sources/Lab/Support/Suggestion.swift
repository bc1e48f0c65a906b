/// "Did you mean …?" for a mistyped name: the valid names closest to it by edit distance.
public enum Suggestion {
    /// The valid names within a small edit distance of `typed` (closest first), or those that
    /// contain it or that it contains; at most three.
    public static func closest(to typed: String, among valid: [String]) -> [String] {
        let lowered = typed.lowercased()
        let limit = max(2, lowered.count / 3)
        let scored = valid.map { name -> (String, Int) in
            let candidate = name.lowercased()
            let distance = editDistance(lowered, candidate)
            let contains = !lowered.isEmpty && (candidate.contains(lowered) || lowered.contains(candidate))
            return (name, contains ? min(distance, limit) : distance)
        }
        return scored.filter { $0.1 <= limit }.sorted { $0.1 < $1.1 }.prefix(3).map(\.0)
    }

    /// " (did you mean a or b?)", or "" when nothing is close.
    public static func phrase(for typed: String, among valid: [String]) -> String {
        let close = closest(to: typed, among: valid)
        guard !close.isEmpty else { return "" }
        return " (did you mean \(close.joined(separator: " or "))?)"
    }

    /// Levenshtein distance: insertions, deletions and substitutions each cost 1.
    public static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}

extension Float {
    /// "NaN", "infinity", "-infinity" or the number: how a loss is named in messages.
    public var readable: String {
        if isNaN { return "NaN" }
        if isInfinite { return self > 0 ? "infinity" : "-infinity" }
        return "\(self)"
    }
}
