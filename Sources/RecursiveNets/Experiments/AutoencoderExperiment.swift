import Datasets
import Lab
import NeuralNet
import TensorKit
import TopicViews

/// The recursive autoencoder experiments (Socher et al. 2011), in three variants:
///
/// - `rnn.rae`: unsupervised. Trees are built greedily by reconstruction error and the only
///   loss is the weighted reconstruction error, on the training sentences and WordNet examples.
/// - `rnn.rae-sentiment`: semi-supervised. A softmax at every node adds its cross-entropy:
///   J = alpha * E_rec + (1 - alpha) * CE.
/// - `rnn.fixed-tree`: the same loss over a balanced or right-branching tree, to show what the
///   learned structure buys.
///
/// After each epoch a softmax regression is trained on the sentence features [root; mean of
/// all node vectors] of the training sentences and measured on the 400 test sentences.
public final class AutoencoderExperiment: PanelProviding {
    public enum Variant: Sendable { case unsupervised, semiSupervised, fixedTree }

    /// The catalog entry of `variant`.
    public static func entry(_ variant: Variant) -> ExperimentEntry {
        ExperimentEntry(descriptor(variant), settings: settings(variant)) { try AutoencoderExperiment(variant, $0) }
    }

    public static func descriptor(_ variant: Variant) -> ExperimentDescriptor {
        switch variant {
        case .unsupervised:
            ExperimentDescriptor(id: "rnn.rae", title: "Recursive autoencoder", topic: "recursive-nets",
                                 summary: "Learns phrase vectors and trees without labels by reconstructing children",
                                 datasets: ["polarity", "wordnet"], epochs: 8,
                                 reproduces: Reproduction("test reconstruction error", 0.034, within: 0.003))
        case .semiSupervised:
            ExperimentDescriptor(id: "rnn.rae-sentiment", title: "Semi-supervised RAE for sentiment", topic: "recursive-nets",
                                 summary: "Reconstruction plus a sentiment softmax at every node of the greedy tree",
                                 datasets: ["polarity", "wordnet"], epochs: 8, reproduces: Reproduction("test accuracy", 0.696, within: 0.035))
        case .fixedTree:
            ExperimentDescriptor(id: "rnn.fixed-tree", title: "Recursive net over a fixed tree", topic: "recursive-nets",
                                 summary: "The same composition and loss over a balanced or right-branching tree",
                                 datasets: ["polarity", "wordnet"], epochs: 8,
                                 reproduces: Reproduction("test accuracy", 0.65, within: 0.035))
        }
    }

    public let variant: Variant
    let shape: TreeShape
    let corpus: SentenceCorpus
    let trainer: AutoencoderTrainer
    private var cursor: MinibatchCursor
    private var unlabeledCursor: MinibatchCursor?
    private(set) var lastEvaluation: Evaluation?
    var stepsTaken = 0
    var cachedPanels: (step: Int, panels: [any TopicPanel])?
    var cachedInputPanels: (step: Int, text: String, panels: [any TopicPanel])?

    /// What the last `evaluate()` saw (for panels).
    struct Evaluation {
        var testPredictions: [Int]
        var testAccuracy: Double
    }

    static func settings(_ variant: Variant) -> [Hyperparameter] {
        var list: [Hyperparameter] = [
            .real("learning-rate", variant == .unsupervised ? 0.05 : 0.02, in: 1e-5...1, logarithmic: true, live: true, "step size of the optimizer"),
            .choice("optimizer", "adagrad", among: OptimizerChoice.names, "update rule"),
            .real("weight-decay", 1e-5, in: 0...1, live: true, "L2 penalty on the weights"),
            .integer("batch-size", 32, in: 1...512, live: true, "sentences per minibatch (applies from the next epoch)"),
            .integer("dimension", 50, in: 2...300, "length of word and phrase vectors"),
            .integer("min-count", 2, in: 1...20, "words seen fewer times in training become <unk>"),
            .integer("train-size", 3600, in: 10...3600, "training sentences used"),
            .integer("test-size", 400, in: 10...400, "test sentences used"),
            .choice("word-vectors", "wordnet", among: ["wordnet", "random"], "start from PPMI-SVD vectors of WordNet glosses, or from random ones"),
            .real("average", 0.99, in: 0...0.9999, live: true, "evaluate Polyak-averaged weights: w̄ ← β w̄ + (1 - β) w (0: the last weights)"),
        ]
        switch variant {
        case .unsupervised:
            list.append(.integer("wordnet-sentences", 5000, in: 0...48000, "WordNet example sentences added to training"))
            list.append(.flag("train-words", false, "let reconstruction move the word vectors (they can collapse onto one direction)"))
        case .semiSupervised:
            list.append(.real("alpha", 0.2, in: 0...1, live: true, "weight of reconstruction against classification"))
            list.append(.choice("tree", "greedy", among: TreeShape.names, "how the tree over a sentence is chosen"))
            list.append(.integer("wordnet-sentences", 5000, in: 0...48000, "unlabelled WordNet sentences, one batch of them (reconstruction only) per step"))
        case .fixedTree:
            list.append(.real("alpha", 0.2, in: 0...1, live: true, "weight of reconstruction against classification"))
            list.append(.choice("tree", "balanced", among: ["balanced", "right-branching"], "the fixed tree shape"))
        }
        return list
    }

