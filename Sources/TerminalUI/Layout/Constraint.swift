// MARK: - Constraint

/// How much of a split one part asks for.
public enum Constraint: Hashable, Sendable {
    /// Exactly `n` cells (less if the area runs out).
    case fixed(Int)
    /// `p` percent of the space (after spacing), rounded down.
    case percent(Int)
    /// A share of what is left after the fixed, percent and min parts, in proportion to `weight`.
    case fill(Int)
    /// At least `n` cells, and it also takes a weight-1 share of what is left.
    case min(Int)
}

/// The axis along which a ``Layout`` splits.
public enum Direction: Hashable, Sendable {
    /// Parts stacked top to bottom.
    case vertical
    /// Parts side by side, left to right.
    case horizontal
}
