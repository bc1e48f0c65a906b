import TensorKit

/// Session-parallel mini-batches (Hidasi et al. 2016, §3.1.1): `lanes` sessions are read side
/// by side, one event per step; the input is each lane's current event and the target its next
/// one. When a lane's session ends, the next session in the (seeded, shuffled) order takes its
/// place and the lane's hidden state must be reset. When every session has been handed out the
/// order is shuffled again and reading goes on, so every batch is full.
public struct SessionParallelBatches: Sendable {
    public struct Batch: Sendable, Equatable {
        public var inputs: [Int]
        public var targets: [Int]
        /// Lanes whose session starts at this step (their state must start from zero).
        public var started: [Bool]
    }

    public let sessions: [[Int]]
    public let lanes: Int
    private var order: [Int]
    private var nextInOrder = 0
    private var current: [Int]
    private var position: [Int]
    private var fresh: [Bool]
    private var generator: SeededGenerator

    public init(sessions: [[Int]], lanes: Int, seed: UInt64) {
        precondition(sessions.contains { $0.count >= 2 }, "no session with a next event")
        self.sessions = sessions
        self.lanes = lanes
        generator = SeededGenerator(seed: seed)
        order = Array(sessions.indices).filter { sessions[$0].count >= 2 }
        order.shuffle(using: &generator)
        current = []
        position = []
        fresh = []
        for _ in 0..<lanes {
            current.append(takeSession())
            position.append(0)
            fresh.append(true)
        }
    }

    private mutating func takeSession() -> Int {
        if nextInOrder == order.count {
            order.shuffle(using: &generator)
            nextInOrder = 0
        }
        defer { nextInOrder += 1 }
        return order[nextInOrder]
    }

    /// The next step's inputs and targets; lanes whose session is used up move on to the next one.
    public mutating func next() -> Batch {
        var batch = Batch(inputs: [], targets: [], started: fresh)
        for lane in 0..<lanes {
            let session = sessions[current[lane]]
            batch.inputs.append(session[position[lane]])
            batch.targets.append(session[position[lane] + 1])
            position[lane] += 1
            fresh[lane] = false
            if position[lane] + 1 >= session.count {
                current[lane] = takeSession()
                position[lane] = 0
                fresh[lane] = true
            }
        }
        return batch
    }
}