    init(_ variant: Variant, _ context: ExperimentContext) throws {
        self.variant = variant
        let hyperparameters = context.settings
        shape = variant == .unsupervised ? .greedy : TreeShape(rawValue: hyperparameters.choice("tree"))!
        let wordNet = hyperparameters.has("wordnet-sentences") ? hyperparameters.integer("wordnet-sentences") : 0
        let corpus = try SentenceCorpus.load(store: context.store, minimumCount: hyperparameters.integer("min-count"),
                                             trainSize: hyperparameters.integer("train-size"),
                                             testSize: hyperparameters.integer("test-size"), wordNetCount: wordNet)
        var generator = SeededGenerator(seed: context.seed)
        let weights = AutoencoderWeights(vocabularySize: corpus.vocabulary.count, dimension: hyperparameters.integer("dimension"),
                                         classCount: variant == .unsupervised ? 0 : 2, using: &generator)
        if hyperparameters.choice("word-vectors") == "wordnet" {
            let vectors = try WordVectorCache.shared.vectors(for: corpus, dimension: weights.dimension, store: context.store)
            weights.replaceWords(with: vectors)
        }
        trainer = AutoencoderTrainer(weights: weights, shape: shape,
                                     optimizer: OptimizerChoice(rawValue: hyperparameters.choice("optimizer"))!,
                                     learningRate: hyperparameters.float("learning-rate"))
        trainer.trainsWords = variant != .unsupervised || hyperparameters.flag("train-words")
        // Unsupervised: the training sentences and WordNet examples form one pool (ids >= count are WordNet).
        let pool = variant == .unsupervised ? corpus.trainIndices + corpus.unlabeled.indices.map { corpus.sentences.count + $0 }
                                            : corpus.trainIndices
        cursor = MinibatchCursor(indices: pool, batchSize: hyperparameters.integer("batch-size"), seed: context.seed &+ 1)
        unlabeledCursor = variant != .unsupervised && !corpus.unlabeled.isEmpty
            ? MinibatchCursor(indices: Array(corpus.unlabeled.indices), batchSize: hyperparameters.integer("batch-size"), seed: context.seed &+ 2)
            : nil
        self.corpus = corpus
    }

    public var stepsPerEpoch: Int { cursor.stepsPerEpoch }

    public func step(_ hyperparameters: HyperparameterSet) throws -> StepReport {
        let rate = hyperparameters.float("learning-rate"), decay = hyperparameters.float("weight-decay")
        trainer.averageDecay = hyperparameters.float("average")    // live: read before every step
        let rows = cursor.next(batchSize: hyperparameters.integer("batch-size"))
        stepsTaken += 1
        let sentences = rows.map { $0 < corpus.sentences.count ? corpus.sentences[$0] : corpus.unlabeled[$0 - corpus.sentences.count] }
        if variant == .unsupervised {
            let loss = trainer.step(sentences, labels: nil, alpha: 1, learningRate: rate, weightDecay: decay)
            return StepReport(loss: loss.total, examples: rows.count, components: ["reconstruction": loss.reconstruction])
        }
        let alpha = hyperparameters.float("alpha")
        let loss = trainer.step(sentences, labels: rows.map { corpus.labels[$0] }, alpha: alpha, learningRate: rate, weightDecay: decay)
        var components = ["reconstruction": loss.reconstruction, "classification": loss.classification]
        if unlabeledCursor != nil {
            let extra = unlabeledCursor!.next(batchSize: hyperparameters.integer("batch-size")).map { corpus.unlabeled[$0] }
            components["wordnet reconstruction"] = trainer.step(extra, labels: nil, alpha: 1, learningRate: rate, weightDecay: decay).reconstruction
        }
        return StepReport(loss: loss.total, examples: rows.count, components: components)
    }

    public func evaluate(_ hyperparameters: HyperparameterSet) throws -> [Metric] {
        let snapshot = trainer.evaluationWeights()
        let train = snapshot.encode(corpus.trainIndices.map { corpus.sentences[$0] }, shape: shape)
        let test = snapshot.encode(corpus.testIndices.map { corpus.sentences[$0] }, shape: shape)
        let testLabels = corpus.testIndices.map { corpus.labels[$0] }
        let classifier = FeatureClassifier(features: train.features, labels: corpus.trainIndices.map { corpus.labels[$0] },
                                           width: train.width)
        let predictions = classifier.predict(test.features)
        let accuracy = Double(zip(predictions, testLabels).filter { $0 == $1 }.count) / Double(max(testLabels.count, 1))
        lastEvaluation = Evaluation(testPredictions: predictions, testAccuracy: accuracy)
        cachedPanels = nil
        var metrics: [Metric] = [.accuracy(accuracy, name: "test accuracy"),
                                 .loss(test.meanReconstructionError, name: "test reconstruction error")]
        if !test.rootProbabilities.isEmpty {
            let rootGuesses = testLabels.indices.map { test.rootProbabilities[2 * $0 + 1] > 0.5 ? 1 : 0 }
            let rootAccuracy = Double(zip(rootGuesses, testLabels).filter { $0 == $1 }.count) / Double(max(testLabels.count, 1))
            metrics.append(.accuracy(rootAccuracy, name: "root softmax test accuracy"))
        }
        return metrics
    }

    public var parameters: [NamedParameter] { trainer.weights.parameters }
}
