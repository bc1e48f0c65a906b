import Datasets
import Foundation

/// Remembers the WordNet word vectors of each vocabulary for the life of the process, so a
/// restart, a second seed or the next test does not count and factorise the co-occurrences
/// again (about 3 s on one core). The vectors depend only on the vocabulary, the training
/// sentences and the dimension, not on the experiment's seed.
public final class WordVectorCache: @unchecked Sendable {
    public static let shared = WordVectorCache()
    private let lock = NSLock()
    private var tables: [Int: [Float]] = [:]

    /// `DistributionalVectors.make` for the corpus's vocabulary and training sentences, loading
    /// the WordNet synsets from `store` only when the table is not cached.
    public func vectors(for corpus: SentenceCorpus, dimension: Int, store: DataStore) throws -> [Float] {
        var hasher = Hasher()
        hasher.combine(corpus.vocabulary.words)
        hasher.combine(corpus.trainIndices)
        hasher.combine(dimension)
        let key = hasher.finalize()
        if let table = lock.withLock({ tables[key] }) { return table }
        let table = DistributionalVectors.make(vocabulary: corpus.vocabulary, synsets: try WordNetSynsets.load(store: store),
                                               sentences: corpus.trainIndices.map { corpus.tokens[$0] }, dimension: dimension)
        lock.withLock { tables[key] = table }
        return table
    }
}
