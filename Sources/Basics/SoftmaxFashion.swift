import Datasets
import Lab
import NeuralNet
import TensorKit
import TopicViews

/// Softmax regression on Fashion-MNIST: p(y | x) = softmax(W x + b) over the 784 pixels.
/// The simplest classifier that learns; its weights, seen as images, look like the clothes.
public final class SoftmaxFashion: PanelProviding {
    public static let entry = ExperimentEntry(
        ExperimentDescriptor(id: "basics.softmax-fashion", title: "Softmax regression on clothes", topic: "basics",
                             summary: "A linear classifier on 28x28 Fashion-MNIST images reaches about 84 %",
                             datasets: ["fashion-mnist"], epochs: 10, reproduces: Reproduction("test accuracy", 0.84, within: 0.01)),
        settings: [
            .real("learning-rate", 0.1, in: 1e-5...10, logarithmic: true, live: true, "step size of the optimizer"),
            .choice("optimizer", "sgd", among: OptimizerChoice.names, "update rule"),
            .integer("batch-size", 128, in: 1...10_000, live: true, "examples per minibatch (applies from the next epoch)"),
            .real("weight-decay", 0, in: 0...1, live: true, "L2 penalty on the weights"),
            .integer("train-size", 60_000, in: 100...60_000, "training images used (the first N)"),
            .integer("test-size", 10_000, in: 100...10_000, "test images used (the first N)"),
        ]) { try SoftmaxFashion($0) }

    let data: ClassificationData
    let layer: Linear
    private let optimizer: any Optimizer
    private var cursor: MinibatchCursor
    private var lastPredictions: [Int] = []

    init(_ context: ExperimentContext) throws {
        let settings = context.settings
        data = try BasicsData.fashion(store: context.store, trainCount: settings.integer("train-size"),
                                      testCount: settings.integer("test-size"))
        var generator = SeededGenerator(seed: context.seed)
        layer = Linear(data.featureCount, data.classCount, initializer: .constant(0), using: &generator)
        optimizer = OptimizerChoice(rawValue: settings.choice("optimizer"))!
            .make(layer.parameters, learningRate: settings.float("learning-rate"))
        cursor = MinibatchCursor(indices: data.trainIndices, batchSize: settings.integer("batch-size"), seed: context.seed &+ 1)
    }

    public var stepsPerEpoch: Int { cursor.stepsPerEpoch }

    public func step(_ settings: HyperparameterSet) throws -> StepReport {
        let rows = cursor.next(batchSize: settings.integer("batch-size"))
        let loss = optimizer.minimize(following: settings) {
            Loss.softmaxCrossEntropy(layer(data.batch(rows)), labels: data.labels(rows))
        }
        return StepReport(loss: loss.scalar, examples: rows.count)
    }

    public func evaluate(_ hyperparameters: HyperparameterSet) throws -> [Metric] {
        let result = data.evaluate { layer($0) }
        lastPredictions = result.predictions
        return [.accuracy(result.accuracy, name: "test accuracy"), .loss(result.loss, name: "test loss")]
    }

    public var parameters: [NamedParameter] { layer.parameters }

    public func panels(_ settings: HyperparameterSet) -> [any TopicPanel] {
        var panels: [any TopicPanel] = [ClassTemplatesPanel(weights: layer.weight.data, side: 28, classNames: FashionMNIST.classNames)]
        if !lastPredictions.isEmpty {
            panels.append(ConfusionMatrixPanel(truth: data.labels(data.heldOutIndices), predictions: lastPredictions,
                                               classNames: FashionMNIST.classNames, title: "Confusion matrix (test)"))
        }
        return panels
    }
}
