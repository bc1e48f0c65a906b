import Lab
import NeuralNet
import TensorKit
import TopicViews

/// A multilayer perceptron on the UCI optical digits (8x8 images, 10 classes).
///
/// logits = W2 act(W1 x + b1) + b2, trained with softmax cross-entropy on minibatches;
/// validation is every fifth image (row index % 5 == 4), 360 of the 1,797.
public final class MLPDigits: PanelProviding {
    public static let entry = ExperimentEntry(
        ExperimentDescriptor(id: "basics.mlp-digits", title: "MLP on handwritten digits", topic: "basics",
                             summary: "A one-hidden-layer network learns 8x8 digits to about 97 %",
                             datasets: ["uci-digits"], epochs: 10, reproduces: Reproduction("validation accuracy", 0.97, within: 0.01)),
        settings: [
            .real("learning-rate", 0.01, in: 1e-5...10, logarithmic: true, live: true, "step size of the optimizer"),
            .choice("optimizer", "adam", among: OptimizerChoice.names, "update rule"),
            .integer("hidden", 64, in: 1...1024, "units in each hidden layer"),
            .integer("hidden-layers", 1, in: 0...4, "number of hidden layers (0: softmax regression)"),
            .choice("activation", "relu", among: Activation.allCases.map(\.rawValue), "non-linearity of the hidden layers"),
            .integer("batch-size", 32, in: 1...1437, live: true, "examples per minibatch (applies from the next epoch)"),
            .real("weight-decay", 0, in: 0...1, live: true, "L2 penalty on the weights"),
            .real("dropout", 0, in: 0...0.9, "dropout rate after each hidden layer"),
        ]) { try MLPDigits($0) }

    let data: ClassificationData
    let model: MLP
    private let optimizer: any Optimizer
    private var cursor: MinibatchCursor
    private var generator: SeededGenerator
    private var lastPredictions: [Int] = []

    init(_ context: ExperimentContext) throws {
        let settings = context.settings
        data = try BasicsData.digits(store: context.store)
        generator = SeededGenerator(seed: context.seed)
        let hidden = [Int](repeating: settings.integer("hidden"), count: settings.integer("hidden-layers"))
        model = MLP(sizes: [data.featureCount] + hidden + [data.classCount],
                    activation: Activation(rawValue: settings.choice("activation"))!,
                    dropout: settings.float("dropout"), using: &generator)
        optimizer = OptimizerChoice(rawValue: settings.choice("optimizer"))!
            .make(model.parameters, learningRate: settings.float("learning-rate"))
        cursor = MinibatchCursor(indices: data.trainIndices, batchSize: settings.integer("batch-size"), seed: context.seed &+ 1)
    }

    public var stepsPerEpoch: Int { cursor.stepsPerEpoch }

    public func step(_ settings: HyperparameterSet) throws -> StepReport {
        let rows = cursor.next(batchSize: settings.integer("batch-size"))
        let loss = optimizer.minimize(following: settings) {
            Loss.softmaxCrossEntropy(model(data.batch(rows), training: true, using: &generator), labels: data.labels(rows))
        }
        return StepReport(loss: loss.scalar, examples: rows.count)
    }

    public func evaluate(_ hyperparameters: HyperparameterSet) throws -> [Metric] {
        let result = data.evaluate { model($0) }
        lastPredictions = result.predictions
        return [.accuracy(result.accuracy, name: "validation accuracy"), .loss(result.loss, name: "validation loss")]
    }

    public var parameters: [NamedParameter] { model.parameters }

    public func panels(_ settings: HyperparameterSet) -> [any TopicPanel] {
        guard !lastPredictions.isEmpty else { return [] }
        return [ConfusionMatrixPanel(truth: data.labels(data.heldOutIndices), predictions: lastPredictions,
                                     classNames: (0...9).map(String.init), title: "Confusion matrix (validation)")]
    }
}
