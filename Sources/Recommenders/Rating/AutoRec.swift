import Lab
import NeuralNet
import TensorKit
import TopicViews

/// AutoRec (Sedhain, Menon, Sanner & Xie 2015): an autoencoder over the rows of the rating
/// matrix. Item-based (I-AutoRec): each item's column of ratings by all users, r_i ∈ R^users,
/// is encoded and decoded,
///
///     h(r; θ) = W · sigmoid(V r + b) + c      (500 sigmoid hidden units, identity decoder)
///     min Σ_i || (r_i - h(r_i)) ⊙ m_i ||² + λ/2 (||W||² + ||V||²)
///
/// where the mask m_i keeps only the observed ratings (unobserved entries neither count in the
/// loss nor carry information beyond a zero input). The prediction for (u, i) is h(r_i)_u.
/// User-based (U-AutoRec) encodes each user's row of ratings instead. Each step is one
/// minibatch of rows. The encoder skips the zeros of its input (`SparseProducts`), and since the
/// loss reads only the observed entries, the decoder computes only those (`affine(at:)`): the
/// same loss and gradients as the dense product times the mask, at about 6 % of its work.
public final class AutoRec: PanelProviding {
    public enum Orientation: Sendable { case items, users }

    public static let itemEntry = ExperimentEntry(
        ExperimentDescriptor(id: "rec.autorec-i", title: "I-AutoRec", topic: "recommenders",
                             summary: "An autoencoder over each item's ratings, loss on observed entries only (RMSE about 0.89)",
                             datasets: ["movielens-100k"], epochs: 30, reproduces: Reproduction("test RMSE", 0.89, within: 0.01)),
        settings: settings) { try AutoRec(.items, $0) }
    public static let userEntry = ExperimentEntry(
        ExperimentDescriptor(id: "rec.autorec-u", title: "U-AutoRec", topic: "recommenders",
                             summary: "The same autoencoder over each user's ratings: fewer, longer rows, weaker results",
                             datasets: ["movielens-100k"], epochs: 30, reproduces: Reproduction("test RMSE", 0.96, within: 0.01)),
        settings: settings) { try AutoRec(.users, $0) }

    public let orientation: Orientation

    static let settings: [Hyperparameter] = [
        .real("learning-rate", 2e-3, in: 1e-6...1, logarithmic: true, live: true, "Adam step size"),
        .real("weight-decay", 0.1, in: 0...10, live: true, "λ: L2 penalty on the weights"),
        .integer("hidden", 500, in: 1...2000, "hidden units k"),
        .integer("batch-size", 256, in: 1...1682, live: true, "rows per minibatch (applies from the next epoch)"),
        RatingSupport.usersHyperparameter,
        .integer("shown-row", 1, in: 1...1682, live: true, "item id (I-AutoRec) or user id (U-AutoRec) shown in the panel"),
    ]

    let data: RatingData
    /// `[rows, columns]` observed training ratings (0 elsewhere).
    let matrix: [Float]
    /// Each row's observed columns, increasing, and their ratings.
    let observedColumns: [[Int]], observedRatings: [[Float]]
    let rowCount: Int, columnCount: Int
    private let encoder: Linear, decoder: Linear
    private let optimizer: Adam
    private var cursor: MinibatchCursor

    init(_ orientation: Orientation, _ context: ExperimentContext) throws {
        self.orientation = orientation
        let hyperparameters = context.settings
        let data = try RatingData.load(store: context.store, userLimit: hyperparameters.integer("users"))
        let (rowCount, columnCount) = orientation == .items ? (data.itemCount, data.userCount) : (data.userCount, data.itemCount)
        var matrix = [Float](repeating: 0, count: rowCount * columnCount)
        var observed = [[Int]](repeating: [], count: rowCount)
        for row in data.train {
            let (r, c) = Self.place(orientation, user: data.users[row], item: data.items[row])
            matrix[r * columnCount + c] = data.ratings[row]
            observed[r].append(c)
        }
        let observedColumns = observed.map { Array(Set($0)).sorted() }
        observedRatings = observedColumns.enumerated().map { r, columns in columns.map { matrix[r * columnCount + $0] } }
        self.observedColumns = observedColumns
        var generator = SeededGenerator(seed: context.seed)
        let hidden = hyperparameters.integer("hidden")
        encoder = Linear(columnCount, hidden, using: &generator)
        decoder = Linear(hidden, columnCount, using: &generator)
        optimizer = Adam(encoder.parameters.prefixed("encoder") + decoder.parameters.prefixed("decoder"),
                         learningRate: hyperparameters.float("learning-rate"))
        let observedRows = (0..<rowCount).filter { !observedColumns[$0].isEmpty }
        cursor = MinibatchCursor(indices: observedRows, batchSize: hyperparameters.integer("batch-size"), seed: context.seed &+ 1)
        (self.rowCount, self.columnCount, self.matrix) = (rowCount, columnCount, matrix)
        self.data = data
    }

