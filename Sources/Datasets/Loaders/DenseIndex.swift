/// A map from sparse ids (e.g. MovieLens user ids 1...943) to dense indices 0..<count,
/// in ascending id order, for embedding tables.
public struct DenseIndex: Sendable, Equatable {
    /// `ids[i]` is the id with dense index `i`; ascending.
    public let ids: [Int]
    private let positions: [Int: Int]

    /// Indexes the distinct values of `ids` in ascending order.
    public init<S: Sequence>(ids: S) where S.Element == Int {
        let sorted = Array(Set(ids)).sorted()
        self.ids = sorted
        var positions: [Int: Int] = [:]
        positions.reserveCapacity(sorted.count)
        for (index, id) in sorted.enumerated() { positions[id] = index }
        self.positions = positions
    }

    public var count: Int { ids.count }

    /// The dense index of `id`, or nil when the id is unknown.
    public func index(of id: Int) -> Int? { positions[id] }

    /// The id at a dense index.
    public func id(at index: Int) -> Int { ids[index] }
}
