import Testing
import TerminalUI
import TestSupport
import TopicViews
@testable import SpatialTransformers

/// The topic's panels against expected buffer lines, including tiny areas.
@Suite struct PanelTests {
    static let ascii = Appearance(theme: .standard, glyphs: .ascii)
    static let monochrome = Appearance(theme: .monochrome, glyphs: .unicode)

    static func lines(_ panel: some TopicPanel, width: Int, height: Int, _ appearance: Appearance = ascii) -> [String] {
        panel.lines(width: width, height: height, appearance: appearance)
    }

    /// 4x4 input: top half dark left / bright right, then a bright row and a dark row.
    static let input: [Float] = [0, 0, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0]
    static let sample = WarpPanel.Sample(input: input, output: [Float](repeating: 1, count: 16),
                                         grid: [WarpPanel.GridPoint(x: 0.5, y: 0.5)], truth: "3", prediction: "3")

    @Test func warpPanelDrawsInputWithGridThenOutputThenCaption() {
        let panel = WarpPanel(samples: [Self.sample], inputSide: 4, outputSide: 4)
        // Each cell shows the mean of two pixel rows on the ramp " .:-=+*#%@"; the grid point
        // at pixel (0.5, 0.5) is drawn as "+"; row means 0.5 round to ramp index 5, "+".
        #expect(Self.lines(panel, width: 9, height: 3) == ["+ @@ @@@@", "++++ @@@@", "3>3"])
    }

    @Test func warpPanelPutsSamplesSideBySideAndShrinksToFit() {
        var second = Self.sample
        second.prediction = "8"
        let panel = WarpPanel(samples: [Self.sample, second], inputSide: 4, outputSide: 4)
        #expect(Self.lines(panel, width: 20, height: 3) == ["+ @@ @@@@  + @@ @@@@", "++++ @@@@  ++++ @@@@", "3>3        3>8"])
        // Too narrow for two pairs at two rows: one row of images per sample, stacked.
        #expect(Self.lines(panel, width: 9, height: 4) == ["+@ @@", "3>3", "+@ @@", "3>8"])
    }

    @Test func warpPanelWithoutTransformerShowsInputsOnly() {
        let plain = WarpPanel(samples: [WarpPanel.Sample(input: Self.input, output: [], grid: [], truth: "1", prediction: "7")],
                              inputSide: 4, outputSide: 0)
        #expect(plain.title == "Inputs")
        #expect(Self.lines(plain, width: 6, height: 3) == ["  @@", "++++", "1>7"])
    }

    @Test func gridPointsMapNormalisedCoordinatesToInputPixels() {
        // A 2x2 grid (all border points) on an input of side 10: p = (g + 1) * 10 / 2.
        let points = WarpPanel.gridPoints([-1, -1, 1, -1, -1, 1, 0, 0.5], side: 2, inputSide: 10)
        #expect(points == [.init(x: 0, y: 0), .init(x: 10, y: 0), .init(x: 0, y: 10), .init(x: 5, y: 7.5)])
    }

    @Test func parametersPanelListsThetaPerSample() {
        let panel = TransformParametersPanel(rows: [
            .init(truth: "7", prediction: "1", parameters: [1, 0, -0.25, 0.1, 0.9, 0.5]),
            .init(truth: "Ankle boot", prediction: "Bag", parameters: [0.5, 0, 0, 0, 0.5, 0]),
        ], family: .affine)
        #expect(Self.lines(panel, width: 50, height: 4, Self.monochrome) == [
            "truth pred    a11   a12    tx   a21   a22    ty",
            "    7    1   1.00  0.00 -0.25  0.10  0.90  0.50",
            "Ankle  Bag   0.50  0.00  0.00  0.00  0.50  0.00",
            "",
        ])
        #expect(Self.lines(panel, width: 12, height: 2) == ["truth pred", "    7    1"])
        let projective = TransformParametersPanel(rows: [], family: .projective)
        #expect(Self.lines(projective, width: 70, height: 1) == ["truth pred    h11   h12   h13   h21   h22   h23   h31   h32"])
        let spline = TransformParametersPanel(rows: [], family: .tps)
        #expect(Self.lines(spline, width: 41, height: 1) == ["truth pred     x1    y1    x2    y2    x3"])
    }

    @Test func panelsStayInsideTheirArea() {
        let panels: [any TopicPanel] = [
            WarpPanel(samples: [Self.sample], inputSide: 4, outputSide: 4),
            TransformParametersPanel(rows: [.init(truth: "1", prediction: "1", parameters: [1, 0, 0, 0, 1, 0])], family: .affine),
        ]
        for panel in panels { #expect(confinementViolations(panel).isEmpty) }
    }
}

