import Testing
@testable import TerminalUI

@Suite struct SparklineTests {
    @Test func oneLevelPerEighth() {
        let sparkline = Sparkline(values: [1, 2, 3, 4, 5, 6, 7, 8], bounds: 0 ... 8)
        #expect(lines(sparkline, width: 8, height: 1) == ["▁▂▃▄▅▆▇█"])
    }

    @Test func showsOnlyTheNewestValues() {
        #expect(lines(Sparkline(values: [8, 0, 4], bounds: 0 ... 8), width: 2, height: 1) == ["▁▄"])
    }

    @Test func autoBoundsSpanTheVisibleValues() {
        // low 1, high 8: eighths = max(1, round((v - 1) / 7 * 8)).
        #expect(lines(Sparkline(values: [1, 2, 3, 4, 5, 6, 7, 8]), width: 8, height: 1) == ["▁▁▂▃▅▆▇█"])
    }

    @Test func tallSparklineStacksCells() {
        #expect(lines(Sparkline(values: [8, 4, 2], bounds: 0 ... 8), width: 3, height: 2) == ["█", "██▄"])
    }

    @Test func nanLeavesAGapAndAsciiUsesRamp() {
        #expect(lines(Sparkline(values: [8, .nan, 8], bounds: 0 ... 8), width: 3, height: 1) == ["█ █"])
        #expect(lines(Sparkline(values: [1, 8], bounds: 0 ... 8, glyphs: .ascii), width: 2, height: 1) == ["_#"])
    }
}

@Suite struct GaugeTests {
    @Test(arguments: [
        (0.5, nil, Glyphs.unicode, 14, "█████░░░░░ 50%"),
        (0.5, "ep", Glyphs.unicode, 14, "ep ███▌░░░ 50%"),
        (0.5, nil, Glyphs.ascii, 14, "#####----- 50%"),
        (1.7, nil, Glyphs.unicode, 10, "█████ 100%"),
        (.nan, nil, Glyphs.unicode, 8, "░░░░░ 0%"),
        (0.999, nil, Glyphs.unicode, 8, "███▉ 99%"),
    ] as [(Double, String?, Glyphs, Int, String)])
    func bar(ratio: Double, label: String?, glyphs: Glyphs, width: Int, expected: String) {
        #expect(lines(Gauge(ratio: ratio, label: label, glyphs: glyphs), width: width, height: 1) == [expected])
    }

    @Test func sitsOnTheMiddleRow() {
        #expect(lines(Gauge(ratio: 0, showsPercent: false), width: 3, height: 3) == ["", "░░░", ""])
    }
}

@Suite struct BarChartTests {
    @Test func barsScaleToTheLargestValue() {
        let chart = BarChart(bars: [BarChart.Bar(label: "a", value: 4), BarChart.Bar(label: "bb", value: 2)])
        #expect(lines(chart, width: 12, height: 2) == [
            "a  ███████ 4",
            "bb ███▌    2",
        ])
    }

    @Test func negativeAndNaNValuesDrawNoBar() {
        let chart = BarChart(bars: [BarChart.Bar(label: "x", value: -1, valueText: "-"), BarChart.Bar(label: "y", value: .nan)],
                             maxValue: 1)
        #expect(lines(chart, width: 10, height: 2) == ["x        -", "y      nan"])
    }
}

@Suite struct HistogramTests {
    @Test func binsOverTheRange() {
        let binned = Histogram.bin([0, 0.1, 0.5, 0.9, 1.0], count: 2)
        #expect(binned?.counts == [2, 3])
        #expect(binned?.min == 0)
        #expect(binned?.max == 1)
        #expect(Histogram.bin([1, 2, 3, 4], count: 4)?.counts == [1, 1, 1, 1])
        #expect(Histogram.bin([2, 2, 2], count: 3)?.counts == [3, 0, 0])
        #expect(Histogram.bin([.nan, 1, .infinity], count: 2)?.counts == [1, 0])
        #expect(Histogram.bin([], count: 3) == nil)
        #expect(Histogram.bin([1], count: 0) == nil)
    }

    @Test func drawsBarsAndMinMaxLabels() {
        // Bins [2, 3] over 3 bar rows (24 eighths): 16 and 24 eighths.
        #expect(lines(Histogram(values: [0, 0.1, 0.5, 0.9, 1.0], binCount: 2), width: 6, height: 4) == [
            "   ███",
            "██████",
            "██████",
            "0    1",
        ])
    }

    @Test func rebinsWhenNarrowerThanBinCount() {
        let rendered = lines(Histogram(values: [0, 1, 2, 3], binCount: 50), width: 4, height: 2)
        #expect(rendered == ["████", "████"])
    }
}

@Suite struct BarTests {
    @Test func keyHints() {
        let hints = KeyHints(pairs: [("space", "pause"), ("n", "step"), ("?", "help")])
        let buffer = render(hints, width: 40, height: 1)
        #expect(buffer.lines() == [" space pause  n step  ? help"])
        #expect(buffer[1, 0].style.foreground == Theme.standard.accent.foreground)
        #expect(buffer[1, 0].style.attributes.contains(.bold))
        #expect(buffer[7, 0].style == Theme.standard.statusBar)
        #expect(buffer[39, 0].style.background == Theme.standard.statusBar.background)
        #expect(lines(hints, width: 15, height: 1) == [" space pause"])
    }

    @Test func statusBarKeepsTheRightSideAndCutsTheLeft() {
        let bar = StatusBar(left: "train", right: "epoch 3")
        #expect(lines(bar, width: 20, height: 1) == [" train      epoch 3"])
        // Too narrow for both: the left gives way to the right (a run's state stays visible).
        #expect(lines(bar, width: 14, height: 1) == [" tra… epoch 3"])
        // Too narrow for the right side at all: the left alone.
        #expect(lines(bar, width: 8, height: 1) == [" train"])
    }
}

@Suite struct ASCIIFoldingTests {
    /// Headings such as the inspector's |Δw|/|w| read on an ASCII terminal (it showed |?w|).
    @Test func greekLettersOfHeadingsFoldToOneLetter() {
        #expect(String("|Δw|/|w| σ ε".map(ASCIIFolding.fold)) == "|dw|/|w| s e")
        #expect(ASCIIFolding.fold("Δw = −η ∂L/∂w") == "Deltaw = -eta dL/dw")  // text keeps the words
        #expect(ASCIIFolding.fold(Character("☃")) == "?")
    }
}
