/// MovieLens 100K cut into sessions, for session-based recommendation (Hidasi et al. 2016).
///
/// The rule: each user's ratings in time order (equal timestamps: file order) are cut wherever
/// two consecutive ratings lie more than `gap` seconds apart; a session of one rating is dropped
/// (it has no next item). The sessions are ordered by their first rating, and the last
/// `testShare` of them are the test sessions: every test session starts after every training
/// session, and no session is split. As in the paper, test events on items that no training
/// session holds are dropped, and test sessions left with fewer than two events too. User ids
/// are not kept: a session is all the model sees.
public struct SessionData: Sendable {
    public let itemCount: Int
    /// Item sequences, oldest first; training sessions in order of their start.
    public let train: [[Int]], test: [[Int]]
    /// Training events per item (the popularity ranking).
    public let popularity: [Int]
    public let gapSeconds: Int

    public static let defaultGapSeconds = 3600

    public init(_ data: RatingData, gapSeconds: Int = SessionData.defaultGapSeconds, testShare: Double = 0.1) {
        itemCount = data.itemCount
        self.gapSeconds = gapSeconds
        var rowsByUser = [[Int]](repeating: [], count: data.userCount)
        for row in data.users.indices { rowsByUser[data.users[row]].append(row) }
        var sessions: [(start: Int, firstRow: Int, items: [Int])] = []
        for rows in rowsByUser {
            let ordered = rows.sorted { (data.timestamps[$0], $0) < (data.timestamps[$1], $1) }
            var current: [Int] = []
            for (position, row) in ordered.enumerated() {
                if position > 0, data.timestamps[row] - data.timestamps[ordered[position - 1]] > gapSeconds {
                    sessions.append(Self.session(current, data))
                    current = []
                }
                current.append(row)
            }
            if !current.isEmpty { sessions.append(Self.session(current, data)) }
        }
        sessions = sessions.filter { $0.items.count >= 2 }.sorted { ($0.start, $0.firstRow) < ($1.start, $1.firstRow) }
        let cut = sessions.count - Int((Double(sessions.count) * testShare).rounded())
        train = sessions[..<cut].map(\.items)
        var popularity = [Int](repeating: 0, count: itemCount)
        for session in train { for item in session { popularity[item] += 1 } }
        self.popularity = popularity
        test = sessions[cut...].map { $0.items.filter { popularity[$0] > 0 } }.filter { $0.count >= 2 }
    }

    private static func session(_ rows: [Int], _ data: RatingData) -> (start: Int, firstRow: Int, items: [Int]) {
        (data.timestamps[rows[0]], rows[0], rows.map { data.items[$0] })
    }

    /// Training transitions (an event and the next one in its session).
    public var trainTransitions: Int { train.reduce(0) { $0 + $1.count - 1 } }
    /// Test predictions: one per test event that has a next event.
    public var testPredictions: Int { test.reduce(0) { $0 + $1.count - 1 } }
}

/// Next-item recall@K and MRR@K over test sessions (Hidasi et al. 2016, §4): the events of a
/// session are given one by one, and the next event's item is ranked among all items, except
/// those already in the session (a MovieLens user rates a film once). recall@K is the share of
/// predictions with the true item in the top K; MRR@K the mean of 1 / rank, 0 beyond K.
public struct NextItemScore: Sendable, Equatable {
    public var hits = 0.0, reciprocalRanks = 0.0, count = 0

    public init() {}

    /// Adds one prediction from the `scores` of all items; `seen[item]` marks the items left out.
    public mutating func add(scores: UnsafeBufferPointer<Float>, target: Int, seen: [Bool], k: Int) {
        let targetScore = scores[target]
        var rank = 0.0
        for (item, score) in scores.enumerated() where item != target && !seen[item] {
            if score > targetScore { rank += 1 } else if score == targetScore { rank += 0.5 }
        }
        count += 1
        if rank < Double(k) {
            hits += 1
            reciprocalRanks += 1 / (rank + 1)
        }
    }

    public var recall: Double { count == 0 ? 0 : hits / Double(count) }
    public var meanReciprocalRank: Double { count == 0 ? 0 : reciprocalRanks / Double(count) }
}
