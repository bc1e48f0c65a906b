import Testing
@testable import TerminalUI

/// Every widget, with data, must draw only inside its area, whatever its size.
@Suite struct ConfinementTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let widget: any Widget & Sendable
        var testDescription: String { name }
    }

    static let cases: [Case] = {
        let points: [(x: Double, y: Double)] = (0 ..< 50).map { (Double($0), Double($0 * $0) / 50) }
        let treeNodes = [TreeView.Node("root", children: [1, 2]), TreeView.Node("left"), TreeView.Node("right")]
        let markdown = """
        # Heading
        Text with **bold** and a [link](x). 中文 😀
        - item
        ```
        code line that is quite long indeed
        ```
        > quote
        | a | b |
        |---|---|
        | 1 | 2 |
        ---
        """
        return [
            Case(name: "Block", widget: Block(title: "Title", rightTitle: "right")),
            Case(name: "Block ascii filled", widget: Block(title: "T", border: .plain, fillsBackground: true, glyphs: .ascii)),
            Case(name: "Block none", widget: Block(title: "T", border: .none)),
            Case(name: "Paragraph", widget: Paragraph(text: "some words to wrap 中文 around the area edges", alignment: .right)),
            Case(name: "BrailleCanvas", widget: {
                var canvas = BrailleCanvas(columns: 40, rows: 20)
                canvas.line(from: (0, 0), to: (79, 79))
                canvas.put("×", column: 39, row: 19)
                return canvas
            }()),
            Case(name: "LineChart", widget: LineChart(series: [LineChart.Series(name: "train", points: points),
                                                               LineChart.Series(name: "val", values: [3, 2, .nan, 1])],
                                                      xAxis: Axis(title: "step"), yAxis: Axis(title: "loss"),
                                                      markers: [LineChart.Marker(x: 10)])),
            Case(name: "LineChart log ascii", widget: LineChart(series: [LineChart.Series(name: "s", points: points)],
                                                                yAxis: Axis(scale: .logarithmic), glyphs: .ascii)),
            Case(name: "Scatter", widget: Scatter(groups: [Scatter.Group(name: "g", points: points)], paretoFront: points)),
            Case(name: "Sparkline", widget: Sparkline(values: points.map(\.y))),
            Case(name: "Gauge", widget: Gauge(ratio: 0.42, label: "progress")),
            Case(name: "BarChart", widget: BarChart(bars: [BarChart.Bar(label: "alpha", value: 3), BarChart.Bar(label: "b", value: 1)])),
            Case(name: "Histogram", widget: Histogram(values: points.map { Float($0.y) }, binCount: 8)),
            Case(name: "Table", widget: Table(columns: [Table.Column("name"), Table.Column("value", width: .fixed(6))],
                                              rows: (0 ..< 30).map { ["row \($0) 中文", "\($0)"] }, selectedRow: 20)),
            Case(name: "MarkdownView", widget: MarkdownView(markdown: markdown, scrollOffset: 1, selectedLink: 0)),
            Case(name: "HalfBlockImage", widget: HalfBlockImage(pixels: (0 ..< 64).map { Float($0) / 63 }, width: 8, height: 8,
                                                                overlay: [(2, 2), (100, 100)])),
            Case(name: "HalfBlockImage ascii", widget: HalfBlockImage(pixels: (0 ..< 64).map { Float($0) / 63 }, width: 8, height: 8,
                                                                      overlay: [(2, 2)], glyphs: .ascii)),
            Case(name: "TreeView", widget: TreeView(nodes: treeNodes)),
            Case(name: "Heatmap", widget: Heatmap(values: [[1, 2, 3], [4, .nan, 6]], rowLabels: ["r1", "r2"], columnLabels: ["a", "b", "c"])),
            Case(name: "Heatmap mono", widget: Heatmap(values: [[1, 2], [3, 4]], theme: .monochrome)),
            Case(name: "KeyHints", widget: KeyHints(pairs: [("space", "pause"), ("q", "quit")])),
            Case(name: "StatusBar", widget: StatusBar(left: "left side", right: "right side")),
        ]
    }()

    @Test(arguments: cases)
    func zeroSizedAreas(testCase: Case) {
        var empty = ScreenBuffer(width: 0, height: 0)
        testCase.widget.render(in: .zero, into: &empty)
        var buffer = ScreenBuffer(width: 5, height: 5)
        testCase.widget.render(in: Rect(x: 2, y: 2, width: 0, height: 3), into: &buffer)
        testCase.widget.render(in: Rect(x: 2, y: 2, width: 3, height: 0), into: &buffer)
        #expect(buffer == ScreenBuffer(width: 5, height: 5))
    }

    @Test(arguments: cases)
    func oneByOneArea(testCase: Case) {
        var single = ScreenBuffer(width: 1, height: 1)
        testCase.widget.render(in: single.area, into: &single)
        var buffer = ScreenBuffer(width: 3, height: 3)
        let area = Rect(x: 1, y: 1, width: 1, height: 1)
        testCase.widget.render(in: area, into: &buffer)
        #expect(cellsOutside(area, areBlankIn: buffer))
    }

    @Test(arguments: cases)
    func areaAtAnOffset(testCase: Case) {
        for area in [Rect(x: 5, y: 4, width: 18, height: 10), Rect(x: 1, y: 1, width: 3, height: 2),
                     Rect(x: 7, y: 0, width: 30, height: 1), Rect(x: 0, y: 3, width: 2, height: 20)] {
            var buffer = ScreenBuffer(width: 30, height: 20)
            testCase.widget.render(in: area, into: &buffer)
            #expect(cellsOutside(area, areBlankIn: buffer), "\(testCase.name) wrote outside \(area)")
        }
    }

    @Test(arguments: cases)
    func areaHangingOffTheBuffer(testCase: Case) {
        var buffer = ScreenBuffer(width: 30, height: 20)
        let area = Rect(x: 25, y: 15, width: 20, height: 10)
        testCase.widget.render(in: area, into: &buffer)
        #expect(cellsOutside(area, areBlankIn: buffer))
        var negative = ScreenBuffer(width: 10, height: 10)
        let offTop = Rect(x: -5, y: -5, width: 8, height: 8)
        testCase.widget.render(in: offTop, into: &negative)
        #expect(cellsOutside(offTop, areBlankIn: negative))
    }
}

@Suite struct RenderBenchmarkTests {
    @Test func sampleFrameFillsTheScreen() {
        let frame = RenderBenchmark.renderSampleFrame(width: 200, height: 60)
        let rendered = frame.lines()
        #expect(rendered.count == 60)
        #expect(rendered[0].hasPrefix("╭ Loss "))
        #expect(rendered[59].hasPrefix(" space pause"))
        #expect(rendered.contains { $0.contains("Gradient descent") })
        #expect(frame.diff(from: frame).isEmpty)
        #expect(frame.diff(from: ScreenBuffer(width: 200, height: 60)).count > 1000)
    }

    @Test func tinyFramesDoNotCrash() {
        for (width, height) in [(0, 0), (1, 1), (3, 2), (20, 5)] {
            #expect(RenderBenchmark.renderSampleFrame(width: width, height: height).width == width)
        }
    }
}
