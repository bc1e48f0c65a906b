import Testing
import Datasets
import Foundation
import Lab
import TestSupport
@testable import Multitask

/// Each experiment trains on a slice of its real data and must learn.
@Suite(.serialized) struct ExperimentTests {
    func session(_ entry: ExperimentEntry, _ settings: [String], seed: UInt64 = 1) throws -> TrainingSession {
        try entry.session(settings, seed: seed)
    }

    @Test(arguments: ["single", "hard", "mmoe"])
    func multiFashionModelsLearnBothTasks(model: String) throws {
        let session = try session(MultiFashion.entry, ["model=\(model)", "train-size=2000", "test-size=500", "batch-size=50"])
        let before = try session.evaluate()
        let first = try session.runEpoch()
        let last = try session.runEpoch()
        #expect(last.trainLoss < first.trainLoss)
        for task in ["left", "right"] {
            #expect(before.first { $0.name == "\(task) accuracy" }!.value < 0.2)
            #expect(last.metric("\(task) accuracy")! > 0.3, "\(model) \(task): \(last.metrics)")
        }
        let report = try session.step()
        #expect(report.components["left loss"] != nil && report.components["right loss"] != nil)
        #expect(session.panels.map(\.title).prefix(2) == ["Task losses", "Task weights"])
    }

    /// The evaluation reads the moving average of the weights and leaves the trained weights as
    /// they were; without the average it measures different (the last) weights.
    @Test func evaluationUsesTheAveragedWeights() throws {
        let session = try session(MultiFashion.entry, ["average=0.95", "train-size=1000", "test-size=300", "batch-size=50"])
        let experiment = session.experiment(as: MultiFashion.self)
        try session.runEpoch()
        let trained = experiment.parameters.map(\.tensor.data)
        let averaged = try session.evaluate().map(\.value)
        #expect(experiment.parameters.map(\.tensor.data) == trained, "evaluation must put the trained weights back")
        #expect(experiment.average.average(of: 0) != trained[0])
        let last = experiment.metrics(averaged: false).map(\.value)
        #expect(averaged != last, "averaged \(averaged), last \(last)")
    }

    @Test(arguments: ["uncertainty", "gradnorm", "mgda", "pcgrad"])
    func balancingRulesTrainAndAct(weighting: String) throws {
        let session = try session(MultiFashion.entry, ["weighting=\(weighting)", "train-size=2000", "test-size=500", "batch-size=50"])
        let experiment = session.experiment(as: MultiFashion.self)
        let first = try session.runEpoch()
        let last = try session.runEpoch()
        #expect(last.metric("left accuracy")! > 0.25 && last.metric("right accuracy")! > 0.25, "\(last.metrics)")
        #expect(last.metric("left loss")! < first.metric("left loss")!)
        let weights = experiment.history.weights[0].map(\.value)
        let cosines = experiment.history.cosines.map(\.value)
        if weighting == "pcgrad" {
            // PCGrad keeps the weights at 1 and acts where the gradients on the shared map conflict.
            #expect(experiment.history.weights.allSatisfy { $0.allSatisfy { $0.value == 1 } })
            #expect(cosines.contains { $0 < 0 }, "no conflicting step in \(cosines.count)")
        } else {
            #expect(Set(weights).count > 1, "weights never changed")
        }
        #expect(cosines.count == experiment.history.losses[0].count)
        #expect(cosines.allSatisfy { (-1.0001...1.0001).contains($0) })
        let report = try session.step()
        #expect(report.components["gradient cosine"] == Float(experiment.history.cosines.last!.value))
        #expect(session.history.steps.last!.components == report.components)  // --csv writes them
    }

    @Test func fixedRightWeightIsLiveAndRecorded() throws {
        let session = try session(MultiFashion.entry, ["weighting=fixed", "right-weight=2", "train-size=1000", "test-size=200", "batch-size=100"])
        let experiment = session.experiment(as: MultiFashion.self)
        try session.step()
        try session.change("right-weight", to: .real(0.5))
        try session.step()
        #expect(experiment.history.weights[0].map(\.value) == [1, 1])
        #expect(experiment.history.weights[1].map(\.value) == [2, 0.5])
    }

