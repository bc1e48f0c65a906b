import Foundation
import Lab
import TensorKit
import TerminalUI
import TopicViews

extension GRU4Rec: InteractiveRun {
    /// Events of the shown session listed in its panel.
    static let shownEvents = 30

    /// The shown test session event by event: what was watched, what came next and at which
    /// rank the GRU put it, and the GRU's three best guesses at that point.
    public func panels(_ settings: HyperparameterSet) -> [any TopicPanel] {
        guard !data.test.isEmpty else { return [] }
        let index = min(settings.integer("shown-session"), data.test.count) - 1
        let session = Array(data.test[index].prefix(Self.shownEvents + 1))
        let scores = withoutGradients { prefixScores(session) }
        var rows: [[String]] = [], hits = 0
        var seen = [Bool](repeating: false, count: data.itemCount)
        for position in 0..<(session.count - 1) {
            seen[session[position]] = true
            let own = scores[position]
            let next = session[position + 1]
            let rank = own.indices.filter { $0 != next && !seen[$0] && own[$0] > own[next] }.count + 1
            if rank <= Self.cutoff { hits += 1 }
            let guesses = RecommenderMetrics.topK(own, k: 3, excluding: Set(session[...position]))
            rows.append([short(session[position]), short(next), rank <= Self.cutoff ? "\(rank) *" : "\(rank)",
                         guesses.map(short).joined(separator: " · ")])
        }
        let note = "test session \(index + 1) of \(data.test.count): next item in the GRU's top \(Self.cutoff) (*) "
            + "\(hits) of \(rows.count) times"
        return [TablesPanel(title: "Next-item guesses: a test session", note: note, parts: [
            TablesPanel.Part(columns: [Table.Column("watched", truncation: .middle), Table.Column("then", truncation: .middle),
                                       Table.Column("rank", width: .fixed(6), alignment: .right),
                                       Table.Column("GRU's top 3 guesses", width: .fill(2))], rows: rows),
        ])]
    }

    public var inputPrompt: String { "Type movies separated by ';' (a session): the GRU's and item-kNN's next guesses" }

    /// The typed session's next-item guesses by the GRU and by item-kNN, side by side.
    public func panels(forInput text: String, settings: HyperparameterSet) -> [any TopicPanel] {
        let found = TitleSearch.items(in: text, titles: ratings.titles, popularity: data.popularity)
        let title = "Your session: next-item guesses"
        guard let last = found.items.last else {
            return [TablesPanel(title: title, note: "no movie title contains \"\(text)\" (separate titles with ';')", parts: [])]
        }
        let scores = withoutGradients { prefixScores(found.items) }.last!
        let seen = Set(found.items)
        let gru = RecommenderMetrics.topK(scores, k: 10, excluding: seen)
        let neighbours = knn.neighbours(of: last)
        let nearest = RecommenderMetrics.topK(neighbours, k: 10, excluding: seen)
        var note = "read: " + found.items.map(short).joined(separator: " → ")
        if !found.unmatched.isEmpty { note += "  (not found: \(found.unmatched.joined(separator: "; ")))" }
        return [TablesPanel(title: title, note: note, parts: [
            TablesPanel.Part(columns: [Table.Column("GRU", truncation: .middle), Table.Column("score", width: .fixed(6))],
                             rows: gru.map { [ratings.titles[$0], String(format: "%.2f", scores[$0])] }),
            TablesPanel.Part(columns: [Table.Column("item-kNN (last movie)", truncation: .middle), Table.Column("sim", width: .fixed(5))],
                             rows: nearest.map { [ratings.titles[$0], String(format: "%.2f", neighbours[$0])] }),
        ])]
    }

    /// The GRU's scores of every item after each prefix of `session` (no gradients).
    func prefixScores(_ session: [Int]) -> [[Float]] {
        var hidden = model.cell.initialState(batch: 1)
        return session.map { item in
            hidden = model.step([item], hidden: hidden)
            return model.scores(hidden).data
        }
    }

    /// A title without its year, for narrow columns.
    func short(_ item: Int) -> String {
        let title = ratings.titles[item]
        guard title.hasSuffix(")"), let open = title.lastIndex(of: "(") else { return title }
        return String(title[..<open]).trimmingCharacters(in: .whitespaces)
    }
}
