import Foundation
import Lab
import NeuralNet
import TensorKit
import TopicViews

/// DeepCoNN (Zheng, Noroozi & Yu 2017): two parallel text CNNs, one over everything a user
/// wrote and one over everything written about an item, joined by a factorisation machine:
///
///     x_u = ReLU(W · maxpool_t ReLU(conv(E[doc_u]))) ∈ R^n       (the same shape for y_i)
///     z = [x_u, y_i]
///     r̂ = w0 + w · z + 1/2 Σ_f ((z V)_f² - (z² V²)_f)             (FM over z, V: [2n, f])
///
/// Convolution: words embedded into E (`dimension`), `filters` windows of `window` words,
/// max over time. Here the documents come from MovieLens text (titles and genres of the movies
/// a user rated in training; a movie's title and genres), not reviews; set WORKBENCH_REVIEWS to a
/// `user<TAB>item<TAB>rating<TAB>text` file to train on real reviews. A minibatch is a few
/// users with all their training ratings, so each user's long document is read once per epoch;
/// the CNNs run once per distinct user and item of a minibatch.
public final class DeepCoNN: ExperimentRun {
    public static let entry = ExperimentEntry(
        ExperimentDescriptor(
            id: "rec.deepconn", title: "DeepCoNN (text CNNs + FM)", topic: "recommenders",
            summary: "Two text CNNs over user and item documents, joined by a factorisation machine",
            datasets: ["movielens-100k"], epochs: 10, reproduces: Reproduction("test RMSE", 0.95, within: 0.01)),
        settings: [
            .real("learning-rate", 2e-3, in: 1e-6...1, logarithmic: true, live: true, "Adam step size"),
            .real("weight-decay", 1e-4, in: 0...1, live: true, "L2 penalty on all parameters"),
            .integer("users-per-step", 16, in: 1...943, live: true, "users per minibatch, with all their training ratings (from the next epoch)"),
            .integer("dimension", 24, in: 2...300, "word embedding size"),
            .integer("filters", 32, in: 1...512, "convolution filters per CNN"),
            .integer("window", 3, in: 1...9, "words per convolution window"),
            .integer("latent", 16, in: 1...256, "size n of x_u and y_i"),
            .integer("fm-factors", 8, in: 1...64, "FM interaction size"),
            .integer("user-document-length", 100, in: 10...2000, "words kept of each user document"),
            .integer("item-document-length", 16, in: 10...2000, "words kept of each item document"),
            RatingSupport.usersHyperparameter,
        ]) { try DeepCoNN($0, reviewsFile: reviewsFileFromEnvironment) }

    private let corpus: ReviewCorpus
    private let userDocuments: [[Int]], itemDocuments: [[Int]]
    private let words: Tensor
    private let userCNN: TextCNN, itemCNN: TextCNN
    private let fmLinear: Linear, fmFactors: Tensor
    private let optimizer: Adam
    private var cursor: MinibatchCursor
    private let trainRowsByUser: [[Int]]
    private let mean: Float