    /// (row, column) of a rating in `orientation`.
    static func place(_ orientation: Orientation, user: Int, item: Int) -> (Int, Int) {
        orientation == .items ? (item, user) : (user, item)
    }

    func place(user: Int, item: Int) -> (Int, Int) { Self.place(orientation, user: user, item: item) }

    public var stepsPerEpoch: Int { cursor.stepsPerEpoch }

    /// Rows `rows` of a `[rowCount, columnCount]` array as a tensor.
    private func gather(_ source: [Float], _ rows: [Int]) -> Tensor {
        var values = [Float](repeating: 0, count: rows.count * columnCount)
        for (position, row) in rows.enumerated() {
            values.replaceSubrange(position * columnCount..<(position + 1) * columnCount,
                                   with: source[row * columnCount..<(row + 1) * columnCount])
        }
        return Tensor(shape: [rows.count, columnCount], data: values)
    }

    /// h(r) for a batch of rows `[n, columns]`.
    func reconstruct(_ input: Tensor) -> Tensor { decoder(encoder(input).sigmoid()) }

    public func step(_ hyperparameters: HyperparameterSet) throws -> StepReport {
        // λ w is added to each gradient: the λ/2 |W|² term (it also decays the biases slightly).
        optimizer.follow(hyperparameters)
        let rows = cursor.next(batchSize: hyperparameters.integer("batch-size"))
        let input = gather(matrix, rows)
        let observed = SparsePattern(columns: columnCount, entries: rows.map { observedColumns[$0] })
        let targets = Tensor(shape: [observed.count], data: rows.flatMap { observedRatings[$0] })
        optimizer.zeroGradients()
        // h(r) at the observed entries only: the residual of the masked loss.
        let residual = decoder(encoder(input).sigmoid(), at: observed) - targets
        let count = Float(max(observed.count, 1))
        // Σ observed squared errors / rows; the optimizer adds the weight decay.
        let loss = residual.squared().sum() * (1 / Float(rows.count))
        loss.backward()
        optimizer.step()
        return StepReport(loss: loss.scalar * Float(rows.count) / count, examples: rows.count,
                          components: ["masked MSE": loss.scalar * Float(rows.count) / count])
    }

    /// The reconstruction of every row, `[rowCount, columnCount]`, without a graph.
    func reconstructAll() -> [Float] {
        withoutGradients { reconstruct(Tensor(shape: [rowCount, columnCount], data: matrix)).data }
    }

    public func evaluate(_ hyperparameters: HyperparameterSet) throws -> [Metric] {
        let output = reconstructAll()
        let seen = observedColumns.map { !$0.isEmpty }
        return RatingSupport.testMetrics(data) { user, item in
            let (r, c) = place(user: user, item: item)
            return seen[r] ? output[r * columnCount + c] : 3  // the paper's default for unseen rows
        }
    }

    public var parameters: [NamedParameter] { optimizer.parameters }

    /// One row's observed ratings (up to 40) next to their reconstruction.
    public func panels(_ hyperparameters: HyperparameterSet) -> [any TopicPanel] {
        let row = min(hyperparameters.integer("shown-row"), rowCount) - 1
        let input = Tensor(shape: [1, columnCount], data: Array(matrix[(row * columnCount)..<((row + 1) * columnCount)]))
        let output = withoutGradients { reconstruct(input).data }
        let columns = observedColumns[row].prefix(40)
        let entries = columns.map { column in
            ReconstructionPanel.Entry(label: orientation == .items ? "user \(column + 1)" : data.titles[column],
                                      observed: input.data[column], reconstructed: output[column])
        }
        let name = orientation == .items ? data.titles[row] : "user \(row + 1)"
        return [ReconstructionPanel(title: "AutoRec: \(name), observed vs rebuilt", entries: entries)]
    }
}
