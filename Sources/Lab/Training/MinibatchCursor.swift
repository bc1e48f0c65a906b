import TensorKit

/// Hands out minibatches of example indices, reshuffling (seeded) at every epoch. The batch size
/// may change between calls (a live setting); an epoch is one pass over the indices.
public struct MinibatchCursor: Sendable {
    public let indices: [Int]
    private var order: [Int]
    private var position = 0
    private var generator: SeededGenerator
    public private(set) var batchSize: Int

    public init(indices: [Int], batchSize: Int, seed: UInt64) {
        precondition(!indices.isEmpty, "no examples to train on")
        self.indices = indices
        self.batchSize = max(1, batchSize)
        generator = SeededGenerator(seed: seed)
        order = indices
        order.shuffle(using: &generator)
    }

    /// Steps in one epoch at the current batch size (the last batch may be smaller).
    public var stepsPerEpoch: Int { (indices.count + batchSize - 1) / batchSize }

    /// The next batch; after the last one of an epoch the order is shuffled again.
    public mutating func next(batchSize newSize: Int? = nil) -> [Int] {
        if let newSize, newSize != batchSize, position == 0 { batchSize = max(1, newSize) }
        let end = min(position + batchSize, order.count)
        let batch = Array(order[position..<end])
        position = end
        if position >= order.count {
            position = 0
            order.shuffle(using: &generator)
        }
        return batch
    }
}