    /// The reviews file named by the WORKBENCH_REVIEWS environment variable, if any.
    public static var reviewsFileFromEnvironment: URL? {
        ProcessInfo.processInfo.environment["WORKBENCH_REVIEWS"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
    }

    /// Prepares a run on MovieLens text, or on the real reviews of `reviewsFile` (see ``ReviewCorpus``).
    init(_ context: ExperimentContext, reviewsFile: URL?) throws {
        let hyperparameters = context.settings
        let corpus: ReviewCorpus
        if let reviewsFile {
            corpus = try ReviewCorpus(reviewsFile: reviewsFile)
        } else {
            corpus = ReviewCorpus(movieLens: try RatingData.load(store: context.store, userLimit: hyperparameters.integer("users")))
        }
        let documents = corpus.documents(userLength: hyperparameters.integer("user-document-length"),
                                         itemLength: hyperparameters.integer("item-document-length"))
        (userDocuments, itemDocuments) = (documents.users, documents.items)
        var generator = SeededGenerator(seed: context.seed)
        let d = hyperparameters.integer("dimension"), n = hyperparameters.integer("latent")
        words = Tensor.randomNormal([documents.vocabulary.count, d], standardDeviation: 0.1, using: &generator).trainable()
        userCNN = TextCNN(dimension: d, filters: hyperparameters.integer("filters"), window: hyperparameters.integer("window"),
                          latent: n, using: &generator)
        itemCNN = TextCNN(dimension: d, filters: hyperparameters.integer("filters"), window: hyperparameters.integer("window"),
                          latent: n, using: &generator)
        fmLinear = Linear(2 * n, 1, using: &generator)
        fmFactors = Tensor.randomNormal([2 * n, hyperparameters.integer("fm-factors")], standardDeviation: 0.05,
                                        using: &generator).trainable()
        mean = corpus.train.reduce(Float(0)) { $0 + corpus.ratings[$1] } / Float(max(corpus.train.count, 1))
        self.corpus = corpus
        optimizer = Adam([NamedParameter("words", words)] + userCNN.parameters.prefixed("user_cnn")
                            + itemCNN.parameters.prefixed("item_cnn") + fmLinear.parameters.prefixed("fm.linear")
                            + [NamedParameter("fm.factors", fmFactors)],
                         learningRate: hyperparameters.float("learning-rate"))
        var trainRowsByUser = [[Int]](repeating: [], count: corpus.userCount)
        for row in corpus.train { trainRowsByUser[corpus.users[row]].append(row) }
        self.trainRowsByUser = trainRowsByUser
        cursor = MinibatchCursor(indices: (0..<corpus.userCount).filter { !trainRowsByUser[$0].isEmpty },
                                 batchSize: hyperparameters.integer("users-per-step"), seed: context.seed &+ 1)
    }

    public var stepsPerEpoch: Int { cursor.stepsPerEpoch }

    /// r̂ for rating rows `rows` of the corpus: each distinct user and item document is encoded once.
    func predict(_ rows: [Int]) -> Tensor {
        let (userList, userPosition) = Self.distinct(rows.map { corpus.users[$0] })
        let (itemList, itemPosition) = Self.distinct(rows.map { corpus.items[$0] })
        let x = userCNN(words, userList.map { userDocuments[$0] }).gatherRows(userPosition)
        let y = itemCNN(words, itemList.map { itemDocuments[$0] }).gatherRows(itemPosition)
        let z = Tensor.concatenate([x, y], axis: 1)
        let v = fmFactors
        let pairwise = (z.matmul(v).squared() - z.squared().matmul(v.squared())).sum(axis: 1) * 0.5
        return fmLinear(z).reshaped([rows.count]) + pairwise + mean
    }

    /// The distinct values in first-seen order, and each value's position among them.
    static func distinct(_ values: [Int]) -> ([Int], [Int]) {
        var index: [Int: Int] = [:], list: [Int] = []
        let positions = values.map { value -> Int in
            if let known = index[value] { return known }
            index[value] = list.count
            list.append(value)
            return list.count - 1
        }
        return (list, positions)
    }

    public func step(_ hyperparameters: HyperparameterSet) throws -> StepReport {
        optimizer.follow(hyperparameters)
        let rows = cursor.next(batchSize: hyperparameters.integer("users-per-step")).flatMap { trainRowsByUser[$0] }
        let loss = optimizer.minimize(following: hyperparameters) {
            Loss.meanSquaredError(predict(rows), Tensor(shape: [rows.count], data: rows.map { corpus.ratings[$0] }))
        }
        return StepReport(loss: loss.scalar, examples: rows.count)
    }

    public func evaluate(_ hyperparameters: HyperparameterSet) throws -> [Metric] {
        let predictions = withoutGradients {
            stride(from: 0, to: corpus.test.count, by: 1024).flatMap { start in
                predict(Array(corpus.test[start..<min(start + 1024, corpus.test.count)])).data.map { min(max($0, 1), 5) }
            }
        }
        let errors = RecommenderMetrics.ratingErrors(predictions: predictions, targets: corpus.test.map { corpus.ratings[$0] })
        return [Metric("test RMSE", errors.rmse, higherIsBetter: false), Metric("test MAE", errors.mae, higherIsBetter: false)]
    }

    public var parameters: [NamedParameter] { optimizer.parameters }
}

/// A one-layer text CNN (Kim 2014): embed, convolve windows of words, ReLU, max over time,
/// then a ReLU fully connected layer.
///
/// A filter spanning `window` whole word vectors is a 1-D convolution, so it is computed as one
/// GEMM: the word ids of every window are gathered as rows of `[windows, window · dimension]`
/// (the embedding lookup does the im2col), multiplied by the filters `[window · dimension,
/// filters]`; the backward pass of the lookup scatters the gradients back to the words.
final class TextCNN: ParameterContainer {
    let window: Int
    /// `[window · dimension, filters]` and `[filters]`.
    let filters: Linear
    let projection: Linear

    init(dimension: Int, filters: Int, window: Int, latent: Int, using generator: inout SeededGenerator) {
        self.window = window
        self.filters = Linear(window * dimension, filters, initializer: .heNormal, using: &generator)
        projection = Linear(filters, latent, initializer: .heNormal, using: &generator)
    }

    /// `[documents.count, latent]` for token-id documents of equal length (at least `window`).
    func callAsFunction(_ words: Tensor, _ documents: [[Int]]) -> Tensor {
        let n = documents.count, length = documents.first?.count ?? 0, d = words.shape[1]
        let positions = length - window + 1
        var ids: [Int] = []
        ids.reserveCapacity(n * positions * window)
        for document in documents {
            for start in 0..<positions { ids += document[start..<(start + window)] }
        }
        // windows: [n · positions, window · d] -> maps [n, positions, filters] -> max over time [n, filters]
        let windows = words.gatherRows(ids).reshaped([n * positions, window * d])
        let maps = filters(windows).relu().reshaped([n, positions, filters.outputs])
        return projection(maps.max(axis: 1)).relu()
    }

    var parameters: [NamedParameter] { filters.parameters.prefixed("filters") + projection.parameters.prefixed("projection") }
}
