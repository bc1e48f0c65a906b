#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Item-to-item neighbours from session co-occurrence, GRU4Rec's strongest baseline (Hidasi et
/// al. 2016, §4.1): the cosine of two items' session vectors,
///
///     sim(i, j) = sessions(i and j) / (sqrt(sessions(i) sessions(j)) + λ)
///
/// where λ (here 20) damps chance similarities of rarely seen items, as the paper's
/// "regularization" does (it gives no value). The next item is scored by its similarity to the
/// current (last) item only.
public struct SessionItemKNN: Sendable {
    public let itemCount: Int
    /// `[items * items]`, row i: the similarities of item i to every item (0 on the diagonal).
    public let similarity: [Float]
    public static let defaultRegularization: Float = 20

    public init(sessions: [[Int]], itemCount: Int, regularization: Float = SessionItemKNN.defaultRegularization) {
        self.itemCount = itemCount
        var together = [Float](repeating: 0, count: itemCount * itemCount)
        var counts = [Float](repeating: 0, count: itemCount)
        for session in sessions {
            let items = Array(Set(session)).sorted()
            for a in items {
                counts[a] += 1
                for b in items where b != a { together[a * itemCount + b] += 1 }
            }
        }
        for a in 0..<itemCount where counts[a] > 0 {
            for b in 0..<itemCount where together[a * itemCount + b] > 0 {
                together[a * itemCount + b] /= (counts[a] * counts[b]).squareRoot() + regularization
            }
        }
        similarity = together
    }

    /// The similarities of `item` to every item.
    public func neighbours(of item: Int) -> [Float] {
        Array(similarity[(item * itemCount)..<((item + 1) * itemCount)])
    }
}

extension SessionData {
    /// recall@k and MRR@k of a scorer over the test sessions, run in lockstep: at position t,
    /// `scoreNext(t, sessions, items)` gets the test sessions that have an event after t and
    /// their items at t, and returns the scores of every item for each (`[sessions.count * items]`).
    public func evaluate(k: Int, scoreNext: (_ position: Int, _ sessions: [Int], _ items: [Int]) -> [Float]) -> NextItemScore {
        var result = NextItemScore()
        var seen = [[Bool]](repeating: [Bool](repeating: false, count: itemCount), count: test.count)
        let longest = test.map(\.count).max() ?? 0
        for position in 0..<max(longest - 1, 0) {
            let active = test.indices.filter { test[$0].count > position + 1 }
            let items = active.map { test[$0][position] }
            let scores = scoreNext(position, active, items)
            scores.withUnsafeBufferPointer { all in
                for (row, session) in active.enumerated() {
                    seen[session][items[row]] = true
                    let own = UnsafeBufferPointer(rebasing: all[(row * itemCount)..<((row + 1) * itemCount)])
                    result.add(scores: own, target: test[session][position + 1], seen: seen[session], k: k)
                }
            }
        }
        return result
    }

    /// The popularity baseline (POP): every session gets the most popular training items.
    public func popularityScore(k: Int) -> NextItemScore {
        let scores = popularity.map(Float.init)
        return evaluate(k: k) { _, sessions, _ in Array(repeating: scores, count: sessions.count).flatMap { $0 } }
    }

    /// The item-kNN baseline: neighbours of the current item.
    public func itemKNNScore(_ knn: SessionItemKNN, k: Int) -> NextItemScore {
        evaluate(k: k) { _, _, items in items.flatMap { knn.neighbours(of: $0) } }
    }
}
