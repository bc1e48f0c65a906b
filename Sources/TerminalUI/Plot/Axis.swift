import Foundation

// MARK: - Axis

/// How values map to positions along an axis.
public enum AxisScale: Hashable, Sendable {
    case linear
    /// Base-10 logarithmic; values that are not positive are skipped.
    case logarithmic
}

/// One axis of a plot: its title, optional fixed bounds and scale.
public struct Axis: Hashable, Sendable {
    public var title: String?
    /// Fixed bounds; `nil` fits the data (with ``padding`` on each side).
    public var bounds: ClosedRange<Double>?
    public var scale: AxisScale
    /// Fraction of the data range added on each side when fitting (0.05 = 5%).
    public var padding: Double
    /// The values are counts (steps, epochs): ticks fall on whole numbers (no 0.95 or 2.5), and a
    /// single value is shown with a whole number on each side.
    public var wholeNumbers: Bool

    /// Creates an axis.
    public init(title: String? = nil, bounds: ClosedRange<Double>? = nil, scale: AxisScale = .linear,
                padding: Double = 0, wholeNumbers: Bool = false) {
        self.title = title
        self.bounds = bounds
        self.scale = scale
        self.padding = padding
        self.wholeNumbers = wholeNumbers
    }

    /// Maps a data value into axis space (log10 for logarithmic); `nil` when it cannot be shown.
    @inline(__always)
    func transform(_ value: Double) -> Double? {
        guard value.isFinite else { return nil }
        switch scale {
        case .linear: return value
        case .logarithmic: return value > 0 ? log10(value) : nil
        }
    }

    /// The visible range in axis space: the fixed bounds, or the data range plus padding. A
    /// degenerate range is widened so it always has positive length.
    func resolvedRange(dataMin: Double?, dataMax: Double?) -> (low: Double, high: Double) {
        var low: Double, high: Double
        if let bounds, let fixedLow = transform(bounds.lowerBound), let fixedHigh = transform(bounds.upperBound) {
            low = fixedLow
            high = fixedHigh
        } else if let dataMin, let dataMax {
            let extra = (dataMax - dataMin) * padding
            low = dataMin - extra
            high = dataMax + extra
        } else {
            low = 0
            high = scale == .logarithmic ? 1 : 1
        }
        if !(high > low) {
            let widen = scale == .logarithmic ? 0.5 : (low == 0 || wholeNumbers ? 1 : abs(low) * 0.1)
            low -= widen
            high += widen
        }
        return (low, high)
    }

    /// Tick positions (in axis space) and their labels for the range, at most about `maxCount`.
    func ticks(low: Double, high: Double, maxCount: Int) -> [(position: Double, label: String)] {
        switch scale {
        case .linear:
            let values = Axis.niceTicks(low: low, high: high, maxCount: maxCount, wholeNumbers: wholeNumbers)
            return zip(values, NumberFormat.tickLabels(values)).map { ($0, $1) }
        case .logarithmic:
            if high - low >= 1 {
                let step = max(1, ceil(Axis.niceStep(range: high - low, maxCount: maxCount)))
                var result: [(Double, String)] = []
                var exponent = ceil(low / step) * step
                while exponent <= high + 1e-9 {
                    result.append((exponent, NumberFormat.compact(pow(10, exponent), significantDigits: 6)))
                    exponent += step
                }
                return result
            }
            let values = Axis.niceTicks(low: pow(10, low), high: pow(10, high), maxCount: maxCount)
                .filter { $0 > 0 }
            return zip(values, NumberFormat.tickLabels(values)).map { (log10($0), $1) }
        }
    }

    // MARK: - Nice numbers

    /// A step of 1, 2, 2.5 or 5 times a power of ten giving at most about `maxCount` ticks; with
    /// `wholeNumbers`, a whole step: at least 1, and 5 where 2.5 would give halves.
    static func niceStep(range: Double, maxCount: Int, wholeNumbers: Bool = false) -> Double {
        let rough = range / Double(max(1, maxCount - 1))
        guard rough > 0, rough.isFinite else { return 1 }
        if wholeNumbers && rough <= 1 { return 1 }
        let magnitude = pow(10, floor(log10(rough)))
        let residual = rough / magnitude * (1 - 1e-9)   // so 2.0000000000000004 still counts as 2
        let halves = wholeNumbers && magnitude < 10     // 2.5 x 1 is not whole
        let nice: Double = residual <= 1 ? 1 : residual <= 2 ? 2 : residual <= 2.5 && !halves ? 2.5 : residual <= 5 ? 5 : 10
        return nice * magnitude
    }

    /// Multiples of a nice step inside `low...high`.
    static func niceTicks(low: Double, high: Double, maxCount: Int, wholeNumbers: Bool = false) -> [Double] {
        guard high > low, maxCount >= 1 else { return [] }
        let step = niceStep(range: high - low, maxCount: maxCount, wholeNumbers: wholeNumbers)
        let first = ceil(low / step - 1e-9)
        var ticks: [Double] = []
        var index = 0.0
        while ticks.count < 1000 {
            var value = (first + index) * step
            if value > high + step * 1e-9 { break }
            if abs(value) < step * 1e-9 { value = 0 }
            ticks.append(value)
            index += 1
        }
        return ticks
    }
}
