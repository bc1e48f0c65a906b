import Lab
import TopicViews
import TerminalUI

/// A user's own top-rated movies next to the model's top-10 among the movies they have not
/// rated, with titles: a snapshot taken between training steps.
public struct RecommendationsPanel: TopicPanel {
    public struct Entry: Sendable, Equatable {
        public var title: String
        /// The rating given (left) or predicted (right).
        public var score: Float
        public init(title: String, score: Float) {
            self.title = title
            self.score = score
        }
    }

    public var title: String { "User \(userID): rated vs recommended" }
    public let userID: Int
    public let rated: [Entry]
    public let recommended: [Entry]
    /// What the model's score is: "rating" (predicted stars) or "p(click)".
    public let scoreName: String

    public init(userID: Int, rated: [Entry], recommended: [Entry], scoreName: String = "rating") {
        self.userID = userID
        self.rated = rated
        self.recommended = recommended
        self.scoreName = scoreName
    }

    public func contentHeight(width: Int) -> Int? { max(rated.count, recommended.count) + 1 }

    public func render(in area: Rect, into buffer: inout ScreenBuffer, appearance: Appearance) {
        let area = area.intersection(buffer.area)
        guard !area.isEmpty else { return }
        let halves = area.splitHorizontally([.fill(1), .fill(1)], spacing: 1)
        table("their top-rated", "stars", rated, format: "%.0f", appearance).render(in: halves[0], into: &buffer)
        table("model's top-10", scoreName, recommended, format: scoreName == "rating" ? "%.1f" : "%.2f", appearance)
            .render(in: halves[1], into: &buffer)
    }

    private func table(_ heading: String, _ scoreHeading: String, _ entries: [Entry], format: String,
                       _ appearance: Appearance) -> Table {
        Table(columns: [Table.Column(heading, truncation: .middle), Table.Column(scoreHeading, width: .fixed(8), alignment: .right)],
              rows: entries.map { [$0.title, String(format: format, $0.score)] }, theme: appearance.theme, glyphs: appearance.glyphs)
    }
}

extension RecommendationsPanel {
    /// The panel for dense user `user`: up to 10 of their best training ratings (ties: file
    /// order) and the 10 best `scores` among the movies they did not rate in training.
    static func make(user: Int, data: RatingData, scores: [Float], scoreName: String = "rating") -> RecommendationsPanel {
        let rows = data.train.filter { data.users[$0] == user }
        let best = rows.sorted { (data.ratings[$0], -$0) > (data.ratings[$1], -$1) }.prefix(10)
        let seen = Set(rows.map { data.items[$0] })
        let top = RecommenderMetrics.topK(scores, k: 10, excluding: seen)
        return RecommendationsPanel(
            userID: user + 1,
            rated: best.map { Entry(title: data.titles[data.items[$0]], score: data.ratings[$0]) },
            recommended: top.map { Entry(title: data.titles[$0], score: scores[$0]) }, scoreName: scoreName)
    }
}
