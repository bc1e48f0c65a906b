import Datasets
import Foundation

/// A sentence with the tree a recursive autoencoder built over it.
public struct ParsedSentence: Sendable, Equatable {
    /// One node: a word (leaf) or a merge of two adjacent subtrees.
    public struct Node: Sendable, Equatable {
        /// The words under the node, space-separated.
        public var text: String
        /// Indices into `nodes` (empty for words).
        public var children: [Int]
        /// Weighted reconstruction error of the merge (0 for words).
        public var reconstructionError: Float
        /// p(positive) from the sentiment softmax; nil without a sentiment layer.
        public var positive: Float?
        /// A word the vocabulary lacks (the model reads it as `<unk>`).
        public var isUnknown = false
    }

    public var tokens: [String]
    /// Words first (in order), then merges in the order they were made; the root is last.
    public var nodes: [Node]
    public var root: Int { nodes.count - 1 }
    /// Whether a word of the sentence is not in the vocabulary.
    public var hasUnknownWords: Bool { nodes.contains { $0.isUnknown } }
}

/// Parses any text with a snapshot of a trained autoencoder (a Sendable value: the screen can
/// use it on its own thread while training continues).
public struct SentenceParser: Sendable {
    public let weights: WeightSnapshot
    public let vocabulary: Vocabulary
    public let shape: TreeShape

    public init(weights: WeightSnapshot, vocabulary: Vocabulary, shape: TreeShape) {
        self.weights = weights
        self.vocabulary = vocabulary
        self.shape = shape
    }

    /// Tokenises `text` like the polarity sentences (unknown words become `<unk>` for the
    /// model but keep their spelling in the tree) and builds its tree.
    public func parse(_ text: String) -> ParsedSentence {
        var tokens = Tokenizer.words(text)
        if tokens.isEmpty { tokens = [Vocabulary.unknownToken] }
        return parse(tokens: tokens)
    }

    /// Builds the tree over already tokenised words.
    public func parse(tokens: [String]) -> ParsedSentence {
        let ids = vocabulary.ids(tokens)
        let forest = Forest(sentences: [ids], weights: weights, shape: shape)
        var parsed = Self.read(forest, sentence: 0, tokens: tokens, weights: weights)
        for (position, id) in ids.enumerated() where id == Vocabulary.unknownID && tokens[position] != Vocabulary.unknownToken {
            parsed.nodes[position].isUnknown = true   // words come first, in order
        }
        return parsed
    }

    /// The nodes of sentence `s` of a forest.
    static func read(_ forest: Forest, sentence s: Int, tokens: [String], weights: WeightSnapshot) -> ParsedSentence {
        let rows = forest.nodes(ofSentence: s)
        let position = Dictionary(uniqueKeysWithValues: rows.enumerated().map { ($1, $0) })
        let offset = forest.leaves[s][0]
        let nodes = rows.map { row -> ParsedSentence.Node in
            let span = forest.span(row, leafOffset: offset)
            let isWord = forest.words[row] >= 0
            return ParsedSentence.Node(
                text: tokens[span].joined(separator: " "),
                children: isWord ? [] : [position[forest.left[row]]!, position[forest.right[row]]!],
                reconstructionError: isWord ? 0 : forest.errors[row],
                positive: weights.classCount == 2 ? weights.sentiment(of: forest.vector(row))[1] : nil)
        }
        return ParsedSentence(tokens: tokens, nodes: nodes)
    }

    /// The tree panel for any typed sentence.
    public func treePanel(for text: String) -> SentenceTreePanel {
        SentenceTreePanel(parsed: parse(text))
    }

    /// Phrases (merges of two or more words) of `pool` closest to `text` by cosine similarity
    /// of their vectors (all unit length, so a dot product), best first, distinct texts.
    public func nearestPhrases(to text: String, among pool: [[String]], count: Int = 10) -> [(phrase: String, similarity: Float)] {
        var queryTokens = Tokenizer.words(text)
        if queryTokens.isEmpty { queryTokens = [Vocabulary.unknownToken] }
        let query = Forest(sentences: [vocabulary.ids(queryTokens)], weights: weights, shape: shape)
        let target = query.vector(query.roots[0])
        let forest = Forest(sentences: pool.map(vocabulary.ids), weights: weights, shape: shape)
        let d = weights.dimension
        var scored: [String: Float] = [:]
        let queryText = queryTokens.joined(separator: " ")
        for s in pool.indices {
            let offset = forest.leaves[s].first ?? 0
            for row in forest.merges[s] {
                let phrase = pool[s][forest.span(row, leafOffset: offset)].joined(separator: " ")
                guard phrase != queryText else { continue }
                var dot: Float = 0
                for j in 0..<d { dot += forest.vectors[row * d + j] * target[j] }
                scored[phrase] = max(scored[phrase] ?? -2, dot)
            }
        }
        return scored.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .prefix(count).map { ($0.key, $0.value) }
    }

    /// The nearest-phrases panel for `text`.
    public func nearestPhrasesPanel(to text: String, among pool: [[String]], count: Int = 10) -> NearestPhrasesPanel {
        NearestPhrasesPanel(query: text, neighbours: nearestPhrases(to: text, among: pool, count: count))
    }
}
