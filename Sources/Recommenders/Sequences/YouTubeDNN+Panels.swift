import Foundation
import Lab
import TensorKit
import TerminalUI
import TopicViews

extension YouTubeDNN: InteractiveRun {
    /// The shown user's latest history next to their top-10 candidates (later items marked), and
    /// the items nearest to the shown item in the output-embedding space.
    public func panels(_ settings: HyperparameterSet) -> [any TopicPanel] {
        let user = min(settings.integer("shown-user"), data.userCount) - 1
        let item = min(settings.integer("shown-item"), data.itemCount) - 1
        return [candidatesPanel(user: user, k: settings.integer("recall-at")), nearestPanel(item: item, title: "Nearest output vectors")]
    }

    func candidatesPanel(user: Int, k: Int) -> TablesPanel {
        let scores = scoreAll([user]).data
        let seen = Set(data.history[user]), later = Set(data.heldOut[user])
        let top = RecommenderMetrics.topK(scores, k: max(k, 10), excluding: seen)
        let found = top.filter { later.contains($0) }.count
        let history = data.history[user].suffix(10)
        let note = "user \(user + 1): \(found) of their \(later.count) later movies in the top \(max(k, 10)) (* marks them)"
        return TablesPanel(title: "History and candidates", note: note, parts: [
            TablesPanel.Part(columns: [Table.Column("latest history, oldest first", truncation: .middle)],
                             rows: history.map { [ratings.titles[$0]] }),
            TablesPanel.Part(columns: [Table.Column("top candidates", truncation: .middle), Table.Column("later", width: .fixed(5))],
                             rows: top.prefix(10).map { [ratings.titles[$0], later.contains($0) ? "*" : ""] }),
        ])
    }

    /// The 10 items whose output vectors v_j have the highest cosine with v_item.
    func nearestPanel(item: Int, title: String) -> TablesPanel {
        let d = model.output.shape[1]
        let vectors = model.output.data
        func norm(_ row: Int) -> Float {
            var sum: Float = 0
            for j in 0..<d { sum += vectors[row * d + j] * vectors[row * d + j] }
            return sum.squareRoot()
        }
        let own = norm(item)
        let cosines = (0..<data.itemCount).map { other -> Float in
            var dot: Float = 0
            for j in 0..<d { dot += vectors[item * d + j] * vectors[other * d + j] }
            return dot / max(own * norm(other), 1e-12)
        }
        let nearest = RecommenderMetrics.topK(cosines, k: 10, excluding: [item])
        return TablesPanel(title: title, note: "nearest to \(ratings.titles[item]) (\(data.popularity[item]) training ratings)", parts: [
            TablesPanel.Part(columns: [Table.Column("movie", truncation: .middle), Table.Column("cosine", width: .fixed(6)),
                                       Table.Column("ratings", width: .fixed(7))],
                             rows: nearest.map { [ratings.titles[$0], String(format: "%.2f", cosines[$0]), "\(data.popularity[$0])"] }),
        ])
    }

    public var inputPrompt: String { "Type part of a movie title: its nearest movies in the output-embedding space" }

    public func panels(forInput text: String, settings: HyperparameterSet) -> [any TopicPanel] {
        guard let item = TitleSearch.item(matching: text, titles: ratings.titles, popularity: data.popularity) else {
            return [TablesPanel(title: "Nearest to your movie", note: "no movie title contains \"\(text)\"", parts: [])]
        }
        return [nearestPanel(item: item, title: "Nearest to your movie")]
    }
}
