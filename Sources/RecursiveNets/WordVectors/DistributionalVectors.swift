import Foundation
import Datasets

/// Word vectors from unlabelled text by factorising a positive pointwise mutual information
/// matrix (Levy, Goldberg & Dagan 2015, "Improving distributional similarity with lessons
/// learned from word embeddings"): count how often each vocabulary word w meets each context c,
///
///     PPMI(w, c) = max(0, log( P(w, c) / (P(w) P_0.75(c)) )),   P_0.75(c) ∝ count(c)^0.75
///
/// then keep the top `dimension` left singular vectors scaled by √σ and put each row on the
/// unit sphere. The contexts come from WordNet (Miller 1995), which this project can fetch:
/// every word of a synset meets each token of its gloss and, as separate contexts, the other
/// words of the synset (its synonyms); and every vocabulary word in a gloss or in a training
/// sentence (its tokens only, no labels) meets the tokens within `window` positions of it.
///
/// Socher et al. (2011) start from vectors trained on Wikipedia (Collobert & Weston 2008);
/// these are a small-corpus stand-in for those.
public enum DistributionalVectors {
    /// `[vocabulary.count, dimension]`, row-major; words that meet no context (and `<unk>`) get
    /// a zero row, which the caller replaces.
    public static func make(vocabulary: Vocabulary, synsets: [WordNetSynset], sentences: [[String]], dimension: Int,
                            window: Int = 5, seed: UInt64 = 2011) -> [Float] {
        var counts = CooccurrenceCounts(vocabulary: vocabulary)
        for synset in synsets {
            let glossColumns = synset.glossTokens.map { counts.context($0) }
            for word in synset.words {
                let row = vocabulary.id(word)
                guard row != Vocabulary.unknownID else { continue }
                for column in glossColumns { counts.add(row: row, column: column) }
                for other in synset.words where other != word { counts.add(row: row, context: "=" + other) }
            }
            counts.addWindows(synset.glossTokens.map(vocabulary.id), tokens: synset.glossTokens, window: window)
        }
        for sentence in sentences { counts.addWindows(sentence.map(vocabulary.id), tokens: sentence, window: window) }
        let matrix = positivePMI(counts.matrix())
        let (vectors, values) = TruncatedSVD.leftVectors(of: matrix, rank: dimension, seed: seed)
        let rank = values.count
        var table = [Float](repeating: 0, count: vocabulary.count * dimension)
        for r in 0..<vocabulary.count {
            var norm: Float = 0
            for k in 0..<rank { let v = vectors[r * rank + k] * values[k].squareRoot(); table[r * dimension + k] = v; norm += v * v }
            let scale = norm > 1e-12 ? 1 / norm.squareRoot() : 0
            for k in 0..<rank { table[r * dimension + k] *= scale }
        }
        return table
    }

    /// PPMI with the context distribution raised to 0.75 (smoothing that keeps rare contexts
    /// from getting inflated PMI).
    static func positivePMI(_ counts: SparseMatrix) -> SparseMatrix {
        var rowTotals = [Double](repeating: 0, count: counts.rowCount)
        var contextTotals = [Double](repeating: 0, count: counts.columnCount)
        var total = 0.0
        for r in 0..<counts.rowCount {
            for e in counts.rowStarts[r]..<counts.rowStarts[r + 1] {
                let value = Double(counts.values[e])
                rowTotals[r] += value
                contextTotals[Int(counts.columns[e])] += value
                total += value
            }
        }
        let smoothed = contextTotals.map { $0 > 0 ? Foundation.pow($0, 0.75) : 0 }
        let smoothedTotal = smoothed.reduce(0, +)
        var result = counts
        for r in 0..<counts.rowCount {
            for e in counts.rowStarts[r]..<counts.rowStarts[r + 1] {
                let joint = Double(counts.values[e]) / total
                let context = smoothed[Int(counts.columns[e])] / smoothedTotal
                result.values[e] = Float(max(0, Foundation.log(joint / (rowTotals[r] / total * context))))
            }
        }
        return result
    }
}

/// Word-by-context co-occurrence counts with contexts named by strings. Each text is mapped
/// to context ids once; pairs are counted in an open-addressing table keyed by
/// `row << 32 | column` (the standard library's hashed dictionary was the bottleneck).
struct CooccurrenceCounts {
    let vocabulary: Vocabulary
    private var contextIDs: [String: Int] = [:]
    private var keys: [Int]
    private var counts: [Float]
    private var used = 0
    private var shift: Int

    /// `capacityBits`: the table starts with 2^bits slots and doubles at a load factor of 0.7.
    init(vocabulary: Vocabulary, capacityBits: Int = 22) {
        self.vocabulary = vocabulary
        keys = [Int](repeating: -1, count: 1 << capacityBits)
        counts = [Float](repeating: 0, count: 1 << capacityBits)
        shift = 64 - capacityBits
    }

    mutating func context(_ name: String) -> Int {
        if let known = contextIDs[name] { return known }
        contextIDs[name] = contextIDs.count
        return contextIDs.count - 1
    }

    mutating func add(row: Int, context name: String) { add(row: row, column: context(name)) }

    mutating func add(row: Int, column: Int) {
        let key = row << 32 | column
        var slot = self.slot(of: key)
        while keys[slot] != key {
            if keys[slot] < 0 { keys[slot] = key; used += 1; break }
            slot = (slot + 1) & (keys.count - 1)
        }
        counts[slot] += 1
        if used * 10 > keys.count * 7 { grow() }   // load factor 0.7
    }

    private mutating func grow() {
        let oldKeys = keys, oldCounts = counts
        keys = [Int](repeating: -1, count: oldKeys.count * 2)
        counts = [Float](repeating: 0, count: oldKeys.count * 2)
        used = 0
        shift -= 1
        for (slot, key) in oldKeys.enumerated() where key >= 0 {
            let value = oldCounts[slot]
            add(row: key >> 32, column: key & 0xFFFF_FFFF)
            counts[find(key)] += value - 1
        }
    }

    /// Fibonacci hashing: the top bits of key × 2⁶⁴/φ.
    private func slot(of key: Int) -> Int { Int(truncatingIfNeeded: (UInt64(bitPattern: Int64(key)) &* 0x9E37_79B9_7F4A_7C15) >> UInt64(shift)) }

    private func find(_ key: Int) -> Int {
        var slot = self.slot(of: key)
        while keys[slot] != key { slot = (slot + 1) & (keys.count - 1) }
        return slot
    }

    /// Every vocabulary word of the sequence (`ids`, `unknownID` for others) meets the tokens
    /// within `window` positions.
    mutating func addWindows(_ ids: [Int], tokens: [String], window: Int) {
        let columns = tokens.map { context($0) }
        for (position, row) in ids.enumerated() where row != Vocabulary.unknownID {
            for other in max(0, position - window)..<min(tokens.count, position + window + 1) where other != position {
                add(row: row, column: columns[other])
            }
        }
    }

    func matrix() -> SparseMatrix {
        let slots = keys.indices.filter { keys[$0] >= 0 }
        return SparseMatrix(keys: slots.map { keys[$0] }, values: slots.map { counts[$0] },
                            rowCount: vocabulary.count, columnCount: contextIDs.count)
    }
}
