import Foundation
import TensorKit

/// The trees of a batch of sentences, built together, in flat Float buffers (one row per node).
///
/// Rows `0..<leafCount` are the words; every later row is a candidate parent of two adjacent
/// subtrees. For a candidate with children c1, c2 (n1, n2 words under them):
///
///     x = [c1; c2]                         inputs        [rows, 2d]
///     h = tanh(W x + b)                    hidden        [rows, d]
///     p = h / |h|                          vectors       [rows, d]   (leaves: the word vector)
///     [c1'; c2'] = Wr p + br               reconstructions [rows, 2d]
///     E = n1/(n1+n2) |c1 - c1'|² + n2/(n1+n2) |c2 - c2'|²    errors [rows]
///
/// Greedy building (Socher et al. 2011): score every adjacent pair, merge the pair with the
/// lowest E, score the (at most two) new pairs next to the merged node, repeat. Each round
/// scores the new candidates of all sentences with two GEMMs, so a batch needs about as many
/// rounds as its longest sentence has words, not one small op per node.
public struct Forest {
    public let dimension: Int
    public private(set) var rowCount = 0
    public private(set) var leafCount = 0
    public var inputs: [Float] = []
    public var hidden: [Float] = []
    public var vectors: [Float] = []
    public var reconstructions: [Float] = []
    public var norms: [Float] = []
    public var errors: [Float] = []
    public var left: [Int] = []
    public var right: [Int] = []
    public var wordCounts: [Int] = []
    /// Leaf rows: the word id; other rows: -1.
    public var words: [Int] = []
    /// Per sentence: the chosen internal rows in merge order (children before parents).
    public var merges: [[Int]] = []
    /// Per sentence: its leaf rows.
    public var leaves: [[Int]] = []
    /// Per sentence: the root row.
    public var roots: [Int] = []

    /// Builds the trees of `sentences` (word ids; empty sentences get `<unk>`).
    public init(sentences: [[Int]], weights: WeightSnapshot, shape: TreeShape) {
        dimension = weights.dimension
        let sentences = sentences.map { $0.isEmpty ? [Vocabulary.unknownID] : $0 }
        let wordTotal = sentences.reduce(0) { $0 + $1.count }
        let candidatesPerMerge = shape == .greedy ? 3 : 1
        var capacity = wordTotal
        for sentence in sentences { capacity += candidatesPerMerge * max(sentence.count - 1, 0) }
        allocate(rows: capacity)
        build(sentences, weights: weights, shape: shape)
    }

    // MARK: - Building

    private mutating func allocate(rows: Int) {
        let d = dimension
        // Every row these hold is written before it is read (leaf rows of inputs, hidden and
        // reconstructions are never read), so they are not zeroed.
        func uninitialised(_ count: Int) -> [Float] { [Float](unsafeUninitializedCapacity: count) { $1 = count } }
        inputs = uninitialised(rows * 2 * d)
        hidden = uninitialised(rows * d)
        vectors = uninitialised(rows * d)
        reconstructions = uninitialised(rows * 2 * d)
        norms = [Float](repeating: 1, count: rows)
        errors = [Float](repeating: 0, count: rows)
        left = [Int](repeating: -1, count: rows)
        right = [Int](repeating: -1, count: rows)
        wordCounts = [Int](repeating: 1, count: rows)
        words = [Int](repeating: -1, count: rows)
    }

    private mutating func build(_ sentences: [[Int]], weights: WeightSnapshot, shape: TreeShape) {
        let d = dimension
        for sentence in sentences {
            var rows: [Int] = []
            for word in sentence {
                let row = rowCount
                rowCount += 1
                words[row] = word
                for j in 0..<d { vectors[row * d + j] = weights.embedding[word * d + j] }
                rows.append(row)
            }
            leaves.append(rows)
        }
        leafCount = rowCount
        merges = Array(repeating: [], count: sentences.count)
        // Per sentence: current subtrees, the candidate row for each adjacent pair (-1: none yet).
        var active = leaves
        var candidates = sentences.map { [Int](repeating: -1, count: max($0.count - 1, 0)) }
        let plans = sentences.map { shape.mergePlan(count: $0.count) }
        var pendingStart = rowCount
        for s in sentences.indices where active[s].count > 1 {
            if shape == .greedy {
                for i in 0..<(active[s].count - 1) { candidates[s][i] = addCandidate(active[s][i], active[s][i + 1]) }
            } else {
                let i = plans[s][0]
                candidates[s][i] = addCandidate(active[s][i], active[s][i + 1])
            }
        }
        while pendingStart < rowCount {
            score(rows: pendingStart..<rowCount, weights: weights)
            pendingStart = rowCount
            for s in sentences.indices where active[s].count > 1 {
                let i: Int
                if shape == .greedy {
                    i = candidates[s].indices.min { errors[candidates[s][$0]] < errors[candidates[s][$1]] }!
                } else {
                    i = plans[s][merges[s].count]
                }
                let parent = candidates[s][i]
                merges[s].append(parent)
                active[s][i] = parent
                active[s].remove(at: i + 1)
                candidates[s].remove(at: i)
                guard active[s].count > 1 else { continue }
                if shape == .greedy {
                    if i > 0 { candidates[s][i - 1] = addCandidate(active[s][i - 1], parent) }
                    if i < active[s].count - 1 { candidates[s][i] = addCandidate(parent, active[s][i + 1]) }
                } else {
                    let next = plans[s][merges[s].count]
                    candidates[s][next] = addCandidate(active[s][next], active[s][next + 1])
                }
            }
        }
        roots = active.map { $0[0] }
    }

