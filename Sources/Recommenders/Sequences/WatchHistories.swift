/// MovieLens 100K as watch histories split by time: each user's ratings in time order (equal
/// timestamps: file order, as `ImplicitData`), the last `heldOut` of each user held out as the
/// "later items" to predict, the earlier ones for training. With `heldOut: 1` this is exactly
/// `ImplicitData`'s leave-one-out split (the same held-out item and training history per user),
/// so models on either can be compared.
public struct WatchHistories: Sendable {
    public let userCount: Int, itemCount: Int
    /// Each user's training items and their timestamps, oldest first.
    public let history: [[Int]], times: [[Int]]
    /// Each user's held-out later items, oldest first.
    public let heldOut: [[Int]]
    /// Training interactions per item.
    public let popularity: [Int]
    /// The first and last training timestamps (t_max is "now" for the example age).
    public let firstTime: Int, lastTime: Int

    public init(_ data: RatingData, heldOut count: Int) {
        userCount = data.userCount
        itemCount = data.itemCount
        var rowsByUser = [[Int]](repeating: [], count: data.userCount)
        for row in data.users.indices { rowsByUser[data.users[row]].append(row) }
        var history: [[Int]] = [], times: [[Int]] = [], heldOut: [[Int]] = []
        var popularity = [Int](repeating: 0, count: itemCount)
        var firstTime = Int.max, lastTime = Int.min
        for rows in rowsByUser {
            let ordered = rows.sorted { (data.timestamps[$0], $0) < (data.timestamps[$1], $1) }
            // Keep at least one training item per user.
            let split = max(ordered.count - count, min(1, ordered.count))
            let training = ordered[..<split]
            history.append(training.map { data.items[$0] })
            times.append(training.map { data.timestamps[$0] })
            heldOut.append(ordered[split...].map { data.items[$0] })
            for row in training {
                popularity[data.items[row]] += 1
                firstTime = min(firstTime, data.timestamps[row])
                lastTime = max(lastTime, data.timestamps[row])
            }
        }
        (self.history, self.times, self.heldOut, self.popularity) = (history, times, heldOut, popularity)
        (self.firstTime, self.lastTime) = (firstTime == .max ? 0 : firstTime, lastTime == .min ? 0 : lastTime)
    }

    /// Users with held-out items (the evaluated ones).
    public var evaluatedUsers: [Int] { (0..<userCount).filter { !heldOut[$0].isEmpty && !history[$0].isEmpty } }

    /// Training examples (user, position): the item at `position` is the label; position 0 has no
    /// earlier item and is not an example.
    public var examples: [(user: Int, position: Int)] {
        history.indices.flatMap { user in (1..<max(history[user].count, 1)).map { (user, $0) } }
    }

    /// The bag of items a training example sees: with `leaky` false the `bagSize` items just
    /// before the label (Covington et al.'s "rollback", Fig. 5b); with `leaky` true the user's
    /// whole training history except the label, its latest `bagSize` items (Fig. 5a: later
    /// items leak into the context).
    public func context(user: Int, position: Int, bagSize: Int, leaky: Bool) -> [Int] {
        let items = history[user]
        guard leaky else { return Array(items[max(0, position - bagSize)..<position]) }
        var bag = Array(items.suffix(bagSize + 1))
        let labelIndexInBag = position - (items.count - bag.count)
        if labelIndexInBag >= 0 { bag.remove(at: labelIndexInBag) } else { bag.removeFirst() }
        return bag
    }

    /// The context at serving time: the user's latest `bagSize` training items.
    public func servingContext(user: Int, bagSize: Int) -> [Int] { Array(history[user].suffix(bagSize)) }

    /// recall@k (the share of a user's held-out items in their top k, averaged over users) and
    /// HR@k (the share of users with at least one held-out item in their top k), ranking all
    /// items the user has not rated in training by `scores(user)`.
    public func recallAndHitRate(k: Int, users: [Int], scores: (Int) -> [Float]) -> (recall: Double, hitRate: Double) {
        var recall = 0.0, hits = 0.0
        for user in users {
            let top = Set(RecommenderMetrics.topK(scores(user), k: k, excluding: Set(history[user])))
            let found = heldOut[user].filter { top.contains($0) }.count
            recall += Double(found) / Double(heldOut[user].count)
            if found > 0 { hits += 1 }
        }
        let n = Double(max(users.count, 1))
        return (recall / n, hits / n)
    }
}
