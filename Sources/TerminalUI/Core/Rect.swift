// MARK: - Rect

/// A rectangle of cells: columns `x ..< x + width`, rows `y ..< y + height`.
///
/// Widths and heights are never negative: initialisers and helpers clamp them at zero, so a
/// rectangle that has been shrunk too far is simply empty.
public struct Rect: Hashable, Sendable, CustomStringConvertible {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    /// Creates a rectangle; negative sizes are clamped to zero.
    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }

    /// The empty rectangle at the origin.
    public static let zero = Rect(x: 0, y: 0, width: 0, height: 0)

    public var left: Int { x }
    public var top: Int { y }
    /// One past the last column.
    public var right: Int { x + width }
    /// One past the last row.
    public var bottom: Int { y + height }
    /// Number of cells.
    public var area: Int { width * height }
    /// `true` when the rectangle holds no cell.
    public var isEmpty: Bool { width == 0 || height == 0 }

    public var description: String { "Rect(x: \(x), y: \(y), width: \(width), height: \(height))" }

    /// Whether the cell (`column`, `row`) lies inside.
    public func contains(x column: Int, y row: Int) -> Bool {
        column >= x && column < right && row >= y && row < bottom
    }

    /// Whether `other` lies wholly inside (an empty rectangle lies inside any rectangle).
    public func contains(_ other: Rect) -> Bool {
        other.isEmpty || (other.x >= x && other.y >= y && other.right <= right && other.bottom <= bottom)
    }

    /// The overlap of two rectangles (empty, at the clamped corner, when they do not overlap).
    public func intersection(_ other: Rect) -> Rect {
        let left = max(x, other.x), top = max(y, other.y)
        let right = min(self.right, other.right), bottom = min(self.bottom, other.bottom)
        return Rect(x: left, y: top, width: right - left, height: bottom - top)
    }

    /// Shrunk by `amount` cells on every side.
    public func inset(by amount: Int) -> Rect {
        inset(top: amount, left: amount, bottom: amount, right: amount)
    }

    /// Shrunk by `horizontal` cells left and right and `vertical` cells top and bottom.
    public func inset(horizontal: Int, vertical: Int) -> Rect {
        inset(top: vertical, left: horizontal, bottom: vertical, right: horizontal)
    }

    /// Shrunk on each side separately; never grows past empty.
    public func inset(top: Int = 0, left: Int = 0, bottom: Int = 0, right: Int = 0) -> Rect {
        let newWidth = max(0, width - left - right)
        let newHeight = max(0, height - top - bottom)
        return Rect(x: x + min(left, width), y: y + min(top, height), width: newWidth, height: newHeight)
    }

    /// The top `rows` rows (clamped).
    public func topRows(_ rows: Int) -> Rect { Rect(x: x, y: y, width: width, height: min(height, rows)) }

    /// The bottom `rows` rows (clamped).
    public func bottomRows(_ rows: Int) -> Rect {
        let count = min(height, max(0, rows))
        return Rect(x: x, y: bottom - count, width: width, height: count)
    }

    /// The right `columns` columns (clamped).
    public func rightColumns(_ columns: Int) -> Rect {
        let count = min(width, max(0, columns))
        return Rect(x: right - count, y: y, width: count, height: height)
    }

    /// One row of this rectangle (empty if `index` is outside).
    public func row(_ index: Int) -> Rect {
        guard index >= 0, index < height else { return Rect(x: x, y: y, width: 0, height: 0) }
        return Rect(x: x, y: y + index, width: width, height: 1)
    }

    /// Split top-to-bottom by `constraints` (see ``Layout``).
    public func splitVertically(_ constraints: [Constraint], spacing: Int = 0) -> [Rect] {
        Layout(.vertical, constraints, spacing: spacing).split(self)
    }

    /// Split left-to-right by `constraints` (see ``Layout``).
    public func splitHorizontally(_ constraints: [Constraint], spacing: Int = 0) -> [Rect] {
        Layout(.horizontal, constraints, spacing: spacing).split(self)
    }

    /// A rectangle of at most `width` x `height` centred in this one.
    public func centered(width: Int, height: Int) -> Rect {
        let w = min(self.width, max(0, width)), h = min(self.height, max(0, height))
        return Rect(x: x + (self.width - w) / 2, y: y + (self.height - h) / 2, width: w, height: h)
    }
}
