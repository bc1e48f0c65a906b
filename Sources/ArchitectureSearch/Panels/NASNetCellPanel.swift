import Foundation
import Lab
import TerminalUI
import TopicViews

/// A NASNet architecture drawn block by block: for each cell, its two inputs h[i-1] and h[i], one line
/// per block ("b2 = max3(b1) + sep5(h[i])") and the concatenation of the blocks no other block reads.
public struct NASNetCellPanel: TopicPanel {
    public let title: String
    public let architecture: NASNetArchitecture
    public let accuracy: Double

    public init(architecture: NASNetArchitecture, accuracy: Double, title: String = "NASNet cells") {
        self.architecture = architecture
        self.accuracy = accuracy
        self.title = title
    }

    /// The state read by input `index` of a block.
    static func stateName(_ index: Int) -> String {
        switch index {
        case 0: "h[i-1]"
        case 1: "h[i]"
        default: "b\(index - 1)"
        }
    }

    /// One cell's lines: inputs, blocks, output.
    static func lines(of cell: NASNetCell, heading: String) -> [String] {
        var lines = [heading, "  inputs: h[i-1] (two cells back), h[i] (previous cell)"]
        for (b, block) in cell.blocks.enumerated() {
            lines.append("  b\(b + 1) = \(block.firstOperation.code)(\(stateName(block.firstInput)))"
                         + " + \(block.secondOperation.code)(\(stateName(block.secondInput)))")
        }
        let unused = cell.unusedBlocks.map { "b\($0 + 1)" }
        lines.append("  output = " + (unused.count == 1 ? unused[0] : "concat(" + unused.joined(separator: ", ") + ")"))
        return lines
    }

    public var lines: [String] {
        var lines = [String(format: "accuracy %.1f %%   ops: id, sep3/sep5 (depthwise-separable), avg3, max3", accuracy * 100)]
        if architecture.normal == architecture.reduction {
            lines += Self.lines(of: architecture.normal, heading: "Cell (normal; the reduction cell is the same with stride 2)")
        } else {
            lines += Self.lines(of: architecture.normal, heading: "Normal cell")
            lines += Self.lines(of: architecture.reduction, heading: "Reduction cell (ops on h[i-1], h[i] have stride 2)")
        }
        return lines
    }

    public func contentHeight(width: Int) -> Int? { lines.count }

    public func render(in area: Rect, into buffer: inout ScreenBuffer, appearance: Appearance) {
        for (row, line) in lines.enumerated() where row < area.height {
            let style = row == 0 ? appearance.theme.accent : line.hasPrefix("  ") ? appearance.theme.text : appearance.theme.title
            buffer.set(string: line, at: (area.x, area.y + row), style: style, clippedTo: area)
        }
    }
}
