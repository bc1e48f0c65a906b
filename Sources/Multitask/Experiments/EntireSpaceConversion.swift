import Datasets
import Lab
import NeuralNet
import TensorKit
import TopicViews

/// ESMM, the Entire Space Multi-task Model (Ma et al. 2018), with the paper's baselines and
/// its evaluation protocol, on impressions made from MovieLens 100K (see `ConversionData`).
///
/// Conversion happens only after a click, so p(click and convert | x) = pCTR(x) · pCVR(x).
/// ESMM trains a CTR tower and a CVR tower over shared embeddings through the two observable
/// labels only (its Eq. 3):
///
///     L = BCE(pCTR, click) + BCE(pCTR · pCVR, click and conversion)      over all impressions
///
/// pCVR gets no direct supervision. The baselines, each its own network of the same shape:
/// - BASE: pCVR fitted by BCE(pCVR, conversion) on clicked impressions only (the sample
///   selection bias ESMM removes);
/// - AMAN ("all missing as negatives", sampling rate 100%): pCVR fitted on every impression,
///   unclicked ones as non-conversions;
/// - CTR: a click model trained on every impression, whose pCTR every model's pCTCVR uses.
///
/// The paper's metrics (section 3.1): the CVR task's AUC of pCVR on clicked impressions, and the
/// CTCVR task's AUC of pCTR × pCVR on all impressions, "where pCTR is estimated with a same
/// independently trained CTR network". All four networks see the same minibatches.
public final class EntireSpaceConversion: PanelProviding {
    public static let entry = ExperimentEntry(
        ExperimentDescriptor(id: "mtl.esmm", title: "ESMM: conversion over the entire space", topic: "multitask",
                             summary: "pCTCVR = pCTR x pCVR on MovieLens impressions against click-only (BASE) and all-negatives (AMAN) models",
                             datasets: ["movielens-100k"], epochs: 10, reproduces: Reproduction("ESMM CVR AUC (clicked)", 0.806, within: 0.005)),
        settings: [
            .real("learning-rate", 0.002, in: 1e-5...1, logarithmic: true, live: true, "step size of Adam (every network)"),
            .real("weight-decay", 0, in: 0...1, live: true, "L2 penalty on the weights"),
            .integer("batch-size", 1024, in: 16...8192, live: true, "impressions per minibatch (applies from the next epoch)"),
            .integer("embedding", 16, in: 2...128, "size of each embedding"),
            .integer("hidden", 32, in: 2...512, "hidden units of each tower"),
            .integer("negatives", 9, in: 1...30, "unclicked impressions drawn per rating (9: one impression in ten is clicked)"),
            .integer("conversion-rating", 5, in: 2...5, "a click converts when its rating is at least this (5: about a fifth of clicks)"),
            .integer("ratings", 100_000, in: 1_000...100_000, "ratings used (the first N, for quick runs)"),
            .integer("data-seed", 2018, in: 0...1_000_000, "seed of the impression sampler and split"),
        ]) { try EntireSpaceConversion($0) }

    /// The models, in the order of their metrics.
    static let models = ["ESMM", "BASE", "AMAN"]

    let data: ConversionData
    let esmm: ConversionNet
    let base: ConversionNet
    let aman: ConversionNet
    let clicks: ConversionNet
    private let optimizer: any Optimizer
    private var cursor: MinibatchCursor
    private var stepCount = 0
    public private(set) var history = TaskHistory(taskNames: ["esmm ctr", "esmm ctcvr", "base cvr", "aman cvr", "ctr net"])

    init(_ context: ExperimentContext) throws {
        let settings = context.settings
        let data = try ConversionData.load(store: context.store, negativesPerClick: settings.integer("negatives"),
                                           conversionRating: Float(settings.integer("conversion-rating")),
                                           seed: UInt64(settings.integer("data-seed")), ratingLimit: settings.integer("ratings"))
        var generator = SeededGenerator(seed: context.seed)
        let (dimension, hidden) = (settings.integer("embedding"), settings.integer("hidden"))
        esmm = ConversionNet(data: data, dimension: dimension, hidden: hidden, towers: 2, using: &generator)
        base = ConversionNet(data: data, dimension: dimension, hidden: hidden, towers: 1, using: &generator)
        aman = ConversionNet(data: data, dimension: dimension, hidden: hidden, towers: 1, using: &generator)
        clicks = ConversionNet(data: data, dimension: dimension, hidden: hidden, towers: 1, using: &generator)
        self.data = data
        optimizer = Adam(esmm.parameters.prefixed("esmm") + base.parameters.prefixed("base") + aman.parameters.prefixed("aman")
                            + clicks.parameters.prefixed("ctr"), learningRate: settings.float("learning-rate"))
        cursor = MinibatchCursor(indices: Array(0..<data.train.count), batchSize: settings.integer("batch-size"),
                                 seed: context.seed &+ 1)
    }

    public var stepsPerEpoch: Int { cursor.stepsPerEpoch }

