import TensorKit

/// A lookup table of `count` vectors of size `dimension`: row i is the vector of id i.
public final class Embedding: ParameterContainer {
    public let table: Tensor

    public init(count: Int, dimension: Int, initializer: Initializer = .normal(standardDeviation: 0.1),
                using generator: inout SeededGenerator) {
        table = initializer.make([count, dimension], fanIn: 1, fanOut: dimension, using: &generator)
    }

    public var count: Int { table.shape[0] }
    public var dimension: Int { table.shape[1] }

    /// `[ids.count, dimension]`.
    public func callAsFunction(_ ids: [Int]) -> Tensor { table.gatherRows(ids) }

    /// One pooled vector per bag of ids (multi-hot fields): `[bags.count, dimension]`.
    public func bag(_ bags: [[Int]], mean: Bool = true) -> Tensor { table.embeddingBag(bags, mean: mean) }

    public var parameters: [NamedParameter] { [NamedParameter("table", table)] }
}
