import Foundation
import Lab
import TopicViews
import TerminalUI

/// The tree the autoencoder built over one sentence: words at the bottom, each merge labelled
/// with its reconstruction error, every node coloured by its predicted sentiment (green
/// positive, red negative, yellow undecided, plain without a sentiment layer). The first line
/// gives the sentence's verdict from the root.
public struct SentenceTreePanel: TopicPanel {
    public var parsed: ParsedSentence
    public let title: String

    public init(parsed: ParsedSentence, title: String = "Tree") {
        self.parsed = parsed
        self.title = title
    }

    /// The header, the tree top-down when it fits `width` (else as an outline, one node a row),
    /// and a note on unknown words.
    public func contentHeight(width: Int) -> Int? {
        let size = treeView(Appearance.standard).topDownSize()
        let tree = size.width <= width ? size.height : parsed.nodes.count
        return 1 + tree + (parsed.hasUnknownWords ? 1 : 0)
    }

    /// The header line: the root's verdict and the mean merge error.
    public var header: String {
        let merges = parsed.nodes.filter { !$0.children.isEmpty }
        let meanError = merges.isEmpty ? 0 : merges.reduce(0) { $0 + $1.reconstructionError } / Float(merges.count)
        let error = "mean merge error " + String(format: "%.3f", meanError)
        guard let positive = parsed.nodes.last?.positive else { return error }
        let verdict = positive >= 0.5 ? "positive" : "negative"
        return "\(verdict) " + String(format: "%.2f", max(positive, 1 - positive)) + " · " + error
    }

    /// The colour of a node with p(positive) = `positive`.
    public func style(_ positive: Float?, _ theme: Theme) -> Style? {
        guard let positive, theme.usesColor else { return nil }
        if positive >= 0.6 { return Style(foreground: .green) }
        if positive <= 0.4 { return Style(foreground: .red) }
        return Style(foreground: .yellow)
    }

    /// The tree as a TreeView (root last in `parsed.nodes`); unknown words end in `*`.
    public func treeView(_ appearance: Appearance) -> TreeView {
        let nodes = parsed.nodes.map { node in
            TreeView.Node(node.children.isEmpty ? node.text + (node.isUnknown ? "*" : "")
                                                : String(format: "%.2f", node.reconstructionError),
                          children: node.children, style: style(node.positive, appearance.theme))
        }
        return TreeView(nodes: nodes, root: max(nodes.count - 1, 0), theme: appearance.theme, glyphs: appearance.glyphs)
    }

    public func render(in area: Rect, into buffer: inout ScreenBuffer, appearance: Appearance) {
        let theme = appearance.theme
        let area = area.intersection(buffer.area)
        guard !area.isEmpty, !parsed.nodes.isEmpty else { return }
        buffer.set(string: header, at: (area.x, area.y), style: style(parsed.nodes.last?.positive, theme) ?? theme.text,
                   clippedTo: area)
        guard area.height > 1 else { return }
        var treeArea = area.inset(top: 1)
        if parsed.hasUnknownWords, treeArea.height > 1 {
            buffer.set(string: "* not in the vocabulary: the model reads it as <unk>", at: (area.x, area.bottom - 1),
                       style: theme.muted, clippedTo: area)
            treeArea = Rect(x: treeArea.x, y: treeArea.y, width: treeArea.width, height: treeArea.height - 1)
        }
        treeView(appearance).render(in: treeArea, into: &buffer)
    }
}

/// The phrases whose vectors lie closest to a query phrase.
public struct NearestPhrasesPanel: TopicPanel {
    public var query: String
    public var neighbours: [(phrase: String, similarity: Float)]
    /// The query in the title, so the default query's panel and a typed one's are told apart.
    public var title: String { "Nearest phrases: \(query)" }

    public init(query: String, neighbours: [(phrase: String, similarity: Float)]) {
        self.query = query
        self.neighbours = neighbours
    }

    public func contentHeight(width: Int) -> Int? { neighbours.count + 2 }

    public func render(in area: Rect, into buffer: inout ScreenBuffer, appearance: Appearance) {
        let theme = appearance.theme, glyphs = appearance.glyphs
        let area = area.intersection(buffer.area)
        guard !area.isEmpty else { return }
        buffer.set(string: "near \"\(query)\"", at: (area.x, area.y), style: theme.accent, clippedTo: area)
        guard area.height > 1 else { return }
        let table = Table(columns: [Table.Column("cosine", width: .fixed(6)), Table.Column("phrase")],
                          rows: neighbours.map { [String(format: "%.3f", $0.similarity), $0.phrase] }, theme: theme, glyphs: glyphs)
        table.render(in: area.inset(top: 1), into: &buffer)
    }
}

/// Test sentences with the model's verdict next to the truth.
public struct TestSentencesPanel: TopicPanel {
    public var sentences: [(text: String, predicted: Int, truth: Int)]
    public var title: String { "Test sentences" }

    public init(sentences: [(text: String, predicted: Int, truth: Int)]) {
        self.sentences = sentences
    }

    public func contentHeight(width: Int) -> Int? { sentences.count + 1 }

    public func render(in area: Rect, into buffer: inout ScreenBuffer, appearance: Appearance) {
        let theme = appearance.theme, glyphs = appearance.glyphs
        let area = area.intersection(buffer.area)
        guard !area.isEmpty else { return }
        let name = { (label: Int) in label == 1 ? "pos" : "neg" }
        let table = Table(columns: [Table.Column("guess", width: .fixed(6)), Table.Column("truth", width: .fixed(5)),
                                    Table.Column("sentence")],
                          rows: sentences.map { [name($0.predicted) + ($0.predicted == $0.truth ? " ok" : " x"), name($0.truth), $0.text] },
                          theme: theme, glyphs: glyphs)
        table.render(in: area, into: &buffer)
    }
}
