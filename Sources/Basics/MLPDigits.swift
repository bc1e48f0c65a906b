import Lab
import NeuralNet
import TensorKit

/// A multilayer perceptron on the UCI optical digits (8x8 images, 10 classes).
///
/// logits = W2 act(W1 x + b1) + b2, trained with softmax cross-entropy on minibatches;
/// validation is every fifth image (row index % 5 == 4), 360 of the 1,797.
public final class MLPDigits: Experiment {
    public static let descriptor = ExperimentDescriptor(
        id: "basics.mlp-digits", title: "MLP on handwritten digits", topic: "basics",
        summary: "A one-hidden-layer network learns 8x8 digits to about 97 %",
        datasets: ["uci-digits"])

    public var descriptor: ExperimentDescriptor { Self.descriptor }

    public var hyperparameters = HyperparameterSet([
        .real("learning-rate", 0.01, in: 1e-5...10, logarithmic: true, live: true, "step size of the optimizer"),
        .choice("optimizer", "adam", among: OptimizerChoice.names, "update rule"),
        .integer("hidden", 64, in: 1...1024, "units in each hidden layer"),
        .integer("hidden-layers", 1, in: 0...4, "number of hidden layers (0: softmax regression)"),
        .choice("activation", "relu", among: Activation.allCases.map(\.rawValue), "non-linearity of the hidden layers"),
        .integer("batch-size", 32, in: 1...1437, live: true, "examples per minibatch (applies from the next epoch)"),
        .real("weight-decay", 0, in: 0...1, live: true, "L2 penalty on the weights"),
        .real("dropout", 0, in: 0...0.9, "dropout rate after each hidden layer"),
    ])

    private var data: ClassificationData?
    private var model: MLP?
    private var optimizer: (any Optimizer)?
    private var cursor: MinibatchCursor?
    private var generator = SeededGenerator(seed: 0)
    private var lastPredictions: [Int] = []

    public init() {}

    public func prepare(_ context: ExperimentContext) throws {
        let data = try BasicsData.digits(store: context.store)
        generator = SeededGenerator(seed: context.seed)
        let hidden = [Int](repeating: hyperparameters.integer("hidden"), count: hyperparameters.integer("hidden-layers"))
        let model = MLP(sizes: [data.featureCount] + hidden + [data.classCount],
                        activation: Activation(rawValue: hyperparameters.choice("activation"))!,
                        dropout: hyperparameters.float("dropout"), using: &generator)
        optimizer = OptimizerChoice(rawValue: hyperparameters.choice("optimizer"))!
            .make(model.parameters, learningRate: hyperparameters.float("learning-rate"))
        cursor = MinibatchCursor(indices: data.trainIndices, batchSize: hyperparameters.integer("batch-size"),
                                 seed: context.seed &+ 1)
        self.data = data
        self.model = model
    }

    public var stepsPerEpoch: Int { cursor?.stepsPerEpoch ?? 0 }

    public func step() throws -> StepReport {
        guard let data, let model, let optimizer, cursor != nil else { throw LabError.notPrepared }
        optimizer.learningRate = hyperparameters.float("learning-rate")
        optimizer.weightDecay = hyperparameters.float("weight-decay")
        let rows = cursor!.next(batchSize: hyperparameters.integer("batch-size"))
        optimizer.zeroGradients()
        let logits = model(data.batch(rows), training: true, using: &generator)
        let loss = Loss.softmaxCrossEntropy(logits, labels: data.labels(rows))
        loss.backward()
        optimizer.step()
        return StepReport(loss: loss.scalar, examples: rows.count)
    }

    public func evaluate() throws -> [Metric] {
        guard let data, let model else { throw LabError.notPrepared }
        let result = data.evaluate { model($0) }
        lastPredictions = result.predictions
        return [.accuracy(result.accuracy, name: "validation accuracy"), .loss(result.loss, name: "validation loss")]
    }

    public var parameters: [NamedParameter] { model?.parameters ?? [] }

    public func panels() -> [any TopicPanel] {
        guard let data, !lastPredictions.isEmpty else { return [] }
        return [ConfusionMatrixPanel(truth: data.labels(data.heldOutIndices), predictions: lastPredictions,
                                     classNames: (0...9).map(String.init))]
    }
}
