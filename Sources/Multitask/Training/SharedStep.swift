import NeuralNet
import TensorKit

/// What a multi-task run has seen so far, step by step (the panels' data).
public struct TaskHistory: Sendable, Equatable {
    public var taskNames: [String]
    /// Per task, (step, minibatch loss).
    public var losses: [[Point]]
    /// Per task, (step, weight).
    public var weights: [[Point]]
    /// (step, cosine of the two tasks' gradients on the shared layers).
    public var cosines: [Point]

    public struct Point: Sendable, Equatable {
        public var step: Double
        public var value: Double
        public init(_ step: Double, _ value: Double) {
            self.step = step
            self.value = value
        }
    }

    public init(taskNames: [String]) {
        self.taskNames = taskNames
        losses = taskNames.map { _ in [] }
        weights = taskNames.map { _ in [] }
        cosines = []
    }

    mutating func record(step: Int, losses: [Float], weights: [Float], cosine: Float?) {
        for task in taskNames.indices {
            self.losses[task].append(Point(Double(step), Double(losses[task])))
            self.weights[task].append(Point(Double(step), Double(weights[task])))
        }
        if let cosine { cosines.append(Point(Double(step), Double(cosine))) }
    }
}

/// One training step of a shared-trunk model with per-task gradients:
///
/// 1. S = trunk(x), recorded in the graph; a leaf copy Ŝ feeds each task's layers.
/// 2. For each task i: L_i = CE(task_i(Ŝ), y_i), backward to g_i = dL_i/dŜ and the task
///    layers' gradients (kept apart per task).
/// 3. The weighting rule picks w from (L_i, g_i, dL_i/dW_last). dL_i/dW_last, each task's
///    gradient on the last shared layer's weights (the conflict meter's cosine, GradNorm's
///    norms), is taken over the first `layerGradientImages` images of the batch when the last
///    shared layer is a convolution (a second small pass through it); a shared fc layer's is exact.
/// 4. Task layers get sum_i w_i (their task-i gradient) (unweighted for MGDA); the trunk gets
///    S.backward(seed: sum_i w_i g_i) (after PCGrad's projections, if chosen), one pass through
///    the shared layers.
///
/// Step 4's single trunk pass is why this costs about the same as plain summed losses.
struct SharedStep {
    struct Outcome {
        var losses: [Float]
        var weights: [Float]
        var cosine: Float
        var combinedLoss: Float
    }

    /// Images of each batch the per-task gradient on a shared convolution is measured on.
    static let layerGradientImages = 64

    static func run(model: any SharedTrunkModel, weighting: TaskWeighting, input: Tensor, labels: [[Int]]) -> Outcome {
        let representation = model.shared(input)
        let leaf = Tensor(shape: representation.shape, data: representation.data).trainable()
        let taskParameters = model.taskParameters
        var losses: [Float] = [], gradients: [[Float]] = [], taskGradients: [[[Float]?]] = []
        for (task, truth) in labels.enumerated() {
            let loss = Loss.softmaxCrossEntropy(model.logits(task: task, from: leaf), labels: truth)
            loss.backward()
            losses.append(loss.scalar)
            gradients.append(leaf.grad ?? [Float](repeating: 0, count: leaf.count))
            leaf.zeroGrad()
            taskGradients.append(taskParameters.map { $0.tensor.grad })
            for parameter in taskParameters { parameter.tensor.zeroGrad() }
        }
        let layerGradients = gradients.map { model.lastSharedLayerGradient($0, images: layerGradientImages) }
        let weights = weighting.update(TaskSignals(losses: losses, representationGradients: gradients,
                                                   layerGradients: layerGradients))
        let headWeights = weighting.weightsHeads ? weights : weights.map { _ in 1 }
        for (index, parameter) in taskParameters.enumerated() {
            let reached = labels.indices.filter { taskGradients[$0][index] != nil }
            guard !reached.isEmpty else { continue }
            parameter.tensor.accumulateGrad(TaskWeighting.weightedSum(reached.map { taskGradients[$0][index]! },
                                                                      reached.map { headWeights[$0] }))
        }
        representation.backward(seed: weighting.sharedSeed(gradients))
        return Outcome(losses: losses, weights: weights, cosine: TaskWeighting.cosine(layerGradients[0], layerGradients[1]),
                       combinedLoss: weighting.combinedLoss(losses))
    }
}
