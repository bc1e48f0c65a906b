import Datasets
import Lab
import NeuralNet
import TensorKit
import TopicViews

/// Two classifiers of one image: the class of the top-left item and of the bottom-right item of
/// MultiFashion (or Multi-(Fashion+MNIST)) images, with the LeNet trunk of Sener & Koltun (2018).
///
/// - `model=single`: two separate networks (the baseline, twice the parameters).
/// - `model=hard`: hard sharing, one trunk and two heads (Caruana 1997).
/// - `model=mmoe`: shared convolutions, then experts mixed by one gate per task (Ma et al. 2018).
/// - `model=cross-stitch`: soft sharing, two columns mixed by cross-stitch units (Misra et al. 2016).
/// - `weighting`: how the two losses are balanced on the shared layers (see `TaskWeighting`).
public final class MultiFashion: PanelProviding {
    public static let models = ["single", "hard", "mmoe", "cross-stitch"]

    public static let entry = ExperimentEntry(
        ExperimentDescriptor(id: "mtl.multifashion", title: "Two items, two tasks: MultiFashion", topic: "multitask",
                             summary: "Left and right item classes from one image: single-task nets vs a shared trunk, cross-stitch units or MMoE, with learned task weights",
                             datasets: ["fashion-mnist", "mnist-5k"], epochs: 20, reproduces: Reproduction("left accuracy", 0.716, within: 0.015)),
        settings: [
        .choice("model", "hard", among: MultiFashion.models, "single: two networks; hard: one shared trunk; mmoe: shared convolutions + gated experts; cross-stitch: two networks mixed by learned units"),
        .choice("weighting", "uniform", among: WeightingChoice.names, "how the task losses are balanced on the shared layers"),
        .choice("data", "fashion", among: TwoItemSource.allCases.map(\.rawValue), "fashion: MultiFashion; fashion+mnist: clothes left, digits right"),
        .real("learning-rate", 0.006, in: 1e-5...1, logarithmic: true, live: true, "step size of Adam"),
        .real("weight-decay", 0, in: 0...1, live: true, "L2 penalty on the weights"),
        .real("average", 0.98, in: 0...0.999, live: true, "evaluate the moving average of the weights, kept with this decay per step (0: the last weights)"),
        .integer("batch-size", 256, in: 8...2048, live: true, "images per minibatch (applies from the next epoch)"),
        .integer("shared-units", HardSharingNet.defaultSharedUnits, in: 0...512, "hard: units of the shared fc layer (0: share only the convolutions)"),
        .integer("head-units", HardSharingNet.defaultHeadUnits, in: 0...256, "hard: units of each task's hidden layer before its head (0: linear heads)"),
        .choice("head-input", "window", among: ["window", "whole"], "hard without a shared fc layer: each task reads its item's 4x4 window of the shared 5x5 map, or the whole map"),
        .integer("experts", 3, in: 1...8, "MMoE: number of experts"),
        .real("stitch-same", 0.9, in: 0...1, "cross-stitch: initial same-task weight α_S (different-task α_D = 1 - α_S)")
            .only(when: "model", is: "cross-stitch"),
        .real("gradnorm-alpha", 1.5, in: 0...5, live: true, "GradNorm: how strongly slow tasks are pushed"),
        .choice("uncertainty-scale", "mean-one", among: ["mean-one", "raw"], live: true, "uncertainty: apply exp(-s) rescaled to mean 1, or raw as in the paper"),
        .real("right-weight", 1, in: 0.05...20, logarithmic: true, live: true, "fixed: the right task's loss weight (the left's is 1)"),
        .integer("train-size", 10_000, in: 100...60_000, "training images made"),
        .integer("test-size", 5_000, in: 100...20_000, "test images made (from held-out items)"),
        .integer("data-seed", 2019, in: 0...1_000_000, "seed of the image maker"),
        ]) { try MultiFashion($0) }

    let train: TwoItemImages
    let test: TwoItemImages
    private let hard: (any SharedTrunkModel)?
    /// Two columns, one per task (single networks, cross-stitch), when there is no shared trunk.
    private let single: (any TaskColumnsModel)?
    private var weighting: TaskWeighting
    private let optimizer: any Optimizer
    /// The weights' moving average that `evaluate` measures.
    let average: ParameterAverage
    private var cursor: MinibatchCursor
    private var stepCount = 0
    /// Per-task losses, task weights and gradient cosines so far.
    public private(set) var history = TaskHistory(taskNames: ["left", "right"])
    init(_ context: ExperimentContext) throws {
        let hyperparameters = context.settings
        let source = TwoItemSource(rawValue: hyperparameters.choice("data"))!
        let data = try source.load(store: context.store, trainCount: hyperparameters.integer("train-size"),
                                   testCount: hyperparameters.integer("test-size"),
                                   seed: UInt64(hyperparameters.integer("data-seed")))
        var generator = SeededGenerator(seed: context.seed)
        weighting = TaskWeighting(WeightingChoice(rawValue: hyperparameters.choice("weighting"))!)
        var parameters: [NamedParameter]
        switch hyperparameters.choice("model") {
        case "single":
            let nets = SingleTaskNets(using: &generator)
            single = nets
            hard = nil
            parameters = nets.parameters
        case "cross-stitch":
            let nets = CrossStitchNets(sameTask: hyperparameters.float("stitch-same"), using: &generator)
            single = nets
            hard = nil
            parameters = nets.parameters
        case "mmoe":
            let net = MixtureOfExpertsNet(expertCount: hyperparameters.integer("experts"), using: &generator)
            hard = net
            single = nil
            parameters = net.parameters
        default:
            let net = HardSharingNet(sharedUnits: hyperparameters.integer("shared-units"),
                                     headUnits: hyperparameters.integer("head-units"),
                                     itemWindows: hyperparameters.choice("head-input") == "window", using: &generator)
            hard = net
            single = nil
            parameters = net.parameters
        }
        average = ParameterAverage(parameters, decay: hyperparameters.float("average"))
        parameters += weighting.parameters
        optimizer = Adam(parameters, learningRate: hyperparameters.float("learning-rate"))
        cursor = MinibatchCursor(indices: Array(0..<data.train.count), batchSize: hyperparameters.integer("batch-size"),
                                 seed: context.seed &+ 1)
        train = data.train
        test = data.test
    }