    @Test func multiFashionPlusDigitsLearnsTheDigitSide() throws {
        let session = try session(MultiFashion.entry, ["data=fashion+mnist", "train-size=2000", "test-size=500", "batch-size=50"])
        // The digits (right) start slower than the clothes: three epochs of 40 steps (chance is 0.1).
        for _ in 0..<3 { try session.runEpoch() }
        #expect(session.history.epochs.last!.metric("right accuracy")! > 0.35, "\(session.history.epochs.last!.metrics)")
    }

    @Test(arguments: ["shared-bottom", "mmoe"])
    func adultModelsRankBothTasks(model: String) throws {
        let session = try session(AdultCensus.entry, ["model=\(model)", "train-size=6000", "test-size=3000"])
        let first = try session.runEpoch()
        var last = first
        for _ in 0..<2 { last = try session.runEpoch() }
        #expect(last.trainLoss < first.trainLoss)
        #expect(last.metric("income AUC")! > 0.85, "\(last.metrics)")
        #expect(last.metric("never-married AUC")! > 0.9, "\(last.metrics)")
        if model == "mmoe" {
            let panel = session.panels.compactMap { $0 as? GateHeatmapPanel }.first!
            #expect(panel.gates.count == 2 && panel.gates.allSatisfy { abs($0.reduce(0, +) - 1) < 1e-4 })
        }
    }

    @Test func esmmLearnsClicksAndConversions() throws {
        let session = try session(EntireSpaceConversion.entry, ["ratings=15000", "batch-size=512"])
        let first = try session.runEpoch()
        var last = first
        for _ in 0..<2 { last = try session.runEpoch() }
        #expect(last.trainLoss < first.trainLoss)
        #expect(last.metric("CTR AUC")! > 0.75, "\(last.metrics)")
        for model in ["ESMM", "BASE", "AMAN"] {
            #expect(last.metric("\(model) CVR AUC (clicked)")! > 0.55, "\(last.metrics)")
            #expect(last.metric("\(model) CTCVR AUC (all)")! > 0.75, "\(last.metrics)")
        }
    }

    /// ESMM's section 3.1: the CVR task's AUC ranks clicked impressions only; the CTCVR task
    /// multiplies the independent pCTR into each model's pCVR and ranks every impression.
    @Test func esmmMetricsUseThePapersSamples() {
        // Impressions: two clicked (one converts), two unclicked.
        let clicks: [Float] = [1, 1, 0, 0], conversions: [Float] = [1, 0, 0, 0]
        let clickScores: [Float] = [0.9, 0.8, 0.1, 0.7]
        // ESMM ranks the clicked pair right and gives the unclicked ones a high pCVR; BASE ranks it wrong.
        let esmm: [Float] = [0.6, 0.5, 0.9, 0.9], base: [Float] = [0.4, 0.5, 0.0, 0.9], aman: [Float] = [0.5, 0.5, 0.5, 0.5]
        let metrics = EntireSpaceConversion.paperMetrics(clicks: clicks, conversions: conversions,
                                                         clickScores: clickScores, conversionScores: [esmm, base, aman])
        func value(_ name: String) -> Double { metrics.first { $0.name == name }!.value }
        #expect(value("ESMM CVR AUC (clicked)") == 1)  // the unclicked 0.9s do not count
        #expect(value("BASE CVR AUC (clicked)") == 0)
        #expect(value("AMAN CVR AUC (clicked)") == 0.5)
        // pCTCVR: ESMM 0.54, 0.40, 0.09, 0.63 -> the conversion beats 2 of 3 non-conversions.
        #expect(abs(value("ESMM CTCVR AUC (all)") - 2.0 / 3) < 1e-9)
        #expect(abs(value("BASE CTCVR AUC (all)") - 1.0 / 3) < 1e-9)  // 0.36, 0.40, 0, 0.63
        #expect(value("CTR AUC") == 1)
    }