    private func features(_ net: ConversionNet, _ part: Impressions, _ rows: [Int]) -> Tensor {
        net.features(part, rows, genres: rows.map { data.itemGenres[part.items[$0]] })
    }

    public func step(_ settings: HyperparameterSet) throws -> StepReport {
        let rows = cursor.next(batchSize: settings.integer("batch-size"))
        let part = data.train
        let clickLabels = rows.map { part.clicks[$0] }, conversionLabels = rows.map { part.conversions[$0] }
        let clicked = rows.filter { part.clicks[$0] > 0.5 }
        var losses: [Float] = []
        _ = optimizer.minimize(following: settings) {
            // ESMM: both losses over every impression; pCVR only through pCTR · pCVR.
            let shared = features(esmm, part, rows)
            let clickLogits = esmm.towers[0](shared)
            let ctr = Loss.binaryCrossEntropyWithLogits(clickLogits, targets: clickLabels)
            let ctcvr = Loss.binaryCrossEntropy(clickLogits.sigmoid() * esmm.towers[1](shared).sigmoid(), targets: conversionLabels)
            // BASE: conversions on the clicked impressions only.
            let baseLoss = clicked.isEmpty ? nil : Loss.binaryCrossEntropyWithLogits(
                base.towers[0](features(base, part, clicked)), targets: clicked.map { part.conversions[$0] })
            // AMAN: every unclicked impression a non-conversion.
            let amanLoss = Loss.binaryCrossEntropyWithLogits(aman.towers[0](features(aman, part, rows)), targets: conversionLabels)
            // The independent click model every pCTCVR is scored with.
            let clickLoss = Loss.binaryCrossEntropyWithLogits(clicks.towers[0](features(clicks, part, rows)), targets: clickLabels)
            losses = [ctr.scalar, ctcvr.scalar, baseLoss?.scalar ?? .nan, amanLoss.scalar, clickLoss.scalar]
            var total = ctr + ctcvr + amanLoss + clickLoss
            if let baseLoss { total = total + baseLoss }
            return total
        }
        stepCount += 1
        history.record(step: stepCount, losses: losses, weights: losses.map { _ in 1 }, cosine: nil)
        return StepReport(loss: losses[0] + losses[1], examples: rows.count,
                          components: ["esmm ctr loss": losses[0], "esmm ctcvr loss": losses[1], "base cvr loss": losses[2],
                                       "aman cvr loss": losses[3], "ctr net loss": losses[4]])
    }

    /// Every test impression's independent pCTR and each model's pCVR (`models` order).
    func testScores() -> (click: [Float], conversion: [[Float]]) {
        var click: [Float] = [], conversion: [[Float]] = [[], [], []]
        withoutGradients {
            for start in stride(from: 0, to: data.test.count, by: 4096) {
                let rows = Array(start..<min(start + 4096, data.test.count))
                click += clicks.towers[0](features(clicks, data.test, rows)).sigmoid().data
                conversion[0] += esmm.towers[1](features(esmm, data.test, rows)).sigmoid().data
                conversion[1] += base.towers[0](features(base, data.test, rows)).sigmoid().data
                conversion[2] += aman.towers[0](features(aman, data.test, rows)).sigmoid().data
            }
        }
        return (click, conversion)
    }

    /// The paper's two tasks for each model: CVR AUC on clicked test impressions, CTCVR AUC of
    /// pCTR × pCVR on all of them; then the independent click model's CTR AUC.
    public func evaluate(_ settings: HyperparameterSet) throws -> [Metric] {
        let scores = testScores()
        return Self.paperMetrics(clicks: data.test.clicks, conversions: data.test.conversions,
                                 clickScores: scores.click, conversionScores: scores.conversion)
    }

    /// The metrics of `evaluate` from labels and scores (`conversionScores` in `models` order).
    static func paperMetrics(clicks: [Float], conversions: [Float], clickScores: [Float],
                             conversionScores: [[Float]]) -> [Metric] {
        let clicked = clicks.indices.filter { clicks[$0] > 0.5 }
        func auc(_ values: [Float], _ labels: [Float], _ name: String) -> Metric {
            Metric(name, AreaUnderCurve.of(scores: values, labels: labels), higherIsBetter: true)
        }
        var metrics: [Metric] = []
        for (index, name) in models.enumerated() {
            metrics.append(auc(clicked.map { conversionScores[index][$0] }, clicked.map { conversions[$0] },
                               "\(name) CVR AUC (clicked)"))
        }
        for (index, name) in models.enumerated() {
            metrics.append(auc(zip(clickScores, conversionScores[index]).map { $0 * $1 }, conversions,
                               "\(name) CTCVR AUC (all)"))
        }
        metrics.append(auc(clickScores, clicks, "CTR AUC"))
        return metrics
    }

    public var parameters: [NamedParameter] { optimizer.parameters }

    public func panels(_ settings: HyperparameterSet) -> [any TopicPanel] { [TaskLossPanel(history: history)] }
}
