import TensorKit
import TerminalUI

/// One tensor of the tape, drawn to fit a box: its values when there are few, an image for
/// image-shaped tensors (`[N, C, H, W]`, `[N, H, W]`, or a matrix whose rows are square images
/// when asked), otherwise a heatmap with each cell the mean of a block of entries.
struct TensorView {
    let title: String
    let values: TapeValues
    /// "2/3": which of the row's tensors this is.
    let position: String
    let image: Int
    let channel: Int
    let rowsAsImages: Bool

    /// Values shown as numbers at most.
    static let listedLimit = 48

    /// How the tensor is laid out as images: count, channels, height, width (nil: not images).
    var imageLayout: (count: Int, channels: Int, height: Int, width: Int)? {
        let shape = values.shape
        switch shape.count {
        case 4 where shape[2] >= 4 && shape[3] >= 4: return (shape[0], shape[1], shape[2], shape[3])
        case 3 where shape[1] >= 4 && shape[2] >= 4: return (shape[0], 1, shape[1], shape[2])
        case 2 where rowsAsImages:
            let side = Int(Double(shape[1]).squareRoot().rounded())
            return side >= 4 && side * side == shape[1] ? (shape[0], 1, side, side) : nil
        default: return nil
        }
    }

    func render(into buffer: inout ScreenBuffer, area: Rect, _ context: ScreenContext) {
        let block = Block(title: title, rightTitle: position, isFocused: true, fillsBackground: true,
                          theme: context.theme, glyphs: context.glyphs)
        block.render(in: area, into: &buffer)
        let inner = block.inner(area)
        guard inner.width > 4, inner.height > 3 else { return }
        let summary = values.summary
        buffer.set(string: "\(shapeText(values.shape))  mean \(format(summary.mean))  std \(format(summary.standardDeviation))  "
                   + "min \(format(Double(summary.minimum)))  max \(format(Double(summary.maximum)))",
                   at: (inner.x, inner.y), style: context.theme.muted, clippedTo: inner)
        let body = Rect(x: inner.x, y: inner.y + 2, width: inner.width, height: inner.height - 2)
        guard let data = values.values else {
            buffer.set(string: "Not kept: \(summary.count) values is more than the tape copies; the summary is above.",
                       at: (body.x, body.y), style: context.theme.text, clippedTo: body)
            return
        }
        if let layout = imageLayout {
            renderImage(data, layout, into: &buffer, area: body, context)
        } else if data.count <= Self.listedLimit {
            renderList(data, into: &buffer, area: body, context)
        } else {
            renderHeatmap(data, into: &buffer, area: body, context)
        }
    }

    private func renderList(_ data: [Float], into buffer: inout ScreenBuffer, area: Rect, _ context: ScreenContext) {
        let columns = values.shape.last ?? 1
        let perRow = max(1, min(columns, area.width / 10))
        for (index, value) in data.enumerated() {
            let row = index / perRow, column = index % perRow
            guard row < area.height else { break }
            let text = format(Double(value))
            buffer.set(string: String(repeating: " ", count: max(0, 9 - text.count)) + text,
                       at: (area.x + column * 10, area.y + row), style: value.isFinite ? context.theme.text : context.theme.bad,
                       clippedTo: area)
        }
    }

    private func renderImage(_ data: [Float], _ layout: (count: Int, channels: Int, height: Int, width: Int),
                             into buffer: inout ScreenBuffer, area: Rect, _ context: ScreenContext) {
        let n = min(image, layout.count - 1), c = min(channel, layout.channels - 1)
        let size = layout.height * layout.width
        let start = (n * layout.channels + c) * size
        let pixels = Array(data[start..<start + size])
        let finite = pixels.filter(\.isFinite)
        let low = finite.min() ?? 0, high = finite.max() ?? 1
        let scaled = pixels.map { $0.isFinite ? (high > low ? ($0 - low) / (high - low) : 0.5) : 0 }
        buffer.set(string: "image \(n + 1) of \(layout.count)" + (layout.channels > 1 ? ", channel \(c + 1) of \(layout.channels)" : "")
                   + ", \(layout.height)x\(layout.width), black \(format(Double(low))) to white \(format(Double(high)))",
                   at: (area.x, area.y), style: context.theme.text, clippedTo: area)
        let picture = Rect(x: area.x, y: area.y + 1, width: area.width, height: area.height - 1)
        HalfBlockImage(pixels: scaled, width: layout.width, height: layout.height, theme: context.theme, glyphs: context.glyphs)
            .render(in: picture, into: &buffer)
    }

    /// Rows and columns of a matrix (a vector is one row; higher ranks fold into rows).
    var matrixShape: (rows: Int, columns: Int) {
        let shape = values.shape
        guard let last = shape.last else { return (1, 1) }
        return shape.count == 1 ? (1, last) : (shape.dropLast().reduce(1, *), last)
    }

    private func renderHeatmap(_ data: [Float], into buffer: inout ScreenBuffer, area: Rect, _ context: ScreenContext) {
        let (rows, columns) = matrixShape
        let cellRows = max(1, area.height - 2), cellColumns = max(1, area.width - 1)
        let rowBlock = (rows + cellRows - 1) / cellRows, columnBlock = (columns + cellColumns - 1) / cellColumns
        let shownRows = (rows + rowBlock - 1) / rowBlock, shownColumns = (columns + columnBlock - 1) / columnBlock
        var grid = [[Double]](repeating: [Double](repeating: 0, count: shownColumns), count: shownRows)
        for r in 0..<shownRows {
            for c in 0..<shownColumns {
                var sum = 0.0, count = 0
                for row in (r * rowBlock)..<min(rows, (r + 1) * rowBlock) {
                    for column in (c * columnBlock)..<min(columns, (c + 1) * columnBlock) {
                        let value = data[row * columns + column]
                        if value.isFinite { sum += Double(value); count += 1 }
                    }
                }
                grid[r][c] = count > 0 ? sum / Double(count) : .nan
            }
        }
        let note = rowBlock * columnBlock > 1 ? ", each cell the mean of \(rowBlock)x\(columnBlock) entries" : ""
        buffer.set(string: "\(rows) rows x \(columns) columns\(note)", at: (area.x, area.y), style: context.theme.text, clippedTo: area)
        Heatmap(values: grid, showsValues: false, cellWidth: 1, theme: context.theme, glyphs: context.glyphs)
            .render(in: Rect(x: area.x, y: area.y + 1, width: area.width, height: area.height - 1), into: &buffer)
    }
}
