import Foundation
import Testing
import Datasets
import TensorKit
import TestSupport
@testable import RecursiveNets

/// The linear algebra behind the WordNet word vectors, on hand-made matrices, and the vectors
/// themselves on the real WordNet and polarity sentences.
@Suite struct WordVectorTests {
    @Test func jacobiFindsTheEigenpairsOfASymmetricMatrix() {
        // [[2, 1], [1, 2]] has eigenvalues 3 (along [1, 1]) and 1 (along [1, -1]).
        let (values, vectors) = SymmetricEigen.decompose([2, 1, 1, 2], size: 2)
        let order = values.indices.sorted { values[$0] > values[$1] }
        #expect(abs(values[order[0]] - 3) < 1e-9 && abs(values[order[1]] - 1) < 1e-9)
        let top = [vectors[0 * 2 + order[0]], vectors[1 * 2 + order[0]]]
        #expect(abs(abs(top[0]) - 0.5.squareRoot()) < 1e-9 && top[0] * top[1] > 0)
        // A 4x4 matrix: A v = λ v for every returned pair.
        let a: [Double] = [4, 1, 0, 2, 1, 3, 1, 0, 0, 1, 2, 1, 2, 0, 1, 5]
        let (lambda, v) = SymmetricEigen.decompose(a, size: 4)
        for k in 0..<4 {
            for i in 0..<4 {
                let product = (0..<4).reduce(0.0) { $0 + a[i * 4 + $1] * v[$1 * 4 + k] }
                #expect(abs(product - lambda[k] * v[i * 4 + k]) < 1e-8)
            }
        }
    }

    @Test func truncatedSVDRecoversTheLeadingSingularPairs() {
        // A 6x8 matrix with singular values 5, 3, 1 on permuted rows and columns.
        let entries: [(Int, Int, Float)] = [(4, 6, 5), (1, 2, -3), (3, 0, 1)]
        let matrix = SparseMatrix(keys: entries.map { $0.0 << 32 | $0.1 }, values: entries.map(\.2), rowCount: 6, columnCount: 8)
        let (vectors, values) = TruncatedSVD.leftVectors(of: matrix, rank: 2, oversampling: 2, seed: 7)
        #expect(values.count == 2 && abs(values[0] - 5) < 1e-4 && abs(values[1] - 3) < 1e-4)
        #expect(abs(abs(vectors[4 * 2 + 0]) - 1) < 1e-4, "the first left vector is ±e4")
        #expect(abs(abs(vectors[1 * 2 + 1]) - 1) < 1e-4, "the second left vector is ±e1")
    }

    @Test func sparseProductsMatchDenseOnes() {
        let entries: [(Int, Int, Float)] = [(0, 1, 2), (2, 0, -1), (1, 2, 3), (0, 2, 0.5)]
        let matrix = SparseMatrix(keys: entries.map { $0.0 << 32 | $0.1 }, values: entries.map(\.2), rowCount: 3, columnCount: 3)
        #expect(matrix.rowStarts == [0, 2, 3, 4])
        // A = [[0, 2, .5], [0, 0, 3], [-1, 0, 0]], x = [[1, 2], [3, 4], [5, 6]]
        let x: [Float] = [1, 2, 3, 4, 5, 6]
        #expect(matrix.multiply(x, width: 2) == [8.5, 11, 15, 18, -1, -2])
        #expect(matrix.multiplyTransposed(x, width: 2) == [-5, -6, 2, 4, 9.5, 13])
    }

    @Test func cooccurrenceTableGrowsAndCountsLikeADictionary() {
        let vocabulary = Vocabulary(counting: [(0..<40).map { "w\($0)" }], minimumCount: 1)
        var counts = CooccurrenceCounts(vocabulary: vocabulary, capacityBits: 3)
        var expected: [Int: Float] = [:]
        var generator = SeededGenerator(seed: 5)
        for _ in 0..<2000 {
            let row = 1 + Int(generator.nextUniform() * 40) % 40, context = Int(generator.nextUniform() * 60) % 60
            counts.add(row: row, context: "c\(context)")
            expected[row << 32 | context, default: 0] += 1
        }
        let matrix = counts.matrix()
        #expect(matrix.nonzeroCount == expected.count && matrix.rowCount == vocabulary.count)
        // Contexts were numbered in order of first appearance; map names back through the rows.
        #expect(matrix.values.reduce(0, +) == 2000)
        for row in 0..<matrix.rowCount {
            let stored = matrix.values[matrix.rowStarts[row]..<matrix.rowStarts[row + 1]].reduce(0, +)
            let truth = expected.filter { $0.key >> 32 == row }.values.reduce(0, +)
            #expect(stored == truth, "row \(row)")
        }
    }

    @Test func positivePMIMatchesTheFormula() {
        // counts [[2, 1], [0, 1]]: total 4; P(w0) = 3/4; context totals 2, 2 (equal after ^0.75).
        let matrix = SparseMatrix(keys: [0 << 32 | 0, 0 << 32 | 1, 1 << 32 | 1], values: [2, 1, 1], rowCount: 2, columnCount: 2)
        let ppmi = DistributionalVectors.positivePMI(matrix)
        #expect(abs(ppmi.values[0] - Float(log((2.0 / 4) / (0.75 * 0.5)))) < 1e-6)
        #expect(ppmi.values[1] == 0, "log((1/4) / (3/4 · 1/2)) < 0 is clipped")
        #expect(abs(ppmi.values[2] - Float(log((1.0 / 4) / (0.25 * 0.5)))) < 1e-6)
    }

    /// On the real data, WordNet synonyms end up closer than random pairs of the same words.
    @Test func realVectorsPutSynonymsCloserThanRandomPairs() throws {
        let store = try RealData.store()
        let corpus = try SentenceCorpus.load(store: store, minimumCount: 2, trainSize: 1200, testSize: 10)
        let d = 30
        let table = try WordVectorCache.shared.vectors(for: corpus, dimension: d, store: store)
        let vocabulary = corpus.vocabulary
        func cosine(_ a: Int, _ b: Int) -> Float { (0..<d).reduce(0) { $0 + table[a * d + $1] * table[b * d + $1] } }
        var pairs: [(Int, Int)] = []
        for synset in try WordNetSynsets.load(store: store) where synset.partOfSpeech == "a" || synset.partOfSpeech == "s" {
            let ids = Set(synset.words.map(vocabulary.id)).subtracting([Vocabulary.unknownID]).sorted()
            if ids.count >= 2 { pairs.append((ids[0], ids[1])) }
        }
        #expect(pairs.count > 50)
        let synonyms = pairs.map { cosine($0.0, $0.1) }.reduce(0, +) / Float(pairs.count)
        let shuffled = pairs.indices.map { (pairs[$0].0, pairs[(($0 * 7919) + 13) % pairs.count].1) }
        let random = shuffled.map { cosine($0.0, $0.1) }.reduce(0, +) / Float(shuffled.count)
        #expect(synonyms > random + 0.1, "synonyms \(synonyms), random pairs \(random)")
        let rows = (1..<vocabulary.count).map { row in (0..<d).reduce(Float(0)) { $0 + table[row * d + $1] * table[row * d + $1] } }
        #expect(rows.filter { abs($0 - 1) < 1e-3 }.count > vocabulary.count * 9 / 10, "rows are unit vectors")
    }
}
