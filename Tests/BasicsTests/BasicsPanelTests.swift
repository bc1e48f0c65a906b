import Testing
import TerminalUI
import TestSupport
import TopicViews
@testable import Basics

@Suite struct BasicsPanelTests {
    @Test func templatesAreScaledPerClassAndLabelled() {
        // Two classes over a 2x2 image: class 0 likes the first pixel, class 1 the last.
        let weights: [Float] = [1, -1,  0, 0,  0, 0,  -1, 1]
        let panel = ClassTemplatesPanel(weights: weights, side: 2, classNames: ["left", "right"])
        #expect(panel.templates[0] == [1, 0.5, 0.5, 0])
        #expect(panel.templates[1] == [0, 0.5, 0.5, 1])
        #expect(panel.lines(width: 12, height: 4).contains { $0.contains("left") && $0.contains("righ") })
        // Without colour or Unicode the images fall back to the ASCII ramp.
        let ascii = panel.lines(width: 12, height: 4, appearance: Appearance(theme: .monochrome, glyphs: .ascii))
        #expect(ascii.joined().allSatisfy { $0.isASCII })
    }

    @Test func panelsStayInsideTheirArea() {
        #expect(confinementViolations(ClassTemplatesPanel(weights: [1, 0, 0, 1], side: 1, classNames: ["p", "q"])).isEmpty)
    }
}
