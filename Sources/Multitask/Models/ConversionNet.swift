import NeuralNet
import TensorKit

/// Embeddings of user, item and the item's genres (mean of the genres' vectors), concatenated,
/// and one or two towers on top (each relu(· W1) W2 with `hidden` units, one logit): the
/// network of ESMM (two towers over shared embeddings) and of each of its baselines (one tower).
final class ConversionNet: ParameterContainer {
    let users: Embedding
    let items: Embedding
    let genres: Embedding
    let towers: [MLP]

    init(data: ConversionData, dimension: Int, hidden: Int, towers: Int, using generator: inout SeededGenerator) {
        users = Embedding(count: data.userCount, dimension: dimension, using: &generator)
        items = Embedding(count: data.itemCount, dimension: dimension, using: &generator)
        genres = Embedding(count: data.genreCount, dimension: dimension, using: &generator)
        self.towers = (0..<towers).map { _ in MLP(sizes: [3 * dimension, hidden, 1], using: &generator) }
    }

    /// `[N, 3 · dimension]` for impressions `rows` of `part`.
    func features(_ part: Impressions, _ rows: [Int], genres genreBags: [[Int]]) -> Tensor {
        Tensor.concatenate([users(rows.map { part.users[$0] }), items(rows.map { part.items[$0] }), genres.bag(genreBags)], axis: 1)
    }

    var parameters: [NamedParameter] {
        users.parameters.prefixed("users") + items.parameters.prefixed("items") + genres.parameters.prefixed("genres")
            + towers.enumerated().flatMap { $1.parameters.prefixed("tower\($0 + 1)") }
    }
}
