import Datasets
import Lab
import NeuralNet
import TensorKit

/// Softmax regression on Fashion-MNIST: p(y | x) = softmax(W x + b) over the 784 pixels.
/// The simplest classifier that learns; its weights, seen as images, look like the clothes.
public final class SoftmaxFashion: Experiment {
    public static let descriptor = ExperimentDescriptor(
        id: "basics.softmax-fashion", title: "Softmax regression on clothes", topic: "basics",
        summary: "A linear classifier on 28x28 Fashion-MNIST images reaches about 84 %",
        datasets: ["fashion-mnist"])

    public var descriptor: ExperimentDescriptor { Self.descriptor }

    public var hyperparameters = HyperparameterSet([
        .real("learning-rate", 0.1, in: 1e-5...10, logarithmic: true, live: true, "step size of the optimizer"),
        .choice("optimizer", "sgd", among: OptimizerChoice.names, "update rule"),
        .integer("batch-size", 128, in: 1...10_000, live: true, "examples per minibatch (applies from the next epoch)"),
        .real("weight-decay", 0, in: 0...1, live: true, "L2 penalty on the weights"),
        .integer("train-size", 60_000, in: 100...60_000, "training images used (the first N)"),
        .integer("test-size", 10_000, in: 100...10_000, "test images used (the first N)"),
    ])

    private var data: ClassificationData?
    private var layer: Linear?
    private var optimizer: (any Optimizer)?
    private var cursor: MinibatchCursor?
    private var lastPredictions: [Int] = []

    public init() {}

    public func prepare(_ context: ExperimentContext) throws {
        let data = try BasicsData.fashion(store: context.store, trainCount: hyperparameters.integer("train-size"),
                                          testCount: hyperparameters.integer("test-size"))
        var generator = SeededGenerator(seed: context.seed)
        let layer = Linear(data.featureCount, data.classCount, initializer: .constant(0), using: &generator)
        optimizer = OptimizerChoice(rawValue: hyperparameters.choice("optimizer"))!
            .make(layer.parameters, learningRate: hyperparameters.float("learning-rate"))
        cursor = MinibatchCursor(indices: data.trainIndices, batchSize: hyperparameters.integer("batch-size"), seed: context.seed &+ 1)
        self.data = data
        self.layer = layer
    }

    public var stepsPerEpoch: Int { cursor?.stepsPerEpoch ?? 0 }

    public func step() throws -> StepReport {
        guard let data, let layer, let optimizer, cursor != nil else { throw LabError.notPrepared }
        optimizer.learningRate = hyperparameters.float("learning-rate")
        optimizer.weightDecay = hyperparameters.float("weight-decay")
        let rows = cursor!.next(batchSize: hyperparameters.integer("batch-size"))
        optimizer.zeroGradients()
        let loss = Loss.softmaxCrossEntropy(layer(data.batch(rows)), labels: data.labels(rows))
        loss.backward()
        optimizer.step()
        return StepReport(loss: loss.scalar, examples: rows.count)
    }

    public func evaluate() throws -> [Metric] {
        guard let data, let layer else { throw LabError.notPrepared }
        let result = data.evaluate { layer($0) }
        lastPredictions = result.predictions
        return [.accuracy(result.accuracy, name: "test accuracy"), .loss(result.loss, name: "test loss")]
    }

    public var parameters: [NamedParameter] { layer?.parameters ?? [] }

    public func panels() -> [any TopicPanel] {
        guard let data, let layer else { return [] }
        var panels: [any TopicPanel] = [ClassTemplatesPanel(weights: layer.weight.data, side: 28, classNames: FashionMNIST.classNames)]
        if !lastPredictions.isEmpty {
            panels.append(ConfusionMatrixPanel(truth: data.labels(data.heldOutIndices), predictions: lastPredictions,
                                               classNames: FashionMNIST.classNames))
        }
        return panels
    }
}