    @Test func lessonsDriveOnlyRealExperimentsAndSettings() throws {
        let all = try LessonCatalog.load(from: RealData.projectRoot.appendingPathComponent("lessons"))
        let lessons = LessonCatalog(lessons: all.lessons(inTopic: "multitask"))
        #expect(lessons.lessons.count >= 5)
        #expect(lessons.lessons.allSatisfy { !$0.runLinks.isEmpty && ($0.body.contains("## Exercises") || $0.slug.hasSuffix("exercises")) })
        #expect(lessons.lessons.map(\.title).last == "Exercises: when does sharing pay?")
        let catalog = ExperimentCatalog(modules: [MultitaskTopic.self])
        #expect(lessons.problems(against: catalog) == [])
    }

    @Test func catalogListsTheThreeExperiments() {
        #expect(MultitaskTopic.experiments.map(\.descriptor.id) == ["mtl.multifashion", "mtl.adult", "mtl.esmm"])
        #expect(MultitaskTopic.experiments.allSatisfy { $0.descriptor.topic == "multitask" })
    }
}

/// The data sets built for the topic, checked on the real files.
@Suite(.serialized) struct TopicDataTests {
    @Test func adultEncodingDropsMaritalStatusAndStandardisesNumbers() throws {
        let data = try AdultTasks.load(store: try RealData.store(), trainLimit: 4000, testLimit: 1000)
        #expect(data.train.count == 4000 && data.test.count == 1000)
        #expect(data.train.featureCount == data.test.featureCount)
        let width = data.train.featureCount
        let ages = (0..<4000).map { Double(data.train.features[$0 * width]) }
        #expect(abs(ages.reduce(0, +) / 4000) < 1e-4)
        // Every row has exactly one hot value per non-missing categorical column (7 columns, marital excluded).
        let hot = (0..<4000).map { row in (6..<width).filter { data.train.features[row * width + $0] == 1 }.count }
        #expect(hot.allSatisfy { (4...7).contains($0) } && hot.filter { $0 == 7 }.count > 3500, "\(Dictionary(grouping: hot) { $0 }.mapValues(\.count))")
        let neverMarried = data.train.neverMarried.reduce(0, +) / 4000, income = data.train.income.reduce(0, +) / 4000
        #expect((0.25...0.4).contains(neverMarried) && (0.18...0.3).contains(income))
        // relationship=false drops the column's six values (Husband, Wife ... give marital status away).
        let without = try AdultTasks.load(store: try RealData.store(), trainLimit: 4000, testLimit: 1000, excluded: ["relationship"])
        #expect(without.train.featureCount == width - 6)
    }

    @Test func impressionsHaveOneClickPerRatingAndUnratedNegatives() throws {
        let store = try RealData.store()
        let data = try ConversionData.load(store: store, negativesPerClick: 3, seed: 4, ratingLimit: 5000)
        #expect(data.train.count + data.test.count == 5000 * 4)
        #expect(data.test.clicks.filter { $0 > 0.5 }.count == 1000)
        let movies = try MovieLens100K(store: store)
        let users = movies.userIndices, items = movies.itemIndices
        let rated = Set(zip(users, items).map { $0 * 10_000 + $1 })
        let wrong = data.train.clicks.indices.filter { index in
            let pair = data.train.users[index] * 10_000 + data.train.items[index]
            return rated.contains(pair) != (data.train.clicks[index] > 0.5) || data.train.conversions[index] > data.train.clicks[index]
        }
        #expect(wrong.isEmpty)
        // Conversions are ratings of 5 by default: rare among clicks, as ESMM's setting needs.
        let clicked = data.train.clicks.indices.filter { data.train.clicks[$0] > 0.5 }
        let converted = Double(clicked.filter { data.train.conversions[$0] > 0.5 }.count) / Double(clicked.count)
        #expect((0.15...0.3).contains(converted), "\(converted)")
        #expect(data.itemGenres.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0 < data.genreCount } })
    }
}
