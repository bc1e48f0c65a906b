import Testing
import TensorKit
import TerminalUI
import TestSupport
import TopicViews
@testable import RecursiveNets

@Suite struct PanelTests {
    static let parsed = ParsedSentence(tokens: ["not", "good"], nodes: [
        .init(text: "not", children: [], reconstructionError: 0, positive: 0.3),
        .init(text: "good", children: [], reconstructionError: 0, positive: 0.8),
        .init(text: "not good", children: [0, 1], reconstructionError: 0.123, positive: 0.2),
    ])

    func render(_ panel: some TopicPanel, width: Int, height: Int, appearance: Appearance = .standard) -> ScreenBuffer {
        var buffer = ScreenBuffer(width: width, height: height)
        panel.render(in: buffer.area, into: &buffer, appearance: appearance)
        return buffer
    }

    @Test func treePanelShowsVerdictErrorsAndColours() {
        let buffer = render(SentenceTreePanel(parsed: Self.parsed), width: 40, height: 5)
        #expect(buffer.lines() == [
            "negative 0.80 · mean merge error 0.123",
            "  0.12",
            " ┌─┴──┐",
            "not  good",
            "",
        ])
        #expect(buffer[0, 0].style.foreground == Color.red)      // the verdict in the root's colour
        #expect(buffer[2, 1].style.foreground == Color.red)      // root p = 0.2
        #expect(buffer[0, 3].style.foreground == Color.red)      // "not" p = 0.3
        #expect(buffer[5, 3].style.foreground == Color.green)    // "good" p = 0.8
        // With ASCII glyphs (a non-UTF-8 terminal) the connectors are ASCII too.
        let ascii = render(SentenceTreePanel(parsed: Self.parsed), width: 40, height: 5,
                           appearance: Appearance(theme: .monochrome, glyphs: .ascii))
        #expect(ascii.lines()[2] == " +-+--+")
    }

    @Test func unknownWordsAreMarkedAndLongTreesScroll() {
        var parsed = Self.parsed
        parsed.nodes[1].isUnknown = true
        let panel = SentenceTreePanel(parsed: parsed, title: "Tree: your sentence")
        #expect(panel.contentHeight(width: 40) == 1 + 3 + 1)
        let lines = render(panel, width: 60, height: 5).lines()
        #expect(lines[3].hasPrefix("not  good*"))
        #expect(lines[4].hasPrefix("* not in the vocabulary"))
        // Too narrow for the top-down drawing: one row per node, all of them, in a scrolling panel.
        #expect(panel.contentHeight(width: 6) == 1 + 3 + 1)
        #expect(confinementViolations(panel).isEmpty)
    }

    @Test func treePanelFallsBackToAnOutlineAndSurvivesTinyAreas() {
        #expect(render(SentenceTreePanel(parsed: Self.parsed), width: 8, height: 4).lines() == [
            "negative", "0.12", "├─ not", "└─ good",
        ])
        #expect(render(SentenceTreePanel(parsed: Self.parsed), width: 1, height: 1).lines() == ["n"])
        #expect(render(SentenceTreePanel(parsed: Self.parsed), width: 0, height: 0).lines() == [])
    }

    @Test func nearestPhrasesAndTestSentencePanels() {
        let nearest = NearestPhrasesPanel(query: "not good", neighbours: [("bad film", 0.91), ("dull", 0.5)])
        #expect(render(nearest, width: 24, height: 4).lines() == [
            "near \"not good\"",
            "cosine phrase",
            " 0.910 bad film",
            " 0.500 dull",
        ])
        let sentences = TestSentencesPanel(sentences: [("a fine film", 1, 1), ("so dull", 1, 0)])
        #expect(render(sentences, width: 31, height: 3).lines() == [
            "guess  truth sentence",
            "pos ok pos   a fine film",
            "pos x  neg   so dull",
        ])
    }

    /// Any typed sentence, unknown words included, gets a full binary tree.
    @Test func parserBuildsATreeForAnyTypedSentence() {
        let weights = AutoencoderGradientTests.weights(dimension: 4)
        let vocabulary = Vocabulary(counting: [["a", "film", "that", "works", "."]], minimumCount: 1)
        let parser = SentenceParser(weights: weights, vocabulary: vocabulary, shape: .greedy)
        let parsed = parser.parse("A zorgly film, that works.")
        #expect(parsed.tokens == ["a", "zorgly", "film", ",", "that", "works", "."])
        #expect(parsed.nodes.count == 13)
        #expect(parsed.nodes[parsed.root].text == "a zorgly film , that works .")
        #expect(parsed.nodes.allSatisfy { $0.positive != nil })
        let panel = parser.treePanel(for: "")
        #expect(panel.parsed.tokens == ["<unk>"])
        let neighbours = parser.nearestPhrases(to: "a film", among: [["a", "film", "works"], ["that", "works", "."]], count: 3)
        #expect(neighbours.count == 3 && neighbours[0].similarity >= neighbours[1].similarity)
    }
}
