import Testing
@testable import TerminalUI

@Suite struct LineChartTests {
    /// Two flat series on fixed 0...4 bounds in a 26 x 8 area. Plot: 24 x 6 cells from column 2
    /// (48 x 24 dots); y = 4 is dot row 0 (bits 0x01|0x08 = ⠉), y = 0 is dot row 23 (0x40|0x80 = ⣀).
    /// Y ticks 0, 2, 4 land on rows 5, 3 (dot 11.5 rounds to 12), 0; x ticks 0, 2, 4 on columns
    /// 2, 14 (dot 23.5 -> 24), 25 (dot 47). The NaN marker at x = 2 sits on the top row.
    static let flatChart = LineChart(
        series: [LineChart.Series(name: "a", points: [(0, 4), (4, 4)]),
                 LineChart.Series(name: "b", points: [(0, 0), (2, 0), (4, 0)])],
        xAxis: Axis(bounds: 0 ... 4), yAxis: Axis(bounds: 0 ... 4),
        markers: [LineChart.Marker(x: 2)])

    @Test func axesLegendLinesAndMarker() {
        let expected = [
            "4┤⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉×⠉⠉⠉⠉⠉⠉⠉── a",
            " │                    ── b",
            " │",
            "2┤",
            " │",
            "0┤⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀",
            " └┬───────────┬──────────┬",
            "  0           2          4",
        ]
        #expect(lines(Self.flatChart, width: 26, height: 8) == expected)
    }

    @Test func seriesAndMarkerStyles() {
        let theme = Theme.standard
        let buffer = render(Self.flatChart, width: 26, height: 8)
        #expect(buffer[2, 0].style.foreground == theme.seriesStyle(0).foreground)
        #expect(buffer[2, 5].style.foreground == theme.seriesStyle(1).foreground)
        #expect(buffer[14, 0].style == theme.bad)
        #expect(buffer[22, 1].style.foreground == theme.seriesStyle(1).foreground)   // legend sample
    }

    /// A marker that would land on the legend's words (a live change at the top right: "t▼ain")
    /// goes just below the legend, where it stays visible and the legend stays readable.
    @Test func markersUnderTheLegendMoveBelowIt() {
        var chart = Self.flatChart
        chart.markers = [LineChart.Marker(x: 4, y: 4, symbol: "!")]
        let rendered = lines(chart, width: 26, height: 8)
        #expect(rendered[0] == "4┤" + String(repeating: "⠉", count: 20) + "── a")
        #expect(rendered[1] == " │                    ── b")
        #expect(rendered[2] == " │" + String(repeating: " ", count: 23) + "!")
    }

    @Test func titlesTakeTopAndBottomRows() {
        var chart = Self.flatChart
        chart.xAxis.title = "step"
        chart.yAxis.title = "loss"
        chart.showsLegend = false
        chart.markers = []
        let rendered = lines(chart, width: 26, height: 10)
        #expect(rendered.first == "loss")
        #expect(rendered.last == "                      step")
        #expect(rendered[1].hasPrefix("4┤⠉"))
        #expect(rendered[8] == "  0           2          4")
    }

    @Test func autoScaleUsesNiceTicksAndPadding() {
        // y in 0...1 padded 5% -> -0.05...1.05; 9 plot rows allow 4 ticks: step 0.5.
        // x in 0...3 on 26 columns allows 3 ticks: step 2, ticks 0 (column 4) and 2 (dot 34 -> column 21).
        let chart = LineChart(series: [LineChart.Series(name: "s", values: [0, 0.25, 0.5, 1])], showsLegend: false)
        let rendered = lines(chart, width: 30, height: 11)
        let labels = rendered.compactMap { line -> String? in
            guard let tee = line.firstIndex(of: "┤") else { return nil }
            return String(line[..<tee]).trimmingCharacters(in: " ")
        }
        #expect(labels == ["1", "0.5", "0"])
        #expect(rendered.last == "    0" + String(repeating: " ", count: 16) + "2")
    }

