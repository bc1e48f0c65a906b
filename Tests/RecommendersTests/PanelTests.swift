import Testing
import Lab
import TerminalUI
import TestSupport
import TopicViews
@testable import Recommenders

private func lines(_ panel: some TopicPanel, width: Int, height: Int) -> [String] {
    panel.lines(width: width, height: height)
}

@Suite struct PanelTests {
    static let recommendations = RecommendationsPanel(
        userID: 7,
        rated: [.init(title: "Toy Story", score: 5), .init(title: "Heat", score: 4)],
        recommended: [.init(title: "Star Wars", score: 4.83), .init(title: "Fargo", score: 4.5)])

    @Test func recommendationsSideBySide() {
        #expect(Self.recommendations.title == "User 7: rated vs recommended")
        #expect(lines(Self.recommendations, width: 51, height: 4) == [
            "their top-rated     stars model's top-10     rating",
            "Toy Story               5 Star Wars             4.8",
            "Heat                    4 Fargo                 4.5",
            "",
        ])
        #expect(Self.recommendations.contentHeight(width: 51) == 3)
    }

    @Test func panelsStayInsideTheirArea() {
        #expect(confinementViolations(Self.recommendations).isEmpty)
        #expect(confinementViolations(Self.reconstruction).isEmpty)
        #expect(confinementViolations(EmbeddingMapPanel(title: "m", groups: [("Drama", [(0, 0), (1, 1)])])).isEmpty)
    }

    static let reconstruction = ReconstructionPanel(title: "AutoRec: Toy Story", entries: [
        .init(label: "user 1", observed: 5, reconstructed: 4.5), .init(label: "user 2", observed: 3, reconstructed: 3.5)])

    @Test func reconstructionTable() {
        #expect(lines(Self.reconstruction, width: 32, height: 4) == [
            "2 observed, row RMSE 0.500",
            "rated by        observed rebuilt",
            "user 1                 5    4.50",
            "user 2                 3    3.50",
        ])
    }

    @Test func embeddingMapDrawsGroupsWithALegend() {
        let panel = EmbeddingMapPanel(title: "map", groups: [("Drama", [(0, 0), (4, 4)]), ("Comedy", [(2, 2)])])
        let rendered = lines(panel, width: 30, height: 10)
        #expect(rendered[0].hasSuffix("── Drama"))
        #expect(rendered[1].hasSuffix("── Comedy"))
        #expect(rendered.joined().contains { ("\u{2801}"..."\u{28FF}").contains($0) })  // braille dots drawn
    }

    @Test func powerIterationFindsTheMainAxes() {
        // Points along (1, 1, 0) with a small spread along (0, 0, 1).
        var values: [Float] = []
        for step in -5...5 { values += [Float(step), Float(step), Float(step % 2) * 0.1] }
        let points = PrincipalComponents.project(values, width: 3)
        #expect(Swift.abs(Swift.abs(points[10].x) - 5 * 2.0.squareRoot()) < 1e-3)
        #expect(points.allSatisfy { Swift.abs($0.y) < 0.2 })
    }
}
