import TensorKit

/// The index batches of one epoch: `indices` (or 0..<count), shuffled with a seed derived
/// from `(seed, epoch)` when a seed is given, cut into batches of `batchSize`; the last short
/// batch is kept unless `dropLast`.
///
/// ```swift
/// for batch in Minibatches(indices: split.train, batchSize: 64, seed: 7, epoch: epoch) { ... }
/// ```
public struct Minibatches: Sequence, Sendable {
    public let order: [Int]
    public let batchSize: Int
    public let dropLast: Bool

    public init(indices: [Int], batchSize: Int, seed: UInt64? = nil, epoch: Int = 0, dropLast: Bool = false) {
        precondition(batchSize > 0, "batchSize must be positive")
        var order = indices
        if let seed {
            var generator = SeededGenerator(seed: Self.epochSeed(seed, epoch))
            Splits.shuffle(&order, using: &generator)
        }
        self.order = order
        self.batchSize = batchSize
        self.dropLast = dropLast
    }

    public init(count: Int, batchSize: Int, seed: UInt64? = nil, epoch: Int = 0, dropLast: Bool = false) {
        self.init(indices: Array(0..<Swift.max(count, 0)), batchSize: batchSize, seed: seed, epoch: epoch, dropLast: dropLast)
    }

    /// Number of batches in the epoch.
    public var batchCount: Int {
        dropLast ? order.count / batchSize : (order.count + batchSize - 1) / batchSize
    }

    public func makeIterator() -> AnyIterator<[Int]> {
        var batch = 0
        let total = batchCount
        return AnyIterator {
            guard batch < total else { return nil }
            let lower = batch * batchSize
            batch += 1
            return Array(order[lower..<Swift.min(lower + batchSize, order.count)])
        }
    }

    /// One generator seed per (seed, epoch): the epoch is mixed in with the golden-ratio constant.
    static func epochSeed(_ seed: UInt64, _ epoch: Int) -> UInt64 {
        seed ^ (UInt64(truncatingIfNeeded: epoch) &* 0x9E37_79B9_7F4A_7C15)
    }
}
