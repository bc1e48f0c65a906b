import Lab
import TopicViews
import TerminalUI

/// Item vectors projected onto their first two principal components, as a braille scatter
/// coloured by each movie's main (first listed) genre.
public struct EmbeddingMapPanel: TopicPanel {
    public let title: String
    /// Points per genre group, in legend order.
    public let groups: [(name: String, points: [(x: Double, y: Double)])]

    public init(title: String, groups: [(name: String, points: [(x: Double, y: Double)])]) {
        self.title = title
        self.groups = groups
    }

    public func render(in area: Rect, into buffer: inout ScreenBuffer, appearance: Appearance) {
        let theme = appearance.theme, glyphs = appearance.glyphs
        Scatter(groups: groups.map { Scatter.Group(name: $0.name, points: $0.points) },
                theme: theme, glyphs: glyphs).render(in: area, into: &buffer)
    }

    /// The map of `vectors` (`[items, width]`, row-major): the `groupCount - 1` most common main
    /// genres get their own colour, the rest share "other".
    static func make(title: String, vectors: [Float], width: Int, data: RatingData, groupCount: Int = 6) -> EmbeddingMapPanel {
        let points = PrincipalComponents.project(vectors, width: width)
        let genres = (0..<points.count).map { data.mainGenre($0) }
        var counts: [String: Int] = [:]
        for genre in genres { counts[genre, default: 0] += 1 }
        let named = counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(groupCount - 1).map(\.key)
        var groups = named.map { (name: $0, points: [(x: Double, y: Double)]()) }
        var other: [(x: Double, y: Double)] = []
        for (item, point) in points.enumerated() {
            if let index = named.firstIndex(of: genres[item]) { groups[index].points.append(point) } else { other.append(point) }
        }
        if !other.isEmpty { groups.append((name: "other", points: other)) }
        return EmbeddingMapPanel(title: title, groups: groups)
    }
}

/// The first two principal components by power iteration (no eigen-solver needed):
/// center the rows X, repeat w ← Xᵀ X w / |Xᵀ X w| from a fixed start, then take the second
/// component the same way with the first projected out of every iterate.
public enum PrincipalComponents {
    /// (first, second) principal coordinates of each row of `values` (`[rows, width]`).
    public static func project(_ values: [Float], width: Int, iterations: Int = 100) -> [(x: Double, y: Double)] {
        guard width > 0 else { return [] }
        let rows = values.count / width
        var centered = values.map(Double.init)
        for column in 0..<width {
            let mean = (0..<rows).reduce(0.0) { $0 + centered[$1 * width + column] } / Double(max(rows, 1))
            for row in 0..<rows { centered[row * width + column] -= mean }
        }
        func covarianceTimes(_ w: [Double]) -> [Double] {
            var result = [Double](repeating: 0, count: width)
            for row in 0..<rows {
                var projection = 0.0
                for j in 0..<width { projection += centered[row * width + j] * w[j] }
                for j in 0..<width { result[j] += centered[row * width + j] * projection }
            }
            return result
        }
        func component(orthogonalTo previous: [Double]?) -> [Double] {
            var w = (0..<width).map { 1 / Double($0 + 1) }
            for _ in 0..<iterations {
                w = covarianceTimes(w)
                if let previous {
                    let overlap = zip(w, previous).reduce(0) { $0 + $1.0 * $1.1 }
                    w = zip(w, previous).map { $0 - overlap * $1 }
                }
                let norm = w.reduce(0) { $0 + $1 * $1 }.squareRoot()
                guard norm > 1e-12 else { return [Double](repeating: 0, count: width) }
                w = w.map { $0 / norm }
            }
            return w
        }
        let first = component(orthogonalTo: nil), second = component(orthogonalTo: first)
        return (0..<rows).map { row in
            var x = 0.0, y = 0.0
            for j in 0..<width {
                x += centered[row * width + j] * first[j]
                y += centered[row * width + j] * second[j]
            }
            return (x, y)
        }
    }
}
