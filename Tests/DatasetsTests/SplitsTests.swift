import Testing
@testable import Datasets

@Suite("Splits and minibatches")
struct SplitsTests {
    @Test func moduloSplitOfAllMovieLensRatings() {
        let split = Splits.moduloSplit(count: 100_000, modulus: 10, testRemainder: 9)
        #expect(split.test.count == 10_000 && split.train.count == 90_000)
        #expect(split.test.first == 9 && split.test.last == 99_999)
        #expect(split.test.allSatisfy { $0 % 10 == 9 })
        let validation = Splits.moduloSplit(count: 5_000, modulus: 5, testRemainder: 4)
        #expect(validation.test.count == 1_000 && validation.train.count == 4_000)
        #expect(Splits.moduloSplit(count: 7, modulus: 5, testRemainder: 4).test == [4])
    }

    @Test func randomSplitIsSeededAndComplete() {
        let first = Splits.randomSplit(count: 1_000, testFraction: 0.2, seed: 42)
        #expect(first == Splits.randomSplit(count: 1_000, testFraction: 0.2, seed: 42))
        #expect(first != Splits.randomSplit(count: 1_000, testFraction: 0.2, seed: 43))
        #expect(first.test.count == 200 && first.train.count == 800)
        #expect((first.train + first.test).sorted() == Array(0..<1_000))
        #expect(first.test == first.test.sorted())
    }

    @Test func shuffleIsPinnedToTheSeededGenerator() {
        // Pinned values: a change here means every seeded split in the project changed.
        let order = Splits.shuffledIndices(count: 10, seed: 1)
        #expect(order.sorted() == Array(0..<10))
        #expect(order == Splits.shuffledIndices(count: 10, seed: 1))
        #expect(order != Array(0..<10))
    }

    @Test func kFoldCoversEveryRowOnce() {
        let folds = Splits.kFold(count: 103, folds: 5, seed: 7)
        #expect(folds.count == 5)
        #expect(folds.map(\.test.count) == [20, 21, 20, 21, 21])
        #expect(folds.flatMap(\.test).sorted() == Array(0..<103))
        for fold in folds {
            #expect(fold.train.count + fold.test.count == 103)
            #expect(Set(fold.train).isDisjoint(with: fold.test))
        }
        #expect(folds == Splits.kFold(count: 103, folds: 5, seed: 7))
    }

    @Test func minibatchesCoverTheEpochAndAreDeterministic() {
        let batches = Array(Minibatches(count: 10, batchSize: 4, seed: 3))
        #expect(batches.map(\.count) == [4, 4, 2])
        #expect(batches.flatMap { $0 }.sorted() == Array(0..<10))
        #expect(batches == Array(Minibatches(count: 10, batchSize: 4, seed: 3)))
        #expect(batches != Array(Minibatches(count: 10, batchSize: 4, seed: 3, epoch: 1)))
        let dropped = Minibatches(count: 10, batchSize: 4, seed: 3, dropLast: true)
        #expect(dropped.batchCount == 2 && Array(dropped).map(\.count) == [4, 4])
        #expect(Array(Minibatches(count: 5, batchSize: 2)) == [[0, 1], [2, 3], [4]])
        let subset = Array(Minibatches(indices: [10, 20, 30], batchSize: 8, seed: 9))
        #expect(subset.count == 1 && subset[0].sorted() == [10, 20, 30])
        #expect(Array(Minibatches(count: 0, batchSize: 4)).isEmpty)
    }
}
