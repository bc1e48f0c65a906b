import Datasets
import Lab
import NeuralNet
import TensorKit
import TopicViews

/// FCN, CNN, ST-FCN or ST-CNN on distorted MNIST-5k or Fashion-MNIST (Jaderberg, Simonyan,
/// Zisserman & Kavukcuoglu 2015, "Spatial Transformer Networks", section 4.1).
///
/// Softmax cross-entropy on minibatches with Adam; the localisation network of the ST models
/// has its own learning rate (`localisation-rate` times the classifier's). Held out: the
/// MNIST-5k rows with index % 5 == 4, or the first Fashion-MNIST test images.
public final class DistortionExperiment: PanelProviding {
    /// The catalog entry of `variant` (defaults: RTS MNIST-5k, Adam, batch 128).
    public static func entry(_ variant: ModelVariant) -> ExperimentEntry {
        ExperimentEntry(descriptor(variant), settings: settings(variant)) { try DistortionExperiment(variant, $0) }
    }

    /// Which of the four models this experiment trains.
    public let variant: ModelVariant
    let images: DistortedImages
    let model: DistortionModel
    private let optimizers: [any Optimizer]
    private var cursor: MinibatchCursor
    /// confusion[truth][prediction] on the held-out set at the last evaluation.
    private(set) var confusion: [[Int]] = []
    /// Held-out images shown in the warp panel.
    let showcase: [Int]

    /// The catalog entry of `variant`: id `stn.<variant>`.
    public static func descriptor(_ variant: ModelVariant) -> ExperimentDescriptor {
        let (title, summary): (String, String) = switch variant {
        case .fcn: ("Fully connected net on distorted images", "The baseline: a 2-hidden-layer network on rotated, scaled, shifted digits")
        case .cnn: ("Convolutional net on distorted images", "Two convolutions and max pooling: some built-in invariance to shifts")
        case .stFCN: ("Spatial transformer + fully connected net", "A localisation net learns to undo the distortion before a 2-layer net classifies")
        case .stCNN: ("Spatial transformer + convolutional net", "A learned affine or projective warp in front of a CNN")
        }
        // Test error on MNIST-5k RTS after ten epochs, seed 1 (lesson spatial-transformers/04).
        let error: Double = switch variant { case .fcn: 0.588; case .cnn: 0.209; case .stFCN: 0.255; case .stCNN: 0.080 }
        return ExperimentDescriptor(id: "stn.\(variant.rawValue)", title: title, topic: "spatial-transformers",
                                    summary: summary, datasets: ["mnist-5k", "fashion-mnist"], epochs: 10,
                                    reproduces: Reproduction("test error", error, within: 0.02))
    }

    static func settings(_ variant: ModelVariant) -> [Hyperparameter] {
        var all: [Hyperparameter] = [
            .choice("dataset", "mnist5k", among: ImageSource.names, "images: mnist5k (4,000 train / 1,000 test) or fashion"),
            .choice("distortion", "rts", among: Distortion.names, "r, rts (42x42), p, e, clutter (60x60)"),
            .real("learning-rate", 0.001, in: 1e-5...1, logarithmic: true, live: true, "step size of Adam"),
            .choice("optimizer", "adam", among: OptimizerChoice.names, "update rule"),
            .integer("batch-size", 128, in: 1...2048, live: true, "examples per minibatch (applies from the next epoch)"),
            .real("weight-decay", 0, in: 0...1, live: true, "L2 penalty on the weights"),
            .integer("hidden", 128, in: 8...1024, "units of the classifier's hidden layers"),
        ]
        if variant.hasTransformer {
            all += [
                .choice("transform", "affine", among: TransformFamily.names, "transformation: affine (6 numbers), projective (8) or tps (thin plate spline, 18)"),
                .integer("output-size", 28, in: 12...60, "side of the transformer's output image"),
                .real("localisation-rate", 1, in: 0...10, live: true, "localisation learning rate as a multiple of learning-rate"),
            ]
        }
        all += [
            .integer("data-seed", 1, in: 0...1_000_000, "seed of the distortions (same seed, same data set)"),
            .integer("train-size", 10_000, in: 100...60_000, "training images (Fashion-MNIST: the first N; MNIST-5k: at most its 4,000)"),
            .integer("test-size", 2_000, in: 100...10_000, "test images (Fashion-MNIST: the first N; MNIST-5k: at most its 1,000)"),
        ]
        return all
    }

