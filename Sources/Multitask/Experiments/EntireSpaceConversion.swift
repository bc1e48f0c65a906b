import Datasets
import Lab
import NeuralNet
import TensorKit
import TopicViews

/// Embeddings of user, item and the item's genres, concatenated, and two towers on top: the
/// network of both ESMM and its click-only baseline.
final class ConversionNet: ParameterContainer {
    let users: Embedding
    let items: Embedding
    let genres: Embedding
    let clickTower: MLP
    let conversionTower: MLP

    init(data: ConversionData, dimension: Int, hidden: Int, using generator: inout SeededGenerator) {
        users = Embedding(count: data.userCount, dimension: dimension, using: &generator)
        items = Embedding(count: data.itemCount, dimension: dimension, using: &generator)
        genres = Embedding(count: data.genreCount, dimension: dimension, using: &generator)
        clickTower = MLP(sizes: [3 * dimension, hidden, 1], using: &generator)
        conversionTower = MLP(sizes: [3 * dimension, hidden, 1], using: &generator)
    }

    /// `[N, 3 · dimension]`.
    func features(users userIDs: [Int], items itemIDs: [Int], genres genreBags: [[Int]]) -> Tensor {
        Tensor.concatenate([users(userIDs), items(itemIDs), genres.bag(genreBags)], axis: 1)
    }

    var parameters: [NamedParameter] {
        users.parameters.prefixed("users") + items.parameters.prefixed("items") + genres.parameters.prefixed("genres")
            + clickTower.parameters.prefixed("ctr") + conversionTower.parameters.prefixed("cvr")
    }
}

/// ESMM, the Entire Space Multi-task Model (Ma et al. 2018), against a conversion model trained
/// on clicked impressions only.
///
/// Conversion happens only after a click, so p(click and convert | x) = pCTR(x) · pCVR(x).
/// ESMM trains both towers on every impression through the two observable labels:
///
///     L = BCE(pCTR, click) + BCE(pCTR · pCVR, conversion)
///
/// and never fits pCVR to clicked samples alone, so pCVR is defined over the entire space where
/// it is used. The baseline fits pCVR by BCE(pCVR, conversion) on clicked impressions only, the
/// sample selection bias ESMM removes. Both see the same minibatches; both are scored by the
/// AUC of pCVR against conversions over all test impressions.
public final class EntireSpaceConversion: PanelProviding {
    public static let entry = ExperimentEntry(
        ExperimentDescriptor(id: "mtl.esmm", title: "ESMM: conversion over the entire space", topic: "multitask",
                             summary: "pCTCVR = pCTR x pCVR on MovieLens impressions vs a conversion model trained on clicks only",
                             datasets: ["movielens-100k"]),
        settings: [
        .real("learning-rate", 0.002, in: 1e-5...1, logarithmic: true, live: true, "step size of Adam (both models)"),
        .real("weight-decay", 0, in: 0...1, live: true, "L2 penalty on the weights"),
        .integer("batch-size", 1024, in: 16...8192, live: true, "impressions per minibatch (applies from the next epoch)"),
        .integer("embedding", 16, in: 2...128, "size of each embedding"),
        .integer("hidden", 32, in: 2...512, "hidden units of each tower"),
        .integer("negatives", 3, in: 1...20, "unclicked impressions drawn per rating"),
        .integer("ratings", 100_000, in: 1_000...100_000, "ratings used (the first N, for quick runs)"),
        .integer("data-seed", 2018, in: 0...1_000_000, "seed of the impression sampler and split"),
        ]) { try EntireSpaceConversion($0) }

    let data: ConversionData
    let esmm: ConversionNet
    let clickOnly: ConversionNet
    private let optimizer: any Optimizer
    private var cursor: MinibatchCursor
    private var stepCount = 0
    public private(set) var history = TaskHistory(taskNames: ["ctr", "ctcvr", "click-only cvr"])

    init(_ context: ExperimentContext) throws {
        let hyperparameters = context.settings
        let data = try ConversionData.load(store: context.store, negativesPerClick: hyperparameters.integer("negatives"),
                                           seed: UInt64(hyperparameters.integer("data-seed")),
                                           ratingLimit: hyperparameters.integer("ratings"))
        var generator = SeededGenerator(seed: context.seed)
        let (dimension, hidden) = (hyperparameters.integer("embedding"), hyperparameters.integer("hidden"))
        esmm = ConversionNet(data: data, dimension: dimension, hidden: hidden, using: &generator)
        clickOnly = ConversionNet(data: data, dimension: dimension, hidden: hidden, using: &generator)
        self.data = data
        optimizer = Adam(esmm.parameters.prefixed("esmm") + clickOnly.parameters.prefixed("click-only"),
                         learningRate: hyperparameters.float("learning-rate"))
        cursor = MinibatchCursor(indices: Array(0..<data.train.count), batchSize: hyperparameters.integer("batch-size"),
                                 seed: context.seed &+ 1)
    }

