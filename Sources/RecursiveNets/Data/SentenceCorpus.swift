import Datasets

/// The sentences every recursive-net experiment trains on: the 4,000 polarity sentences (Pang &
/// Lee; row index % 10 == 9 is test, the standard split of this project, 3,600 / 400) and,
/// optionally, WordNet example sentences (unlabelled, for unsupervised training).
///
/// The vocabulary is counted over the training sentences only (polarity training rows plus the
/// WordNet sentences used); held-out words it lacks become `<unk>`.
public struct SentenceCorpus: Sendable {
    public let vocabulary: Vocabulary
    /// Polarity sentences as word ids (all 4,000, or the slice asked for).
    public let sentences: [[Int]]
    /// The same sentences as tokens (for panels).
    public let tokens: [[String]]
    /// 1 positive, 0 negative.
    public let labels: [Int]
    public let trainIndices: [Int]
    public let testIndices: [Int]
    /// WordNet example sentences as word ids (unlabelled).
    public let unlabeled: [[Int]]

    public init(vocabulary: Vocabulary, tokens: [[String]], labels: [Int], trainIndices: [Int], testIndices: [Int],
                unlabeledTokens: [[String]] = []) {
        self.vocabulary = vocabulary
        self.tokens = tokens
        sentences = tokens.map(vocabulary.ids)
        self.labels = labels
        self.trainIndices = trainIndices
        self.testIndices = testIndices
        unlabeled = unlabeledTokens.map(vocabulary.ids)
    }

    /// Loads the polarity sentences (and `wordNetCount` WordNet examples, every k-th one so the
    /// four parts of speech are all represented), keeping at most `trainSize` / `testSize` rows
    /// of each split (spread over the file: the first rows of each split in file order).
    public static func load(store: DataStore, minimumCount: Int, trainSize: Int = 3600, testSize: Int = 400,
                            wordNetCount: Int = 0) throws -> SentenceCorpus {
        let polarity = try PolaritySentences.load(store: store)
        var wordNet: [[String]] = []
        if wordNetCount > 0 {
            let examples = try WordNetExamples.load(store: store)
            let stride = max(1, examples.count / wordNetCount)
            wordNet = Array(Swift.stride(from: 0, to: examples.count, by: stride).prefix(wordNetCount).map { examples[$0].tokens })
        }
        return make(polarity, minimumCount: minimumCount, trainSize: trainSize, testSize: testSize, unlabeled: wordNet)
    }

    /// Builds the split and the vocabulary from loaded sentences.
    public static func make(_ polarity: [LabeledSentence], minimumCount: Int, trainSize: Int, testSize: Int,
                            unlabeled: [[String]] = []) -> SentenceCorpus {
        let tokens = polarity.map { $0.tokens.map { $0.lowercased() } }
        let train = Array(polarity.indices.filter { $0 % 10 != 9 }.prefix(trainSize))
        let test = Array(polarity.indices.filter { $0 % 10 == 9 }.prefix(testSize))
        let vocabulary = Vocabulary(counting: train.map { tokens[$0] } + unlabeled, minimumCount: minimumCount)
        return SentenceCorpus(vocabulary: vocabulary, tokens: tokens, labels: polarity.map(\.label),
                              trainIndices: train, testIndices: test, unlabeledTokens: unlabeled)
    }

    /// Typed text as word ids, tokenised the way the polarity sentences are (lowercase words,
    /// punctuation split off).
    public func ids(ofTyped text: String) -> (tokens: [String], ids: [Int]) {
        let words = Tokenizer.words(text)
        return (words, vocabulary.ids(words))
    }
}