    /// Loads and distorts the images (seeded by `data-seed`), builds the model (seeded by the run seed).
    init(_ variant: ModelVariant, _ context: ExperimentContext) throws {
        self.variant = variant
        let hyperparameters = context.settings
        images = try DistortedImages.load(
            ImageSource(rawValue: hyperparameters.choice("dataset"))!,
            distortion: Distortion(rawValue: hyperparameters.choice("distortion"))!,
            seed: UInt64(hyperparameters.integer("data-seed")), store: context.store,
            trainCount: hyperparameters.integer("train-size"), testCount: hyperparameters.integer("test-size"))
        var generator = SeededGenerator(seed: context.seed)
        let family = variant.hasTransformer ? TransformFamily(rawValue: hyperparameters.choice("transform"))! : .affine
        let outputSide = variant.hasTransformer ? hyperparameters.integer("output-size") : images.side
        model = DistortionModel(variant, side: images.side, outputSide: outputSide, family: family,
                                    hidden: hyperparameters.integer("hidden"), classes: images.data.classCount,
                                    using: &generator)
        let choice = OptimizerChoice(rawValue: hyperparameters.choice("optimizer"))!
        let rate = hyperparameters.float("learning-rate")
        var optimizers = [choice.make(model.classifier.parameters, learningRate: rate)]
        if let transformer = model.transformer {
            optimizers.append(choice.make(transformer.parameters, learningRate: rate * hyperparameters.float("localisation-rate")))
        }
        self.optimizers = optimizers
        cursor = MinibatchCursor(indices: images.data.trainIndices, batchSize: hyperparameters.integer("batch-size"),
                                 seed: context.seed &+ 1)
        let held = images.data.heldOutIndices
        showcase = (0..<6).map { held[($0 * held.count / 6 + $0 * 7) % held.count] }
    }

    public var stepsPerEpoch: Int { cursor.stepsPerEpoch }

    /// One minibatch: forward, cross-entropy, backward, one step of each optimizer (the
    /// localisation network's at `localisation-rate` times the classifier's rate).
    public func step(_ hyperparameters: HyperparameterSet) throws -> StepReport {
        let rate = hyperparameters.float("learning-rate")
        for (index, optimizer) in optimizers.enumerated() {
            optimizer.follow(hyperparameters)
            if index > 0 { optimizer.learningRate = rate * hyperparameters.float("localisation-rate") }
            optimizer.zeroGradients()
        }
        let rows = cursor.next(batchSize: hyperparameters.integer("batch-size"))
        let loss = Loss.softmaxCrossEntropy(model(images.batch(rows)).logits, labels: images.data.labels(rows))
        loss.backward()
        for optimizer in optimizers { optimizer.step() }
        return StepReport(loss: loss.scalar, examples: rows.count)
    }

    /// Test accuracy, error and loss; also records the confusion matrix for the panel.
    public func evaluate(_ hyperparameters: HyperparameterSet) throws -> [Metric] {
        let side = images.side
        let result = images.data.evaluate(batchSize: 500) { model($0.reshaped([$0.shape[0], 1, side, side])).logits }
        var matrix = [[Int]](repeating: [Int](repeating: 0, count: images.data.classCount), count: images.data.classCount)
        for (row, guess) in zip(images.data.heldOutIndices, result.predictions) { matrix[images.data.labels[row]][guess] += 1 }
        confusion = matrix
        return [.accuracy(result.accuracy, name: "test accuracy"), Metric("test error", 1 - result.accuracy, higherIsBetter: false),
                .loss(result.loss, name: "test loss")]
    }

    public var parameters: [NamedParameter] { model.parameters }
}
