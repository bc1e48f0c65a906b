import Testing
import TerminalUI
@testable import Basics

@Suite struct BasicsPanelTests {
    @Test func confusionMatrixCountsTruthAgainstGuesses() {
        let panel = ConfusionMatrixPanel(truth: [0, 0, 1, 1, 1, 2], predictions: [0, 1, 1, 1, 2, 2], classNames: ["a", "b", "c"])
        #expect(panel.counts == [[1, 1, 0], [0, 2, 1], [0, 0, 1]])
        var buffer = ScreenBuffer(width: 20, height: 5)
        panel.render(in: Rect(x: 0, y: 0, width: 20, height: 5), into: &buffer)
        let lines = buffer.lines()
        #expect(lines[0].contains("a") && lines[0].contains("b") && lines[0].contains("c"))  // column labels
        #expect(lines.dropFirst().map { $0.first }.prefix(3) == ["a", "b", "c"])            // row labels
    }

    @Test func templatesAreScaledPerClassAndLabelled() {
        // Two classes over a 2x2 image: class 0 likes the first pixel, class 1 the last.
        let weights: [Float] = [1, -1,  0, 0,  0, 0,  -1, 1]
        let panel = ClassTemplatesPanel(weights: weights, side: 2, classNames: ["left", "right"])
        #expect(panel.templates[0] == [1, 0.5, 0.5, 0])
        #expect(panel.templates[1] == [0, 0.5, 0.5, 1])
        var buffer = ScreenBuffer(width: 12, height: 4)
        panel.render(in: Rect(x: 0, y: 0, width: 12, height: 4), into: &buffer)
        #expect(buffer.lines().contains { $0.contains("left") && $0.contains("righ") })
    }

    @Test func panelsStayInsideTinyAreas() {
        let panel = ConfusionMatrixPanel(truth: [0, 1], predictions: [1, 0], classNames: ["x", "y"])
        for size in [(0, 0), (1, 1), (3, 2)] {
            var buffer = ScreenBuffer(width: 10, height: 6)
            panel.render(in: Rect(x: 4, y: 3, width: size.0, height: size.1), into: &buffer)
            ClassTemplatesPanel(weights: [1, 0, 0, 1], side: 1, classNames: ["p", "q"]).render(
                in: Rect(x: 4, y: 3, width: size.0, height: size.1), into: &buffer)
            for y in 0..<6 { for x in 0..<10 where !(x >= 4 && x < 4 + size.0 && y >= 3 && y < 3 + size.1) {
                #expect(buffer[x, y].character == " ", "wrote outside at \(x),\(y) for \(size)")
            } }
        }
    }
}
