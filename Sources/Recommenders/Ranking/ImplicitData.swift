import TensorKit

/// MovieLens 100K as implicit feedback, split leave-one-out by time (He et al. 2017, NCF):
/// every rating is an interaction; each user's latest interaction (ties: the later row) is held
/// out, the rest train. For evaluation each user's held-out item is ranked among 99 items the
/// user never rated, drawn with a seeded generator.
public struct ImplicitData: Sendable {
    public let userCount: Int, itemCount: Int
    /// Training interactions of each user, oldest first.
    public let history: [[Int]]
    /// Each user's held-out (latest) item.
    public let heldOut: [Int]
    /// 100 candidates per user: the held-out item first, then 99 sampled negatives.
    public let candidates: [[Int]]
    /// (user, item) training pairs, each user's in time order.
    public let trainUsers: [Int], trainItems: [Int]
    /// Each training pair's position in its user's history: `history[user][..<position]` is what
    /// the user rated before it.
    public let trainPositions: [Int]
    /// How many training interactions each item has (the popularity ranking).
    public let popularity: [Int]

    public static let negativeCount = 99

    public init(_ data: RatingData, seed: UInt64) {
        userCount = data.userCount
        itemCount = data.itemCount
        var rowsByUser = [[Int]](repeating: [], count: data.userCount)
        for row in data.users.indices { rowsByUser[data.users[row]].append(row) }
        var history = [[Int]](repeating: [], count: userCount), heldOut = [Int](repeating: 0, count: userCount)
        var trainUsers: [Int] = [], trainItems: [Int] = [], trainPositions: [Int] = []
        var popularity = [Int](repeating: 0, count: itemCount)
        for user in 0..<userCount {
            let rows = rowsByUser[user].sorted { (data.timestamps[$0], $0) < (data.timestamps[$1], $1) }
            guard let last = rows.last else { continue }
            heldOut[user] = data.items[last]
            history[user] = rows.dropLast().map { data.items[$0] }
            for (position, item) in history[user].enumerated() {
                trainUsers.append(user)
                trainItems.append(item)
                trainPositions.append(position)
                popularity[item] += 1
            }
        }
        var generator = SeededGenerator(seed: seed)
        let userTotal = data.userCount
        candidates = (0..<userTotal).map { user in
            let rated = Set(rowsByUser[user].map { data.items[$0] })
            var chosen: [Int] = [heldOut[user]], taken = Set<Int>()
            while chosen.count <= Self.negativeCount && rated.count + taken.count < data.itemCount {
                let item = generator.nextInt(below: data.itemCount)
                if !rated.contains(item) && taken.insert(item).inserted { chosen.append(item) }
            }
            return chosen
        }
        (self.history, self.heldOut, self.trainUsers, self.trainItems, self.trainPositions, self.popularity) =
            (history, heldOut, trainUsers, trainItems, trainPositions, popularity)
    }

    /// Users that have a held-out item (every user with at least one rating).
    public var evaluatedUsers: [Int] { (0..<userCount).filter { !history[$0].isEmpty } }

    /// Mean HR@k and NDCG@k when `score(user, candidates)` ranks each user's 100 candidates.
    public func hitRateAndNDCG(k: Int = 10, score: (Int, [Int]) -> [Float]) -> (hitRate: Double, ndcg: Double) {
        var hits = 0.0, gains = 0.0
        let users = evaluatedUsers
        for user in users {
            let rank = RecommenderMetrics.rankOfFirst(score(user, candidates[user]))
            let result = RecommenderMetrics.hitAndNDCG(rank: rank, k: k)
            hits += result.hit
            gains += result.ndcg
        }
        let n = Double(max(users.count, 1))
        return (hits / n, gains / n)
    }

    /// HR@k and NDCG@k of ranking candidates by training popularity.
    public func popularityBaseline(k: Int = 10) -> (hitRate: Double, ndcg: Double) {
        hitRateAndNDCG(k: k) { _, items in items.map { Float(popularity[$0]) } }
    }
}
