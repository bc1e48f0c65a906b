// MARK: - Layout

/// Splits a rectangle into parts along one axis.
///
/// Space is handed out in two passes:
/// 1. in order, each `.fixed(n)`, `.percent(p)` and `.min(n)` part gets what it asks for, or what
///    is left if less (so the first parts win when the area is too small);
/// 2. the rest is shared among `.fill(w)` parts (weight `w`) and `.min` parts (weight 1), by
///    cumulative rounding so the shares add up exactly. With no flexible part the rest stays
///    unused at the end.
///
/// `spacing` cells separate neighbouring parts and are taken first, as far as they fit.
public struct Layout: Hashable, Sendable {
    public var direction: Direction
    public var constraints: [Constraint]
    public var spacing: Int

    /// Creates a layout.
    public init(_ direction: Direction, _ constraints: [Constraint], spacing: Int = 0) {
        self.direction = direction
        self.constraints = constraints
        self.spacing = max(0, spacing)
    }

    /// The parts of `area`, one per constraint, in order. Parts never overlap and never leave
    /// `area`; parts that get no space are empty.
    public func split(_ area: Rect) -> [Rect] {
        let total = direction == .vertical ? area.height : area.width
        let sizes = Layout.sizes(total: total, constraints: constraints, spacing: spacing)
        var rects: [Rect] = []
        rects.reserveCapacity(sizes.count)
        var position = 0
        for (index, size) in sizes.enumerated() {
            if index > 0 { position = Swift.min(total, position + spacing) }
            let clamped = Swift.min(size, total - position)
            switch direction {
            case .vertical:
                rects.append(Rect(x: area.x, y: area.y + position, width: area.width, height: clamped))
            case .horizontal:
                rects.append(Rect(x: area.x + position, y: area.y, width: clamped, height: area.height))
            }
            position += clamped
        }
        return rects
    }

    /// The length of each part along the axis for `total` cells.
    public static func sizes(total: Int, constraints: [Constraint], spacing: Int = 0) -> [Int] {
        let count = constraints.count
        guard count > 0 else { return [] }
        let gaps = Swift.max(0, spacing) * (count - 1)
        let available = Swift.max(0, total - gaps)
        var sizes = Array(repeating: 0, count: count)
        var remaining = available
        for (index, constraint) in constraints.enumerated() {
            let wanted: Int
            switch constraint {
            case .fixed(let n): wanted = Swift.max(0, n)
            case .percent(let p): wanted = available * Swift.min(100, Swift.max(0, p)) / 100
            case .min(let n): wanted = Swift.max(0, n)
            case .fill: wanted = 0
            }
            sizes[index] = Swift.min(wanted, remaining)
            remaining -= sizes[index]
        }
        let weights = constraints.map { constraint -> Int in
            switch constraint {
            case .fill(let weight): return Swift.max(0, weight)
            case .min: return 1
            default: return 0
            }
        }
        let totalWeight = weights.reduce(0, +)
        guard totalWeight > 0, remaining > 0 else { return sizes }
        var cumulative = 0
        var handedOut = 0
        for index in 0 ..< count where weights[index] > 0 {
            cumulative += weights[index]
            let upTo = remaining * cumulative / totalWeight
            sizes[index] += upTo - handedOut
            handedOut = upTo
        }
        return sizes
    }
}