    @Test func compactLabelsForLargeNumbers() {
        let chart = LineChart(series: [LineChart.Series(name: "s", points: [(0, 1000), (5000, 3000)])],
                              yAxis: Axis(bounds: 1000 ... 3000), showsLegend: false)
        let rendered = lines(chart, width: 40, height: 8)
        #expect(rendered.contains { $0.hasPrefix("3k┤") })
        #expect(rendered.contains { $0.hasPrefix("2k┤") })
        #expect(rendered.contains { $0.hasPrefix("1k┤") })
        #expect(rendered.last?.contains("2k") == true)
        #expect(rendered.last?.contains("4k") == true)
    }

    @Test func logScaleSkipsNonPositiveValues() {
        // log10 range 0...3 padded to -0.15...3.15; 13 plot rows allow 5 ticks: one per decade.
        let chart = LineChart(series: [LineChart.Series(name: "s", points: [(0, 1), (1, 10), (2, -1), (3, 0), (4, 100), (5, 1000)])],
                              yAxis: Axis(scale: .logarithmic, padding: 0.05), showsLegend: false)
        let rendered = lines(chart, width: 30, height: 15)
        for label in [" 1k┤", "100┤", " 10┤", "  1┤"] {
            #expect(rendered.contains { $0.hasPrefix(label) }, "missing \(label)")
        }
    }

    @Test(arguments: [
        [LineChart.Series(name: "empty", points: [])],
        [LineChart.Series(name: "one", points: [(3, 7)])],
        [LineChart.Series(name: "flat", values: [2, 2, 2, 2])],
        [LineChart.Series(name: "nan", points: [(0, .nan), (1, .infinity), (2, 1), (.nan, 3), (4, 2)])],
        [LineChart.Series(name: "all nan", points: [(0, .nan), (1, .nan)])],
        [],
    ])
    func degenerateDataDoesNotCrash(series: [LineChart.Series]) {
        let rendered = lines(LineChart(series: series), width: 30, height: 10)
        #expect(rendered.count == 10)
    }

    @Test func singlePointShows() {
        let single = render(LineChart(series: [LineChart.Series(name: "p", points: [(3, 7)])], showsLegend: false),
                            width: 30, height: 10)
        let braille = single.cells.filter { (0x2801 ... 0x28FF).contains($0.character.unicodeScalars.first!.value) }
        #expect(braille.count == 1)
    }

    @Test func constantSeriesGetsAWidenedRange() {
        // 2...2 widens by 10% to 1.8...2.2: ticks 1.8, 2, 2.2; the line lies on the "2" row
        // (dot 15.5 rounds to 16: dot row 0 of cell row 4 -> ⠉).
        let flat = LineChart(series: [LineChart.Series(name: "f", values: [2, 2, 2])], showsLegend: false)
        let rendered = lines(flat, width: 30, height: 10)
        #expect(rendered[0].hasPrefix("2.2┤"))
        #expect(rendered[4] == "  2┤" + String(repeating: "⠉", count: 26))
        #expect(rendered[7].hasPrefix("1.8┤"))
    }

    @Test func nanBreaksTheLine() {
        // Plot 10 x 4 cells (20 x 16 dots); y = 1 is dot row 8 (cell row 2, top dots = ⠉).
        // x = 0, 1 -> dots 0...5 (cells 0-2); x = 3, 4 -> dots 14...19 (cells 7-9).
        let chart = LineChart(series: [LineChart.Series(name: "s", points: [(0, 1), (1, 1), (2, .nan), (3, 1), (4, 1)])],
                              xAxis: Axis(bounds: 0 ... 4), yAxis: Axis(bounds: 0 ... 2), showsLegend: false)
        #expect(lines(chart, width: 12, height: 6) == [
            "2┤",
            " │",
            " │⠉⠉⠉    ⠉⠉⠉",
            "0┤",
            " └┬─────────",
            "  0",
        ])
    }

    @Test func tooSmallForAxesDrawsOnlyThePlot() {
        let rendered = lines(Self.flatChart, width: 6, height: 3)
        #expect(rendered.allSatisfy { !$0.contains("┤") && !$0.contains("└") })
    }

    @Test func asciiGlyphs() {
        var chart = Self.flatChart
        chart.glyphs = .ascii
        chart.markers = []
        let rendered = lines(chart, width: 26, height: 8)
        #expect(rendered[0] == "4+" + String(repeating: "'", count: 20) + "-- a")
        #expect(rendered[5] == "0+" + String(repeating: ".", count: 24))
        #expect(rendered[6] == " ++" + String(repeating: "-", count: 11) + "+" + String(repeating: "-", count: 10) + "+")
    }
}

