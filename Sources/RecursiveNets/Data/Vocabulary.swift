/// Words to integer ids, built from training sentences only. Id 0 is the unknown-word token
/// `<unk>`: every word seen fewer than `minimumCount` times in training, and every word that
/// appears only in held-out or typed text, maps to it.
public struct Vocabulary: Sendable, Equatable {
    public static let unknownToken = "<unk>"
    public static let unknownID = 0

    /// The word of each id; `words[0]` is `<unk>`.
    public let words: [String]
    private let index: [String: Int]

    /// Counts the tokens of `sentences` and keeps the words seen at least `minimumCount` times,
    /// most frequent first (ties alphabetically, so the ids do not depend on hashing).
    public init(counting sentences: [[String]], minimumCount: Int) {
        var counts: [String: Int] = [:]
        for sentence in sentences { for word in sentence { counts[word, default: 0] += 1 } }
        let kept = counts.filter { $0.value >= max(1, minimumCount) && $0.key != Self.unknownToken }
            .sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .map(\.key)
        words = [Self.unknownToken] + kept
        index = Dictionary(uniqueKeysWithValues: words.enumerated().map { ($1, $0) })
    }

    /// The number of ids, `<unk>` included.
    public var count: Int { words.count }

    /// The id of `word`, or `unknownID`.
    public func id(_ word: String) -> Int { index[word] ?? Self.unknownID }

    public func ids(_ tokens: [String]) -> [Int] { tokens.map(id) }

    /// Whether `word` has its own id.
    public func contains(_ word: String) -> Bool { index[word] != nil }
}
