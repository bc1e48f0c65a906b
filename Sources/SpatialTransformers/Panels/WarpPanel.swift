import Foundation
import Lab
import TopicViews
import TerminalUI

/// Held-out images next to what the spatial transformer made of them, with the sampling grid
/// drawn over each input (a snapshot, taken between training steps).
///
/// Each sample is an input image (grey half blocks, or an ASCII ramp) with the outline and a
/// sparse lattice of its sampling grid as overlay points, the transformer's output to its
/// right, and "truth>prediction" below. Models without a transformer show the inputs only.
public struct WarpPanel: TopicPanel {
    public struct Sample: Sendable {
        /// `inputSide²` pixels in 0...1.
        public var input: [Float]
        /// `outputSide²` pixels, or empty for a model without a transformer.
        public var output: [Float]
        /// Grid points in input pixel coordinates (x right, y down, edges at 0 and inputSide).
        public var grid: [GridPoint]
        public var truth: String
        public var prediction: String

        public init(input: [Float], output: [Float], grid: [GridPoint], truth: String, prediction: String) {
            self.input = input
            self.output = output
            self.grid = grid
            self.truth = truth
            self.prediction = prediction
        }
    }

    public struct GridPoint: Sendable, Equatable {
        public var x: Double, y: Double
        public init(x: Double, y: Double) { self.x = x; self.y = y }
    }

    public var samples: [Sample]
    public var inputSide: Int
    public var outputSide: Int
    public var title: String { outputSide > 0 ? "Inputs and transformer outputs" : "Inputs" }

    public init(samples: [Sample], inputSide: Int, outputSide: Int) {
        self.samples = samples
        self.inputSide = inputSide
        self.outputSide = outputSide
    }

    /// Rows of text an image takes at `rows` cell rows: square images are twice as wide as tall.
    private var showsOutput: Bool { outputSide > 0 }

    /// The image height in cell rows and how many samples fit per row.
    func layout(in area: Rect) -> (rows: Int, perRow: Int, lines: Int)? {
        guard !samples.isEmpty, area.width >= 2, area.height >= 2 else { return nil }
        for rows in stride(from: min(14, area.height - 1), through: 1, by: -1) {
            let width = pairWidth(rows)
            let perRow = max(0, (area.width + 2) / (width + 2))
            guard perRow > 0 else { continue }
            let lines = (samples.count + perRow - 1) / perRow
            if lines * (rows + 1) <= area.height || rows == 1 {
                return (rows, perRow, min(lines, area.height / (rows + 1)))
            }
        }
        return nil
    }

    private func pairWidth(_ rows: Int) -> Int { showsOutput ? 4 * rows + 1 : 2 * rows }

    public func render(in area: Rect, into buffer: inout ScreenBuffer, appearance: Appearance) {
        let theme = appearance.theme, glyphs = appearance.glyphs
        let area = area.intersection(buffer.area)
        guard let layout = layout(in: area) else { return }
        let width = pairWidth(layout.rows)
        for (index, sample) in samples.enumerated() {
            let (line, slot) = (index / layout.perRow, index % layout.perRow)
            guard line < layout.lines else { break }
            let x = area.x + slot * (width + 2), y = area.y + line * (layout.rows + 1)
            let inputRect = Rect(x: x, y: y, width: 2 * layout.rows, height: layout.rows).intersection(area)
            let points = sample.grid.map { (x: $0.x, y: $0.y) }
            HalfBlockImage(pixels: sample.input, width: inputSide, height: inputSide, overlay: points,
                           theme: theme, glyphs: glyphs).render(in: inputRect, into: &buffer)
            if showsOutput {
                let outputRect = Rect(x: x + 2 * layout.rows + 1, y: y, width: 2 * layout.rows, height: layout.rows)
                HalfBlockImage(pixels: sample.output, width: outputSide, height: outputSide, theme: theme, glyphs: glyphs)
                    .render(in: outputRect.intersection(area), into: &buffer)
            }
            let caption = "\(sample.truth)>\(sample.prediction)"
            let style = sample.truth == sample.prediction ? theme.good : theme.bad
            buffer.set(string: caption, at: (x, y + layout.rows), style: style,
                       clippedTo: Rect(x: x, y: y + layout.rows, width: width, height: 1).intersection(area))
        }
    }
}

extension WarpPanel {
    /// The outline of a `side x side` sampling grid (every point on its border) and every
    /// `spacing`-th interior point, mapped from normalised coordinates to the pixel coordinates
    /// of an input of side `inputSide`: p = (g + 1) · inputSide / 2.
    public static func gridPoints(_ grid: ArraySlice<Float>, side: Int, inputSide: Int, spacing: Int = 4) -> [GridPoint] {
        var points: [GridPoint] = []
        let values = Array(grid)
        for i in 0..<side {
            for j in 0..<side {
                let onBorder = i == 0 || j == 0 || i == side - 1 || j == side - 1
                guard onBorder || (i % spacing == spacing / 2 && j % spacing == spacing / 2) else { continue }
                let offset = (i * side + j) * 2
                points.append(GridPoint(x: (Double(values[offset]) + 1) * Double(inputSide) / 2,
                                        y: (Double(values[offset + 1]) + 1) * Double(inputSide) / 2))
            }
        }
        return points
    }
}
