import Testing
@testable import TerminalUI

@Suite struct HalfBlockImageTests {
    /// 2 x 2 pixels, row-major: top row 0, 1; bottom row 0.5, 1.
    static let pixels: [Float] = [0, 1, 0.5, 1]

    @Test func topPixelIsForegroundBottomPixelIsBackground() {
        let buffer = render(HalfBlockImage(pixels: Self.pixels, width: 2, height: 2), width: 2, height: 1)
        #expect(buffer.lines() == ["▀▀"])
        // grey index = 232 + round(v * 23): 0 -> 232, 0.5 -> 244 (11.5 rounds up), 1 -> 255.
        #expect(buffer[0, 0].style == Style(foreground: .indexed(232), background: .indexed(244)))
        #expect(buffer[1, 0].style == Style(foreground: .indexed(255), background: .indexed(255)))
    }

    @Test func scalesUpByNearestNeighbour() {
        let buffer = render(HalfBlockImage(pixels: Self.pixels, width: 2, height: 2), width: 4, height: 2)
        #expect(buffer.lines() == ["▀▀▀▀", "▀▀▀▀"])
        #expect(buffer[1, 0].style == Style(foreground: .indexed(232), background: .indexed(232)))
        #expect(buffer[0, 1].style == Style(foreground: .indexed(244), background: .indexed(244)))
        #expect(buffer[3, 1].style == Style(foreground: .indexed(255), background: .indexed(255)))
    }

    @Test func keepsAspectRatio() {
        let image = HalfBlockImage(pixels: Array(repeating: 0.5, count: 8), width: 4, height: 2)
        // Scale min(10 / 4, 20 / 2) = 2.5: 10 columns, 5 pixel rows -> 3 cell rows, the last
        // one with only a top pixel (background left at the default).
        #expect(image.fittedSize(in: Rect(x: 0, y: 0, width: 10, height: 10)) == (10, 5))
        let buffer = render(image, width: 10, height: 10)
        #expect(buffer.lines().prefix(4) == ["▀▀▀▀▀▀▀▀▀▀", "▀▀▀▀▀▀▀▀▀▀", "▀▀▀▀▀▀▀▀▀▀", ""])
        #expect(buffer[0, 2].style == Style(foreground: .indexed(244), background: .default))
    }

    @Test func asciiRampUsesTheMeanOfBothPixels() {
        // Means 0.25 -> ramp index round(2.25) = 2 (":"), 1 -> 9 ("@").
        let image = HalfBlockImage(pixels: Self.pixels, width: 2, height: 2, glyphs: .ascii)
        #expect(lines(image, width: 2, height: 1) == [":@"])
        let mono = HalfBlockImage(pixels: Self.pixels, width: 2, height: 2, theme: .monochrome)
        #expect(lines(mono, width: 2, height: 1) == [":@"])
    }

    @Test func overlayPointsUseTheOverlayColour() {
        let image = HalfBlockImage(pixels: Self.pixels, width: 2, height: 2, overlay: [(1.5, 0.2)], overlayColor: .brightRed)
        let buffer = render(image, width: 2, height: 1)
        #expect(buffer[1, 0].style == Style(foreground: .brightRed, background: .indexed(255)))
        #expect(buffer[0, 0].style.foreground == .indexed(232))
        let ascii = HalfBlockImage(pixels: Self.pixels, width: 2, height: 2, overlay: [(0, 1.5)], glyphs: .ascii)
        #expect(lines(ascii, width: 2, height: 1) == ["+@"])
    }

    @Test func mismatchedPixelCountDrawsNothing() {
        #expect(lines(HalfBlockImage(pixels: [1, 1], width: 2, height: 2), width: 2, height: 1) == [""])
    }
}

@Suite struct TreeViewTests {
    static let nodes = [
        TreeView.Node("root", children: [1, 2]), TreeView.Node("left", children: [3, 4]),
        TreeView.Node("right", style: Style(foreground: .green)), TreeView.Node("a"), TreeView.Node("b"),
    ]

    @Test func topDownWithConnectors() {
        let tree = TreeView(nodes: Self.nodes)
        #expect(tree.topDownSize() == (11, 5))
        let buffer = render(tree, width: 12, height: 5)
        #expect(buffer.lines() == [
            "   root",
            " ┌──┴───┐",
            "left  right",
            "┌┴─┐",
            "a  b",
        ])
        #expect(buffer[6, 2].style.foreground == .green)
    }

    @Test func outlineWhenTooNarrow() {
        #expect(lines(TreeView(nodes: Self.nodes), width: 10, height: 6) == [
            "root", "├─ left", "│  ├─ a", "│  └─ b", "└─ right", "",
        ])
        #expect(lines(TreeView(nodes: Self.nodes, glyphs: .ascii), width: 10, height: 5) == [
            "root", "+- left", "|  +- a", "|  +- b", "+- right",
        ])
    }

    @Test func outlineIsCutAtTheBottom() {
        #expect(lines(TreeView(nodes: Self.nodes), width: 8, height: 2) == ["root", "├─ left"])
    }

    @Test func singleChildAndCycles() {
        #expect(lines(TreeView(nodes: [TreeView.Node("p", children: [1]), TreeView.Node("c")]), width: 3, height: 3)
                == ["p", "│", "c"])
        let cycle = TreeView(nodes: [TreeView.Node("A", children: [1]), TreeView.Node("B", children: [0])])
        #expect(lines(cycle, width: 3, height: 3) == ["A", "│", "B"])
        #expect(lines(TreeView(nodes: [], root: 0), width: 3, height: 1) == [""])
    }
}

@Suite struct HeatmapTests {
    static let heatmap = Heatmap(values: [[0, 1], [0.5, 1]], rowLabels: ["a", "b"], columnLabels: ["x", "y"])

    @Test func labelsAndValues() {
        // Row labels take 1 column + 1 space; each entry 5 columns, values and labels right-aligned.
        #expect(lines(Self.heatmap, width: 12, height: 3) == [
            "      x    y",
            "a     0    1",
            "b   0.5    1",
        ])
    }

    @Test func coloursFollowTheRamp() {
        let theme = Theme.standard
        let buffer = render(Self.heatmap, width: 12, height: 3)
        #expect(buffer[2, 1].style.background == theme.heatColor(0))
        #expect(buffer[7, 1].style.background == theme.heatColor(1))
        #expect(buffer[4, 2].style.background == theme.heatColor(0.5))
        #expect(buffer[11, 1].style.foreground == .black)
        #expect(buffer[6, 1].style.foreground == .brightWhite)
    }

    @Test func monochromeUsesShades() {
        let heatmap = Heatmap(values: [[0, 0.5, 1]], showsValues: false, cellWidth: 1, theme: .monochrome)
        #expect(lines(heatmap, width: 5, height: 1) == [" ▒█"])
        let ascii = Heatmap(values: [[0, 0.5, 1]], showsValues: false, cellWidth: 1, theme: .monochrome, glyphs: .ascii)
        #expect(lines(ascii, width: 5, height: 1) == [" :#"])
    }
}
