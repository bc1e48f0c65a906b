import Foundation
import Lab
import TerminalUI

/// The tree the autoencoder built over one sentence: words at the bottom, each merge labelled
/// with its reconstruction error, every node coloured by its predicted sentiment (green
/// positive, red negative, yellow undecided, plain without a sentiment layer). The first line
/// gives the sentence's verdict from the root.
public struct SentenceTreePanel: TopicPanel {
    public var parsed: ParsedSentence
    public var theme: Theme
    public var title: String { "Tree" }

    public init(parsed: ParsedSentence, theme: Theme = .standard) {
        self.parsed = parsed
        self.theme = theme
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
    public func style(_ positive: Float?) -> Style? {
        guard let positive, theme.usesColor else { return nil }
        if positive >= 0.6 { return Style(foreground: .green) }
        if positive <= 0.4 { return Style(foreground: .red) }
        return Style(foreground: .yellow)
    }

    /// The tree as a TreeView (root last in `parsed.nodes`).
    public var treeView: TreeView {
        let nodes = parsed.nodes.map { node in
            TreeView.Node(node.children.isEmpty ? node.text : String(format: "%.2f", node.reconstructionError),
                          children: node.children, style: style(node.positive))
        }
        return TreeView(nodes: nodes, root: max(nodes.count - 1, 0), theme: theme)
    }

    public func render(in area: Rect, into buffer: inout ScreenBuffer) {
        let area = area.intersection(buffer.area)
        guard !area.isEmpty, !parsed.nodes.isEmpty else { return }
        buffer.set(string: header, at: (area.x, area.y), style: style(parsed.nodes.last?.positive) ?? theme.text, clippedTo: area)
        guard area.height > 1 else { return }
        treeView.render(in: area.inset(top: 1), into: &buffer)
    }
}

/// The phrases whose vectors lie closest to a query phrase.
public struct NearestPhrasesPanel: TopicPanel {
    public var query: String
    public var neighbours: [(phrase: String, similarity: Float)]
    public var theme: Theme
    public var title: String { "Nearest phrases" }

    public init(query: String, neighbours: [(phrase: String, similarity: Float)], theme: Theme = .standard) {
        self.query = query
        self.neighbours = neighbours
        self.theme = theme
    }

    public func render(in area: Rect, into buffer: inout ScreenBuffer) {
        let area = area.intersection(buffer.area)
        guard !area.isEmpty else { return }
        buffer.set(string: "near \"\(query)\"", at: (area.x, area.y), style: theme.accent, clippedTo: area)
        guard area.height > 1 else { return }
        let table = Table(columns: [Table.Column("cosine", width: .fixed(6)), Table.Column("phrase")],
                          rows: neighbours.map { [String(format: "%.3f", $0.similarity), $0.phrase] }, theme: theme)
        table.render(in: area.inset(top: 1), into: &buffer)
    }
}

/// Test sentences with the model's verdict next to the truth.
public struct TestSentencesPanel: TopicPanel {
    public var sentences: [(text: String, predicted: Int, truth: Int)]
    public var theme: Theme
    public var title: String { "Test sentences" }

    public init(sentences: [(text: String, predicted: Int, truth: Int)], theme: Theme = .standard) {
        self.sentences = sentences
        self.theme = theme
    }

    public func render(in area: Rect, into buffer: inout ScreenBuffer) {
        let area = area.intersection(buffer.area)
        guard !area.isEmpty else { return }
        let name = { (label: Int) in label == 1 ? "pos" : "neg" }
        let table = Table(columns: [Table.Column("guess", width: .fixed(5)), Table.Column("truth", width: .fixed(5)),
                                    Table.Column("sentence")],
                          rows: sentences.map { [name($0.predicted) + ($0.predicted == $0.truth ? " ✓" : " ✗"), name($0.truth), $0.text] },
                          theme: theme)
        table.render(in: area, into: &buffer)
    }
}
