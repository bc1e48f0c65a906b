import Testing
@testable import TerminalUI

@Suite struct ScatterTests {
    /// Same frame as the line chart test: fixed 0...4 bounds in 26 x 8, plot 24 x 6 from column 2.
    /// (0,0) -> dot (0,23): ⡀ at (2,5); (2,2) -> dot (24,12): ⠁ at (14,3); (4,4) -> dot (47,0): ⠈ at (25,0).
    static let scatter = Scatter(groups: [Scatter.Group(name: "runs", points: [(0, 0), (2, 2), (4, 4)])],
                                 xAxis: Axis(bounds: 0 ... 4), yAxis: Axis(bounds: 0 ... 4), showsLegend: false)

    @Test func pointsOnBrailleDots() {
        #expect(lines(Self.scatter, width: 26, height: 8) == [
            "4┤" + String(repeating: " ", count: 23) + "⠈",
            " │",
            " │",
            "2┤" + String(repeating: " ", count: 12) + "⠁",
            " │",
            "0┤⡀",
            " └┬───────────┬──────────┬",
            "  0           2          4",
        ])
    }

    @Test func asciiPointsAtCellResolution() {
        var scatter = Self.scatter
        scatter.glyphs = .ascii
        #expect(lines(scatter, width: 26, height: 8) == [
            "4+" + String(repeating: " ", count: 23) + "o",
            " |",
            " |",
            "2+" + String(repeating: " ", count: 12) + "o",
            " |",
            "0+o",
            " ++" + String(repeating: "-", count: 11) + "+" + String(repeating: "-", count: 10) + "+",
            "  0           2          4",
        ])
    }

    @Test func paretoFrontIsALineUnderThePoints() {
        var scatter = Self.scatter
        scatter.paretoFront = [(4, 4), (0, 4)]
        let buffer = render(scatter, width: 26, height: 8)
        #expect(buffer.lines()[0] == "4┤" + String(repeating: "⠉", count: 24))
        #expect(buffer[2, 0].style == Theme.standard.accent)
        #expect(buffer[25, 0].style.foreground == Theme.standard.seriesStyle(0).foreground)
    }

    @Test func legendListsGroups() {
        let scatter = Scatter(groups: [Scatter.Group(name: "mlp", points: [(0, 0)]), Scatter.Group(name: "cnn", points: [(1, 1)])])
        let rendered = lines(scatter, width: 30, height: 10)
        #expect(rendered[0].hasSuffix("── mlp"))
        #expect(rendered[1].hasSuffix("── cnn"))
    }
}

@Suite struct ThemeAndGlyphTests {
    static let themes: [Theme] = [.standard, .highContrast, .monochrome]

    @Test(arguments: themes)
    func atLeastSixDistinguishableSeries(theme: Theme) {
        #expect(Set(theme.series).count >= 6)
        #expect(theme.seriesStyle(0) == theme.seriesStyle(theme.series.count))
        #expect(theme.seriesStyle(-1) == theme.series.last)
    }

    @Test func monochromeUsesNoColour() {
        let theme = Theme.monochrome
        let roles = [theme.text, theme.muted, theme.accent, theme.title, theme.border, theme.focusedBorder, theme.good,
                     theme.bad, theme.warning, theme.highlight, theme.code, theme.link, theme.statusBar] + theme.series
        #expect(roles.allSatisfy { $0.foreground == nil && $0.background == nil })
        #expect(!theme.usesColor)
        #expect(theme.heatColor(0.5) == nil)
        #expect(theme.highlight.attributes.contains(.reverse))
    }

    @Test func highContrastIsBoldOnBlack() {
        let theme = Theme.highContrast
        for style in [theme.text, theme.accent, theme.title, theme.bad] + theme.series {
            #expect(style.background == .black)
            #expect(style.attributes.contains(.bold))
        }
    }

    @Test func heatRampEnds() {
        let theme = Theme.standard
        #expect(theme.heatColor(-3) == theme.heatRamp.first)
        #expect(theme.heatColor(7) == theme.heatRamp.last)
        #expect(theme.heatColor(.nan) == theme.heatRamp.first)
    }

    @Test func asciiGlyphsAreAscii() {
        let glyphs = Glyphs.ascii
        var characters: [Character] = [glyphs.horizontal, glyphs.vertical, glyphs.topLeft, glyphs.topRight,
                                       glyphs.bottomLeft, glyphs.bottomRight, glyphs.roundedTopLeft,
                                       glyphs.roundedTopRight, glyphs.roundedBottomLeft, glyphs.roundedBottomRight,
                                       glyphs.teeDown, glyphs.teeUp, glyphs.teeRight, glyphs.teeLeft, glyphs.cross,
                                       glyphs.gaugeEmpty, glyphs.ellipsis, glyphs.bullet, glyphs.marker, glyphs.point]
        characters += glyphs.verticalLevels + glyphs.horizontalLevels + glyphs.shades + glyphs.imageRamp
        characters += Array(glyphs.legendLine)
        #expect(characters.allSatisfy { $0.isASCII })
        #expect(!glyphs.isUnicode)
    }

    @Test func verticalLevels() {
        #expect(Glyphs.unicode.verticalLevel(0) == " ")
        #expect(Glyphs.unicode.verticalLevel(0.5) == "▄")
        #expect(Glyphs.unicode.verticalLevel(1) == "█")
        #expect(Glyphs.unicode.verticalLevel(3) == "█")
    }
}
