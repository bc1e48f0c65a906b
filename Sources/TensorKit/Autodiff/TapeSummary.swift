/// Summary statistics of a tensor's values, as a tape shows them.
///
/// The moments, extremes, norm and histogram are taken over the finite values only; NaNs and
/// infinities are counted apart, so one NaN does not hide what the rest look like.
/// Mean and variance accumulate in `Double`: mean = Σx / n, standard deviation =
/// sqrt(Σx² / n − mean²) (population form), norm = sqrt(Σx²).
public struct TapeSummary: Hashable, Sendable {
    /// All values, finite or not.
    public var count: Int
    /// Values that are NaN.
    public var nanCount: Int
    /// Values that are +∞ or −∞.
    public var infinityCount: Int
    /// Mean of the finite values (0 when there are none).
    public var mean: Double
    /// Population standard deviation of the finite values.
    public var standardDeviation: Double
    /// Smallest finite value (0 when there are none).
    public var minimum: Float
    /// Largest finite value (0 when there are none).
    public var maximum: Float
    /// Euclidean norm of the finite values, sqrt(Σx²).
    public var norm: Double
    /// Counts of the finite values in equal bins spanning [minimum, maximum]; when all finite
    /// values are equal they all fall in the first bin.
    public var histogram: [Int]

    /// Values that are NaN or infinite.
    public var nonFiniteCount: Int { nanCount + infinityCount }
    /// Whether any value is NaN or infinite.
    public var hasNonFinite: Bool { nonFiniteCount > 0 }
    /// Values that are finite.
    public var finiteCount: Int { count - nonFiniteCount }
    /// Root mean square of the finite values, norm / sqrt(finite count) (0 when there are none).
    public var rootMeanSquare: Double { finiteCount > 0 ? norm / Double(finiteCount).squareRoot() : 0 }

    /// Summarises `values` with `bins` histogram bins.
    public init(of values: UnsafeBufferPointer<Float>, bins: Int = 16) {
        precondition(bins >= 1, "a histogram needs at least one bin")
        var nan = 0, infinite = 0
        var sum = 0.0, sumOfSquares = 0.0
        var low = Float.infinity, high = -Float.infinity
        for value in values {
            if value.isNaN { nan += 1; continue }
            if value.isInfinite { infinite += 1; continue }
            let x = Double(value)
            sum += x
            sumOfSquares += x * x
            if value < low { low = value }
            if value > high { high = value }
        }
        let finite = values.count - nan - infinite
        count = values.count
        nanCount = nan
        infinityCount = infinite
        norm = sumOfSquares.squareRoot()
        histogram = [Int](repeating: 0, count: bins)
        guard finite > 0 else {
            mean = 0; standardDeviation = 0; minimum = 0; maximum = 0
            return
        }
        mean = sum / Double(finite)
        standardDeviation = Swift.max(0, sumOfSquares / Double(finite) - mean * mean).squareRoot()
        minimum = low
        maximum = high
        let width = Double(high) - Double(low)
        let scale = width > 0 ? Double(bins) / width : 0
        for value in values where value.isFinite {
            let bin = Int((Double(value) - Double(low)) * scale)
            histogram[Swift.min(bin, bins - 1)] += 1
        }
    }

    /// Summarises an array of values.
    public init(of values: [Float], bins: Int = 16) {
        self = values.withUnsafeBufferPointer { TapeSummary(of: $0, bins: bins) }
    }
}
