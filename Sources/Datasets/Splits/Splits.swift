import TensorKit

/// Row indices divided into a training part and a held-out part (test or validation).
public struct IndexSplit: Sendable, Equatable {
    public var train: [Int]
    public var test: [Int]

    public init(train: [Int], test: [Int]) {
        self.train = train
        self.test = test
    }
}

/// Deterministic ways to divide `count` rows. Every random choice uses `SeededGenerator`, so
/// the same seed gives the same split on every machine.
public enum Splits {
    /// Row `i` is held out when `i % modulus == testRemainder` ("row % 10 == 9 is test").
    /// Safe for files sorted by label, unlike a first/last cut.
    public static func moduloSplit(count: Int, modulus: Int, testRemainder: Int) -> IndexSplit {
        precondition(modulus > 0 && (0..<modulus).contains(testRemainder), "need 0 <= testRemainder < modulus")
        var split = IndexSplit(train: [], test: [])
        split.test.reserveCapacity(count / modulus + 1)
        split.train.reserveCapacity(count - count / modulus)
        for index in 0..<max(count, 0) {
            if index % modulus == testRemainder { split.test.append(index) } else { split.train.append(index) }
        }
        return split
    }

    /// A seeded random split: `round(count * testFraction)` rows held out, both parts in
    /// ascending order.
    public static func randomSplit(count: Int, testFraction: Double, seed: UInt64) -> IndexSplit {
        precondition((0...1).contains(testFraction), "testFraction must be in 0...1")
        let testCount = Int((Double(count) * testFraction).rounded())
        let order = shuffledIndices(count: count, seed: seed)
        return IndexSplit(train: order[testCount...].sorted(), test: order[..<testCount].sorted())
    }

    /// k-fold cross-validation: rows shuffled with `seed` and dealt into `folds` parts whose
    /// sizes differ by at most one; split `k` holds out part `k`. Indices ascending.
    public static func kFold(count: Int, folds: Int, seed: UInt64) -> [IndexSplit] {
        precondition(folds >= 2 && folds <= max(count, 2), "need 2 <= folds <= count")
        let order = shuffledIndices(count: count, seed: seed)
        return (0..<folds).map { fold in
            let lower = fold * count / folds
            let upper = (fold + 1) * count / folds
            let held = Set(order[lower..<upper])
            return IndexSplit(train: (0..<count).filter { !held.contains($0) }, test: order[lower..<upper].sorted())
        }
    }

    /// 0..<count in an order drawn by a Fisher-Yates shuffle from `SeededGenerator(seed:)`.
    public static func shuffledIndices(count: Int, seed: UInt64) -> [Int] {
        var generator = SeededGenerator(seed: seed)
        var indices = Array(0..<max(count, 0))
        shuffle(&indices, using: &generator)
        return indices
    }

    /// Fisher-Yates with the project's generator (the standard library's `shuffle(using:)`
    /// does not promise the same order across Swift versions).
    public static func shuffle<T>(_ array: inout [T], using generator: inout SeededGenerator) {
        guard array.count > 1 else { return }
        for index in stride(from: array.count - 1, to: 0, by: -1) {
            let other = generator.nextInt(below: index + 1)
            if other != index { array.swapAt(index, other) }
        }
    }
}