    public var stepsPerEpoch: Int { cursor.stepsPerEpoch }

    public func step(_ hyperparameters: HyperparameterSet) throws -> StepReport {
        optimizer.follow(hyperparameters)
        weighting.gradNormAlpha = hyperparameters.float("gradnorm-alpha")
        weighting.fixedSecondWeight = hyperparameters.float("right-weight")
        weighting.rawUncertainty = hyperparameters.choice("uncertainty-scale") == "raw"
        let rows = cursor.next(batchSize: hyperparameters.integer("batch-size"))
        let input = train.batch(rows)
        let labels = [rows.map { train.leftLabels[$0] }, rows.map { train.rightLabels[$0] }]
        optimizer.zeroGradients()
        let outcome: SharedStep.Outcome
        if let single {
            let logits = single.logits(input)
            let losses = labels.indices.map { Loss.softmaxCrossEntropy(logits[$0], labels: labels[$0]) }
            (losses[0] + losses[1]).backward()
            let values = losses.map(\.scalar)
            outcome = .init(losses: values, weights: [1, 1], cosine: .nan, combinedLoss: values.reduce(0, +))
        } else {
            outcome = SharedStep.run(model: hard!, weighting: weighting, input: input, labels: labels)
        }
        optimizer.step()
        average.decay = hyperparameters.float("average")
        average.update()
        stepCount += 1
        (single as? CrossStitchNets)?.record(step: stepCount)
        history.record(step: stepCount, losses: outcome.losses, weights: outcome.weights,
                       cosine: outcome.cosine.isNaN ? nil : outcome.cosine)
        var components = ["left loss": outcome.losses[0], "right loss": outcome.losses[1],
                          "left weight": outcome.weights[0], "right weight": outcome.weights[1]]
        if !outcome.cosine.isNaN { components["gradient cosine"] = outcome.cosine }
        return StepReport(loss: outcome.combinedLoss, examples: rows.count, components: components)
    }

    public func evaluate(_ hyperparameters: HyperparameterSet) throws -> [Metric] { metrics(averaged: true) }

    /// Test accuracy and loss of both tasks, with the moving average of the weights or the last ones.
    func metrics(averaged: Bool) -> [Metric] {
        var correct = [0, 0], lossSums = [0.0, 0.0]
        (averaged ? average : ParameterAverage([], decay: 0)).withAveragedWeights { withoutGradients {
            for start in stride(from: 0, to: test.count, by: 500) {
                let rows = Array(start..<min(start + 500, test.count))
                let input = test.batch(rows)
                let truths = [rows.map { test.leftLabels[$0] }, rows.map { test.rightLabels[$0] }]
                let representation = hard?.shared(input)
                let columnLogits = single?.logits(input)
                for task in 0..<2 {
                    let logits = representation.map { hard!.logits(task: task, from: $0) } ?? columnLogits![task]
                    lossSums[task] += Double(Loss.softmaxCrossEntropy(logits, labels: truths[task]).scalar) * Double(rows.count)
                    correct[task] += zip(logits.argmaxRows(), truths[task]).filter { $0 == $1 }.count
                }
            }
        } }
        let count = Double(max(test.count, 1))
        return [.accuracy(Double(correct[0]) / count, name: "left accuracy"),
                .accuracy(Double(correct[1]) / count, name: "right accuracy"),
                .loss(lossSums[0] / count, name: "left loss"), .loss(lossSums[1] / count, name: "right loss")]
    }

    public var parameters: [NamedParameter] { single?.parameters ?? hard?.parameters ?? [] }

    /// The MMoE gates' mean weights per task over the latest batch (nil for other models).
    public var gateMeans: [[Double]]? { (hard as? MixtureOfExpertsNet)?.mixture.lastGateMeans }

    public func panels(_ settings: HyperparameterSet) -> [any TopicPanel] {
        var panels: [any TopicPanel] = [TaskLossPanel(history: history), TaskWeightPanel(history: history)]
        if single == nil { panels.append(GradientConflictPanel(history: history)) }
        if let gateMeans { panels.append(GateHeatmapPanel(gates: gateMeans, taskNames: history.taskNames)) }
        if let stitched = single as? CrossStitchNets {
            panels.append(CrossStitchPanel(history: stitched.history, unitNames: CrossStitchNets.unitNames))
        }
        return panels
    }
}