@Suite struct AxisAndNumberTests {
    @Test(arguments: [
        (0.0, "0"), (0.25, "0.25"), (1200, "1.2k"), (1000, "1k"), (3e-4, "3e-4"), (1.5e-5, "1.5e-5"),
        (-2.5, "-2.5"), (12.345, "12.3"), (0.91234, "0.912"), (999, "999"), (1_500_000, "1.5M"),
        (2.5e9, "2.5G"), (999_999, "1M"), (100, "100"), (0.001, "0.001"), (-0.0, "0"), (1e16, "1e16"),
        (.nan, "nan"), (.infinity, "inf"), (-.infinity, "-inf"),
    ] as [(Double, String)])
    func compactFormat(value: Double, expected: String) {
        #expect(NumberFormat.compact(value) == expected)
    }

    /// A number in a fixed-width column loses digits, never its end.
    @Test(arguments: [
        (0.00809, 6, "0.0081"), (0.00809, 5, "0.008"), (0.00809, 4, "8e-3"), (-0.00123, 7, "-0.0012"),
        (0.0782, 7, "0.0782"), (123_456, 4, "123k"), (0.969, 7, "0.969"), (-0.00123, 3, "###"),
    ] as [(Double, Int, String)])
    func compactFormatFitsItsColumn(value: Double, width: Int, expected: String) {
        #expect(NumberFormat.compact(value, fitting: width) == expected)
    }

    @Test func tickLabelsKeepNeededPrecision() {
        #expect(NumberFormat.tickLabels([1.0, 1.025, 1.05, 0.1 + 0.2, 1250]) == ["1", "1.025", "1.05", "0.3", "1.25k"])
    }

    @Test(arguments: [
        (0.0, 1.0, 6, [0, 0.2, 0.4, 0.6, 0.8, 1.0]),
        (0.0, 100.0, 5, [0, 25, 50, 75, 100]),
        (-1.0, 1.0, 3, [-1, 0, 1]),
        (0.05, 0.95, 3, [0.5]),
        (3.0, 3.0, 4, []),
    ] as [(Double, Double, Int, [Double])])
    func niceTicks(low: Double, high: Double, count: Int, expected: [Double]) {
        let ticks = Axis.niceTicks(low: low, high: high, maxCount: count)
        #expect(ticks.count == expected.count)
        for (tick, value) in zip(ticks, expected) { #expect(abs(tick - value) < 1e-9) }
    }

    /// Counts (steps) tick on whole numbers: 0.95-1.05 around one step becomes 0, 1, 2; no 2.5 or 7.5.
    @Test func wholeNumberAxesTickOnWholeNumbers() {
        let axis = Axis(wholeNumbers: true)
        let one = axis.resolvedRange(dataMin: 1, dataMax: 1)
        #expect(one.low == 0 && one.high == 2)
        #expect(axis.ticks(low: one.low, high: one.high, maxCount: 5).map(\.position) == [0, 1, 2])
        #expect(axis.ticks(low: 0, high: 10, maxCount: 5).map(\.position) == [0, 5, 10])
        #expect(axis.ticks(low: 1, high: 3, maxCount: 9).map(\.position) == [1, 2, 3])
        #expect(Axis().ticks(low: 0, high: 10, maxCount: 5).map(\.position) == [0, 2.5, 5, 7.5, 10])
    }

    @Test func logTicksArePowersOfTen() {
        let ticks = Axis(scale: .logarithmic).ticks(low: 0, high: 3, maxCount: 4)
        #expect(ticks.map(\.label) == ["1", "10", "100", "1k"])
    }

    @Test func degenerateRangesAreWidened() {
        let axis = Axis()
        let range = axis.resolvedRange(dataMin: 5, dataMax: 5)
        #expect(range.low < 5 && range.high > 5)
        let empty = axis.resolvedRange(dataMin: nil, dataMax: nil)
        #expect(empty.low < empty.high)
    }
}

extension String {
    func trimmingCharacters(in set: Character) -> String {
        var slice = Substring(self)
        while slice.first == set { slice = slice.dropFirst() }
        while slice.last == set { slice = slice.dropLast() }
        return String(slice)
    }
}