    public var stepsPerEpoch: Int { cursor.stepsPerEpoch }

    private func features(_ net: ConversionNet, _ part: Impressions, _ rows: [Int]) -> Tensor {
        net.features(users: rows.map { part.users[$0] }, items: rows.map { part.items[$0] },
                     genres: rows.map { data.itemGenres[part.items[$0]] })
    }

    public func step(_ hyperparameters: HyperparameterSet) throws -> StepReport {
        optimizer.follow(hyperparameters)
        let rows = cursor.next(batchSize: hyperparameters.integer("batch-size"))
        let part = data.train
        optimizer.zeroGradients()
        // ESMM: both losses over every impression of the batch.
        let shared = features(esmm, part, rows)
        let clickLogits = esmm.clickTower(shared)
        let conversionProbability = clickLogits.sigmoid() * esmm.conversionTower(shared).sigmoid()
        let clickLoss = Loss.binaryCrossEntropyWithLogits(clickLogits, targets: rows.map { part.clicks[$0] })
        let joinedLoss = Loss.binaryCrossEntropy(conversionProbability, targets: rows.map { part.conversions[$0] })
        var total = clickLoss + joinedLoss
        // Baseline: conversion on the clicked impressions only.
        let clicked = rows.filter { part.clicks[$0] > 0.5 }
        var baselineLoss: Float = .nan
        if !clicked.isEmpty {
            let loss = Loss.binaryCrossEntropyWithLogits(clickOnly.conversionTower(features(clickOnly, part, clicked)),
                                                         targets: clicked.map { part.conversions[$0] })
            baselineLoss = loss.scalar
            total = total + loss
        }
        total.backward()
        optimizer.step()
        stepCount += 1
        let losses = [clickLoss.scalar, joinedLoss.scalar, baselineLoss]
        history.record(step: stepCount, losses: losses, weights: [1, 1, 1], cosine: nil)
        return StepReport(loss: losses[0] + losses[1], examples: rows.count,
                          components: ["ctr loss": losses[0], "ctcvr loss": losses[1], "click-only cvr loss": losses[2]])
    }

    /// pCTR, pCVR (ESMM) and pCVR (click-only) of every test impression.
    func testScores() -> (click: [Float], conversion: [Float], baseline: [Float]) {
        var click: [Float] = [], conversion: [Float] = [], baseline: [Float] = []
        withoutGradients {
            for start in stride(from: 0, to: data.test.count, by: 4096) {
                let rows = Array(start..<min(start + 4096, data.test.count))
                let shared = features(esmm, data.test, rows)
                click += esmm.clickTower(shared).sigmoid().data
                conversion += esmm.conversionTower(shared).sigmoid().data
                baseline += clickOnly.conversionTower(features(clickOnly, data.test, rows)).sigmoid().data
            }
        }
        return (click, conversion, baseline)
    }

    public func evaluate(_ hyperparameters: HyperparameterSet) throws -> [Metric] {
        let scores = testScores()
        let test = data.test
        let clicked = test.clicks.indices.filter { test.clicks[$0] > 0.5 }
        func auc(_ values: [Float], _ labels: [Float], _ name: String) -> Metric {
            Metric(name, AreaUnderCurve.of(scores: values, labels: labels), higherIsBetter: true)
        }
        let joined = zip(scores.click, scores.conversion).map { $0 * $1 }
        return [auc(scores.conversion, test.conversions, "ESMM CVR AUC (all impressions)"),
                auc(scores.baseline, test.conversions, "click-only CVR AUC (all impressions)"),
                auc(clicked.map { scores.conversion[$0] }, clicked.map { test.conversions[$0] }, "ESMM CVR AUC (clicked)"),
                auc(clicked.map { scores.baseline[$0] }, clicked.map { test.conversions[$0] }, "click-only CVR AUC (clicked)"),
                auc(scores.click, test.clicks, "ESMM CTR AUC"),
                auc(joined, test.conversions, "ESMM CTCVR AUC")]
    }

    public var parameters: [NamedParameter] { esmm.parameters.prefixed("esmm") + clickOnly.parameters.prefixed("click-only") }

    public func panels(_ settings: HyperparameterSet) -> [any TopicPanel] { [TaskLossPanel(history: history)] }
}
