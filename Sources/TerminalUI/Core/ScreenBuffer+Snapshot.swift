// MARK: - Text snapshots and diffs

/// One cell that differs between two frames: what a backend must draw at (x, y).
public struct CellChange: Hashable, Sendable {
    public var x: Int
    public var y: Int
    public var cell: Cell

    public init(x: Int, y: Int, cell: Cell) {
        self.x = x
        self.y = y
        self.cell = cell
    }
}

extension ScreenBuffer {
    /// The characters of each row as a string (continuation cells skipped), for text snapshots.
    /// - Parameter trimmingTrailingSpaces: drop spaces at the end of each row (default `true`).
    public func lines(trimmingTrailingSpaces: Bool = true) -> [String] {
        var result: [String] = []
        result.reserveCapacity(height)
        for row in 0 ..< height {
            var line = ""
            line.reserveCapacity(width)
            let base = row * width
            for column in 0 ..< width where !cells[base + column].isContinuation {
                line.append(cells[base + column].character)
            }
            if trimmingTrailingSpaces {
                while line.last == " " { line.removeLast() }
            }
            result.append(line)
        }
        return result
    }

    /// The cells that changed since `previous`, in row-major order; every non-continuation cell
    /// when the sizes differ. Continuation cells are never listed: drawing the wide character
    /// before them covers them.
    public func diff(from previous: ScreenBuffer) -> [CellChange] {
        var changes: [CellChange] = []
        let sameSize = previous.width == width && previous.height == height
        for row in 0 ..< height {
            let base = row * width
            for column in 0 ..< width {
                let cell = cells[base + column]
                if cell.isContinuation { continue }
                if sameSize && previous.cells[base + column] == cell { continue }
                changes.append(CellChange(x: column, y: row, cell: cell))
            }
        }
        return changes
    }
}