    /// Appends a candidate parent of rows `a` and `b` (inputs filled in; scored later).
    private mutating func addCandidate(_ a: Int, _ b: Int) -> Int {
        let d = dimension
        let row = rowCount
        rowCount += 1
        left[row] = a
        right[row] = b
        wordCounts[row] = wordCounts[a] + wordCounts[b]
        for j in 0..<d {
            inputs[row * 2 * d + j] = vectors[a * d + j]
            inputs[row * 2 * d + d + j] = vectors[b * d + j]
        }
        return row
    }

    /// Computes h, p, the reconstruction and its error for the candidate `rows` (two GEMMs and
    /// straight loops over raw buffers; the arrays are moved out of `self` while they are worked on).
    private mutating func score(rows: Range<Int>, weights: WeightSnapshot) {
        let d = dimension, m = rows.count, first = rows.lowerBound
        var h = hidden, p = vectors, r = reconstructions
        hidden = []; vectors = []; reconstructions = []
        defer { hidden = h; vectors = p; reconstructions = r }
        h.withUnsafeMutableBufferPointer { h in
            p.withUnsafeMutableBufferPointer { p in
                r.withUnsafeMutableBufferPointer { r in
                    inputs.withUnsafeBufferPointer { x in
                        weights.encoderWeight.withUnsafeBufferPointer { w in
                            // h[m, d] = x[m, 2d] · Wᵀ
                            BLAS.gemm(transposeB: true, m: m, n: d, k: 2 * d, a: x.baseAddress! + first * 2 * d, lda: 2 * d,
                                      b: w.baseAddress!, ldb: 2 * d, c: h.baseAddress! + first * d, ldc: d)
                        }
                        weights.encoderBias.withUnsafeBufferPointer { b in
                            for row in rows {
                                let base = row * d
                                for j in 0..<d { h[base + j] = fastTanh(h[base + j] + b[j]) }   // vectorised
                                var sum: Float = 0
                                for j in 0..<d { sum += h[base + j] * h[base + j] }
                                let norm = max(sum.squareRoot(), 1e-6)
                                norms[row] = norm
                                let inverse = 1 / norm
                                for j in 0..<d { p[base + j] = h[base + j] * inverse }
                            }
                        }
                        weights.decoderWeight.withUnsafeBufferPointer { w in
                            // r[m, 2d] = p[m, d] · Wrᵀ
                            BLAS.gemm(transposeB: true, m: m, n: 2 * d, k: d, a: p.baseAddress! + first * d, lda: d,
                                      b: w.baseAddress!, ldb: d, c: r.baseAddress! + first * 2 * d, ldc: 2 * d)
                        }
                        weights.decoderBias.withUnsafeBufferPointer { b in
                            for row in rows {
                                let leftWeight = Float(wordCounts[left[row]]) / Float(wordCounts[row])
                                var leftError: Float = 0, rightError: Float = 0
                                let base = row * 2 * d
                                for j in 0..<d {
                                    let value = r[base + j] + b[j]
                                    r[base + j] = value
                                    leftError += (x[base + j] - value) * (x[base + j] - value)
                                }
                                for j in d..<(2 * d) {
                                    let value = r[base + j] + b[j]
                                    r[base + j] = value
                                    rightError += (x[base + j] - value) * (x[base + j] - value)
                                }
                                errors[row] = leftWeight * leftError + (1 - leftWeight) * rightError
                            }
                        }
                    }
                }
            }
        }
    }

    // MARK: - Reading

    /// Node vector of `row` as an array.
    public func vector(_ row: Int) -> [Float] { Array(vectors[(row * dimension)..<((row + 1) * dimension)]) }

    /// Every chosen row of sentence `s`: leaves, then parents in merge order.
    public func nodes(ofSentence s: Int) -> [Int] { leaves[s] + merges[s] }

    /// The leaf positions (first, last) a row covers, within its sentence.
    public func span(_ row: Int, leafOffset: Int) -> ClosedRange<Int> {
        if words[row] >= 0 { return (row - leafOffset)...(row - leafOffset) }
        return span(left[row], leafOffset: leafOffset).lowerBound...span(right[row], leafOffset: leafOffset).upperBound
    }
}
