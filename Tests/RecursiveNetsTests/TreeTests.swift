import Testing
import TensorKit
@testable import RecursiveNets
import Datasets
import Foundation
import Lab
import TestSupport

@Suite struct TreeTests {
    @Test func fixedMergePlans() {
        #expect(TreeShape.rightBranching.mergePlan(count: 4) == [2, 1, 0])
        // Balanced over 5 words: ((w0 w1) w2) ((w3 w4)) -> merges (0,1), ((01),2), (3,4), root.
        #expect(TreeShape.balanced.mergePlan(count: 5) == [0, 0, 1, 0])
        #expect(TreeShape.balanced.mergePlan(count: 1) == [])
        #expect(TreeShape.greedy.mergePlan(count: 4) == [])
    }

    @Test func rightBranchingTreeShape() {
        let weights = AutoencoderGradientTests.weights()
        let forest = Forest(sentences: [[1, 2, 3]], weights: weights, shape: .rightBranching)
        let parsed = SentenceParser.read(forest, sentence: 0, tokens: ["a", "b", "c"], weights: weights)
        #expect(parsed.nodes.map(\.text) == ["a", "b", "c", "b c", "a b c"])
        #expect(parsed.nodes[4].children == [0, 3])
    }

    /// Every greedy merge is the cheapest of the pairs available at that moment: the first
    /// merge beats every initial pair, and each sentence gets n - 1 merges.
    @Test func greedyMergesTheCheapestPair() {
        let weights = AutoencoderGradientTests.weights(dimension: 6)
        let sentences = [[1, 2, 3, 4, 5, 6, 7], [3, 3, 1], [5]]
        let forest = Forest(sentences: sentences, weights: weights, shape: .greedy)
        for (s, sentence) in sentences.enumerated() {
            #expect(forest.merges[s].count == sentence.count - 1)
            guard let first = forest.merges[s].first else { continue }
            let leaves = forest.leaves[s]
            let initial = (0..<(leaves.count - 1)).map { i in
                (0..<forest.rowCount).first { forest.left[$0] == leaves[i] && forest.right[$0] == leaves[i + 1] }!
            }
            #expect(initial.allSatisfy { forest.errors[first] <= forest.errors[$0] })
            #expect(forest.wordCounts[forest.roots[s]] == sentence.count)
        }
        #expect(forest.roots[2] == forest.leaves[2][0])
        // Parents are unit vectors.
        for row in forest.merges[0] {
            let norm = forest.vector(row).reduce(0) { $0 + $1 * $1 }.squareRoot()
            #expect(Swift.abs(norm - 1) < 1e-5)
        }
    }

    @Test func batchingDoesNotChangeTrees() {
        let weights = AutoencoderGradientTests.weights(dimension: 5)
        let sentences = [[1, 2, 3, 4, 5, 6, 7], [3, 3, 1, 2], [5, 4]]
        let together = Forest(sentences: sentences, weights: weights, shape: .greedy)
        for (s, sentence) in sentences.enumerated() {
            let alone = Forest(sentences: [sentence], weights: weights, shape: .greedy)
            let a = SentenceParser.read(together, sentence: s, tokens: sentence.map(String.init), weights: weights)
            let b = SentenceParser.read(alone, sentence: 0, tokens: sentence.map(String.init), weights: weights)
            #expect(a.nodes.map(\.text) == b.nodes.map(\.text))
            #expect(zip(a.nodes, b.nodes).allSatisfy { Swift.abs($0.reconstructionError - $1.reconstructionError) < 1e-5 })
        }
    }
}

@Suite struct VocabularyTests {
    @Test func unknownWordsAndMinimumCount() {
        let vocabulary = Vocabulary(counting: [["good", "film", "good"], ["bad", "film"]], minimumCount: 2)
        #expect(vocabulary.words == ["<unk>", "film", "good"])
        #expect(vocabulary.ids(["good", "bad", "zebra"]) == [2, 0, 0])
    }

    @Test func vocabularyComesFromTrainingRowsOnly() {
        let sentences = (0..<20).map { i in
            LabeledSentence(label: i % 2, tokens: i % 10 == 9 ? ["only-in-test", "movie"] : ["movie", "word\(i % 3)"])
        }
        let corpus = SentenceCorpus.make(sentences, minimumCount: 1, trainSize: 3600, testSize: 400)
        #expect(corpus.trainIndices.count == 18 && corpus.testIndices == [9, 19])
        #expect(!corpus.vocabulary.contains("only-in-test"))
        #expect(corpus.sentences[9] == [0, corpus.vocabulary.id("movie")])
    }
}


@Suite struct SupportTests {
    @Test func fastTanhMatchesTanh() {
        let worst = stride(from: Float(-10), through: 10, by: 0.001).map { Swift.abs(fastTanh($0) - tanhf($0)) }.max()!
        #expect(worst < 1e-6)
    }

    @Test func lessonsLinkToRealExperimentsAndSettings() throws {
        let lessons = try LessonCatalog.load(from: RealData.projectRoot.appendingPathComponent("lessons"))
        let catalog = ExperimentCatalog(modules: [RecursiveNetsTopic.self])
        let titles = lessons.lessons(inTopic: "recursive-nets").map(\.title)
        #expect(titles.count == 6 && titles.contains("Word vectors from a dictionary") && titles.last == "Exercises", "\(titles)")
        #expect(LessonCatalog(lessons: lessons.lessons(inTopic: "recursive-nets")).problems(against: catalog) == [])
    }
}
