import Testing
import Lab
import TestSupport
@testable import RecursiveNets

/// Each experiment trains on a slice of the real polarity sentences (and WordNet examples) and
/// must learn: its loss falls and its test accuracy beats chance (the classes are balanced).
@Suite(.serialized) struct RecursiveNetsExperimentTests {
    static let slice = ["train-size=800", "test-size=200"]

    func train(_ entry: ExperimentEntry, _ settings: [String], epochs: Int, seed: UInt64 = 1) throws -> (TrainingSession, [StepReport]) {
        let session = try entry.session(settings, seed: seed)
        var reports: [StepReport] = []
        for _ in 0..<epochs { try session.runEpoch { reports.append($0) } }
        return (session, reports)
    }

    @Test func unsupervisedAutoencoderLowersReconstructionError() throws {
        let (session, reports) = try train(AutoencoderExperiment.entry(.unsupervised), Self.slice + ["wordnet-sentences=400"], epochs: 3)
        #expect(session.stepsPerEpoch == 38)   // (800 + 400) / 32
        let early = reports.prefix(5).map(\.loss).reduce(0, +), late = reports.suffix(5).map(\.loss).reduce(0, +)
        #expect(late < 0.7 * early, "reconstruction \(early / 5) -> \(late / 5)")
        #expect(reports.allSatisfy { $0.components["reconstruction"] == $0.loss })
        let errors = session.history.epochs.map { $0.metric("test reconstruction error")! }
        #expect(errors.last! < errors.first!, "\(errors)")
    }

    @Test func semiSupervisedAutoencoderLearnsSentiment() throws {
        let (session, reports) = try train(AutoencoderExperiment.entry(.semiSupervised), Self.slice, epochs: 4)
        let first = reports.prefix(10).map { $0.components["classification"]! }.reduce(0, +)
        let last = reports.suffix(10).map { $0.components["classification"]! }.reduce(0, +)
        #expect(last < first, "classification \(first / 10) -> \(last / 10)")
        #expect(reports.allSatisfy { $0.components["reconstruction"] != nil })
        let accuracy = session.history.epochs.last!.metric("test accuracy")!
        #expect(accuracy > 0.58, "\(session.history.epochs.map(\.metrics))")
        #expect(session.panels.map(\.title) == ["Tree: first test sentence", "Nearest phrases: not very good", "Test sentences"])
        // A typed sentence gets its own tree and nearest phrases, with unknown words marked.
        let typed = session.experiment(as: AutoencoderExperiment.self).panels(forInput: "a zorblax film", settings: session.settings)
        #expect(typed.map(\.title) == ["Tree: your sentence", "Nearest phrases: a zorblax film"])
        let tree = try #require(typed.first as? SentenceTreePanel)
        #expect(tree.parsed.nodes.filter(\.isUnknown).map(\.text) == ["zorblax"])
    }

    @Test func averagedWeightsTrailTheLastOnes() throws {
        let (session, _) = try train(AutoencoderExperiment.entry(.semiSupervised), Self.slice + ["average=0.9", "word-vectors=random"],
                                     epochs: 1)
        let trainer = session.experiment(as: AutoencoderExperiment.self).trainer
        let last = trainer.weights.snapshot(), averaged = trainer.evaluationWeights()
        let gap = zip(last.encoderWeight, averaged.encoderWeight).map { abs($0 - $1) }.max()!
        #expect(gap > 1e-5, "the average lags the last step")
        trainer.averageDecay = 0
        #expect(trainer.evaluationWeights().encoderWeight == last.encoderWeight)
    }

    @Test func fixedTreeLearnsSentiment() throws {
        let (session, _) = try train(AutoencoderExperiment.entry(.fixedTree), Self.slice + ["tree=right-branching"], epochs: 4)
        let accuracy = session.history.epochs.last!.metric("test accuracy")!
        #expect(accuracy > 0.58, "\(session.history.epochs.map(\.metrics))")
        #expect(session.experiment(as: AutoencoderExperiment.self).shape == .rightBranching)
    }

    @Test func bagOfWordsBeatsChance() throws {
        let (session, reports) = try train(BagOfWords.entry, Self.slice, epochs: 5)
        #expect(reports.suffix(25).map(\.loss).reduce(0, +) < reports.prefix(25).map(\.loss).reduce(0, +))
        let accuracy = session.history.epochs.last!.metric("test accuracy")!
        #expect(accuracy > 0.6, "\(session.history.epochs.map(\.metrics))")
    }

    @Test func fullSplitAndVocabulary() throws {
        let corpus = try SentenceCorpus.load(store: try RealData.store(), minimumCount: 2)
        #expect(corpus.trainIndices.count == 3600 && corpus.testIndices.count == 400)
        #expect(corpus.trainIndices.allSatisfy { $0 % 10 != 9 })
        #expect(corpus.vocabulary.words[0] == "<unk>" && corpus.vocabulary.count > 1000)
        let labels = corpus.testIndices.map { corpus.labels[$0] }
        #expect(labels.filter { $0 == 1 }.count > 150 && labels.filter { $0 == 0 }.count > 150)
    }

    @Test func catalogListsTheFourExperiments() {
        #expect(RecursiveNetsTopic.experiments.map(\.descriptor.id) == ["rnn.rae", "rnn.rae-sentiment", "rnn.fixed-tree", "rnn.bow"])
        #expect(RecursiveNetsTopic.experiments.allSatisfy { $0.descriptor.topic == "recursive-nets" })
    }
}
