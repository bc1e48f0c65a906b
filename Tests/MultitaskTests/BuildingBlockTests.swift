import Testing
import Foundation
import Datasets
import NeuralNet
import TensorKit
@testable import Multitask

/// Hand-checked pieces: the image maker, the weighting rules, AUC, the shared step.
@Suite struct BuildingBlockTests {
    /// Two 28x28 "items": a single lit pixel at the item's top-left corner (class 3) and at its
    /// bottom-right corner (class 7).
    static func cornerItems() -> (LabeledImages, LabeledImages) {
        var left = [Float](repeating: 0, count: 784), right = [Float](repeating: 0, count: 784)
        left[0] = 1
        right[783] = 0.5
        return (LabeledImages(pixels: left, labels: [3], rows: 28, columns: 28, classNames: (0..<10).map(String.init)),
                LabeledImages(pixels: right, labels: [7], rows: 28, columns: 28, classNames: (0..<10).map(String.init)))
    }

    @Test func itemsLandInTheirCornersShiftedAtMostFourPixels() {
        let (left, right) = Self.cornerItems()
        let images = TwoItemImages.make(count: 200, left: left, right: right, seed: 5)
        #expect(images.leftLabels == [Int](repeating: 3, count: 200) && images.rightLabels == [Int](repeating: 7, count: 200))
        var leftCorners = Set<Int>(), rightCorners = Set<Int>()
        for image in 0..<200 {
            let pixels = Array(images.pixels[(image * 1296)..<((image + 1) * 1296)])
            let lit = pixels.indices.filter { pixels[$0] > 0 }
            #expect(lit.count == 2)
            let top = lit.first { pixels[$0] == 1 }!, bottom = lit.first { pixels[$0] == 0.5 }!
            #expect((0...4).contains(top / 36) && (0...4).contains(top % 36))
            #expect((31...35).contains(bottom / 36) && (31...35).contains(bottom % 36))
            leftCorners.insert(top)
            rightCorners.insert(bottom)
        }
        #expect(leftCorners.count == 25 && rightCorners.count == 25)  // every shift in 0...4 x 0...4 occurs
    }

    @Test func overlappingItemsCombineByMaximumAndTheSeedDecides() {
        let bright = LabeledImages(pixels: [Float](repeating: 0.75, count: 784), labels: [1], rows: 28, columns: 28, classNames: ["a", "b"])
        let dim = LabeledImages(pixels: [Float](repeating: 0.25, count: 784), labels: [0], rows: 28, columns: 28, classNames: ["a", "b"])
        let images = TwoItemImages.make(count: 3, left: dim, right: bright, seed: 1)
        // The centre (inside both items whatever the shift) holds the larger value.
        #expect(images.pixels[18 * 36 + 18] == 0.75)
        #expect(images.pixels.max() == 0.75 && images.pixels.contains(0.25) && images.pixels.contains(0))
        let (left, right) = Self.cornerItems()
        #expect(TwoItemImages.make(count: 20, left: left, right: right, seed: 9).pixels
                == TwoItemImages.make(count: 20, left: left, right: right, seed: 9).pixels)
        #expect(TwoItemImages.make(count: 20, left: left, right: right, seed: 9).pixels
                != TwoItemImages.make(count: 20, left: left, right: right, seed: 10).pixels)
        #expect(images.batch([2, 0]).shape == [2, 1, 36, 36])
    }

    @Test func mgdaPicksTheMinimumNormPointOfTheSegment() {
        // Orthogonal equal gradients: the midpoint. One gradient a multiple of the other: the shorter.
        #expect(TaskWeighting.minimumNormCoefficient([1, 0], [0, 1]) == 0.5)
        #expect(TaskWeighting.minimumNormCoefficient([1, 0], [2, 0]) == 1)
        #expect(TaskWeighting.minimumNormCoefficient([3, 0], [1, 0]) == 0)
        // g1 = (2, 0), g2 = (0, 1): α = (g2 - g1)·g2 / |g1 - g2|² = 1 / 5.
        #expect(abs(TaskWeighting.minimumNormCoefficient([2, 0], [0, 1]) - 0.2) < 1e-6)
        #expect(TaskWeighting.cosine([1, 0], [0, 3]) == 0 && abs(TaskWeighting.cosine([1, 1], [-2, -2]) + 1) < 1e-6)
    }

    @Test func pcgradProjectsOnlyConflictingGradients() {
        let pcgrad = TaskWeighting(.pcgrad), uniform = TaskWeighting(.uniform)
        let conflicting: [[Float]] = [[1, 0], [-1, 1]]
        for weighting in [pcgrad, uniform] {
            let weights = weighting.update(TaskSignals(losses: [1, 1], representationGradients: conflicting, layerGradients: conflicting))
            #expect(weights == [1, 1])
        }
        // g1' = g1 - (g1.g2 / |g2|^2) g2 = (1/2, 1/2), g2' = g2 - (g2.g1 / |g1|^2) g1 = (0, 1):
        // each is orthogonal to the other task's original gradient.
        #expect(pcgrad.sharedSeed(conflicting) == [0.5, 1.5])
        #expect(uniform.sharedSeed(conflicting) == [0, 1])
        // Gradients that agree (g1.g2 >= 0) are summed untouched.
        #expect(pcgrad.sharedSeed([[1, 0], [1, 1]]) == [2, 1])
        #expect(pcgrad.sharedSeed([[1, 0], [0, 3]]) == [1, 3])
        #expect(pcgrad.sharedSeed([[0, 0], [-1, 2]]) == [-1, 2])
    }

    @Test func fixedWeightingScalesTheSecondTask() {
        let fixed = TaskWeighting(.fixed)
        fixed.fixedSecondWeight = 2
        let gradients: [[Float]] = [[1, 0], [-1, 1]]
        #expect(fixed.update(TaskSignals(losses: [1, 3], representationGradients: gradients, layerGradients: gradients)) == [1, 2])
        #expect(fixed.sharedSeed(gradients) == [-1, 2])
        #expect(fixed.combinedLoss([1, 3]) == 7)
        fixed.fixedSecondWeight = 0.5
        #expect(fixed.update(TaskSignals(losses: [1, 3], representationGradients: gradients, layerGradients: gradients)) == [1, 0.5])
    }

    @Test func uncertaintyWeightsAreExpOfMinusLogVarianceWithItsGradient() {
        let weighting = TaskWeighting(.uncertainty)
        weighting.rawUncertainty = true
        weighting.logVariances.data = [0, Float(log(2.0))]
        let weights = weighting.update(TaskSignals(losses: [1.5, 0.2], representationGradients: [[1], [1]], layerGradients: [[1], [1]]))
        #expect(abs(weights[0] - 1) < 1e-6 && abs(weights[1] - 0.5) < 1e-6)
        // dL/ds = 1/2 - exp(-s) L.
        #expect(abs(weighting.logVariances.grad![0] - (0.5 - 1.5)) < 1e-6)
        #expect(abs(weighting.logVariances.grad![1] - (0.5 - 0.1)) < 1e-6)
        #expect(abs(weighting.combinedLoss([1.5, 0.2]) - (1.5 + 0.1 + Float(log(2.0)) / 2)) < 1e-6)
    }

    @Test func uncertaintyWeightsAreRescaledToMeanOneByDefault() {
        let weighting = TaskWeighting(.uncertainty)
        weighting.logVariances.data = [0, Float(log(2.0))]
        let weights = weighting.update(TaskSignals(losses: [1.5, 0.2], representationGradients: [[1], [1]], layerGradients: [[1], [1]]))
        // exp(-s) = (1, 1/2), mean 3/4: the same ratio, mean 1.
        #expect(abs(weights[0] - 4.0 / 3) < 1e-6 && abs(weights[1] - 2.0 / 3) < 1e-6)
        // The log-variances train on the paper's objective either way.
        #expect(abs(weighting.logVariances.grad![0] - (0.5 - 1.5)) < 1e-6)
        #expect(abs(weighting.logVariances.grad![1] - (0.5 - 0.1)) < 1e-6)
        #expect(abs(weighting.combinedLoss([1.5, 0.2]) - (1.5 + 0.1 + Float(log(2.0)) / 2)) < 1e-6)
    }

    @Test func gradNormRaisesTheWeightOfTheTaskThatTrainsSlower() {
        let weighting = TaskWeighting(.gradnorm)
        let gradients: [[Float]] = [[1, 0], [0, 1]]
        weighting.update(TaskSignals(losses: [2, 2], representationGradients: gradients, layerGradients: gradients))
        var weights: [Float] = []
        for _ in 0..<20 {  // task 1's loss halves, task 2's stays: task 2 is behind.
            weights = weighting.update(TaskSignals(losses: [1, 2], representationGradients: gradients, layerGradients: gradients))
        }
        #expect(weights[1] > weights[0], "\(weights)")
        #expect(abs(weights.reduce(0, +) - 2) < 1e-5)
    }

    @Test func areaUnderCurveCountsPairsAndHalfTies() {
        #expect(AreaUnderCurve.of(scores: [0.1, 0.4, 0.35, 0.8], labels: [0, 0, 1, 1]) == 0.75)
        #expect(AreaUnderCurve.of(scores: [0.5, 0.5], labels: [0, 1]) == 0.5)
        #expect(AreaUnderCurve.of(scores: [3, 2, 1], labels: [1, 1, 0]) == 1)
        #expect(AreaUnderCurve.of(scores: [1, 2], labels: [1, 1]).isNaN)
    }

    @Test func hardSharingHasAboutHalfTheParametersOfTwoNetworks() {
        var generator = SeededGenerator(seed: 1)
        let hard = HardSharingNet(using: &generator), single = SingleTaskNets(using: &generator)
        let wholeMap = HardSharingNet(headUnits: 25, itemWindows: false, using: &generator)
        let paperTrunk = HardSharingNet(sharedUnits: 50, headUnits: 0, using: &generator)
        // Shared convolutions; per task an item window of 320 features, fc 320 -> 40, head 40 -> 10.
        #expect(hard.parameterCount == 820 + 5020 + 2 * (12_840 + 410))
        // The whole 500-feature map: fc 500 -> 25 and a 25 -> 10 head per task.
        #expect(wholeMap.parameterCount == 820 + 5020 + 2 * (12_525 + 260))
        #expect(paperTrunk.parameterCount == 820 + 5020 + 25050 + 2 * 510)
        #expect(single.parameterCount == 2 * (820 + 5020 + 25050 + 510))
        for model in [hard, wholeMap, paperTrunk] {
            #expect(abs(Double(model.parameterCount) / Double(single.parameterCount) - 0.5) < 0.02)
        }
        let x = Tensor.randomUniform([2, 1, 36, 36], in: 0...1, using: &generator)
        #expect(hard.shared(x).shape == [2, 500] && paperTrunk.shared(x).shape == [2, 50])
        #expect(hard.logits(task: 1, from: hard.shared(x)).shape == [2, 10] && single.logits(task: 1, x).shape == [2, 10])
    }

    /// The windows' geometry: cells 0...3 of the pooled map see only canvas rows and columns
    /// [0, 32) (where the top-left item can lie), cells 1...4 only [4, 36). So a pixel outside
    /// a task's square changes nothing that task reads, and each window is 20 maps of 4x4 cells.
    @Test func itemWindowsSeeExactlyTheirItemsSquare() {
        var generator = SeededGenerator(seed: 5)
        let model = HardSharingNet(using: &generator)
        let (left, right) = (model.windows![0], model.windows![1])
        #expect(left.count == 320 && right.count == 320)
        #expect(Array(left.prefix(5)) == [0, 1, 2, 3, 5] && Array(right.prefix(5)) == [6, 7, 8, 9, 11])
        #expect(left.last == 19 * 25 + 3 * 5 + 3 && right.last == 19 * 25 + 4 * 5 + 4)
        let base = Tensor.randomUniform([1, 1, 36, 36], in: 0...1, using: &generator)
        func features(changing pixel: Int) -> [Float] {
            var data = base.data
            data[pixel] += 5
            return withoutGradients { model.shared(Tensor(shape: base.shape, data: data)).data }
        }
        let reference = withoutGradients { model.shared(base).data }
        func changed(_ columns: [Int], _ values: [Float]) -> Bool { columns.contains { abs(values[$0] - reference[$0]) > 1e-6 } }
        let bottomRightCorner = features(changing: 35 * 36 + 35), topLeftCorner = features(changing: 0)
        let justInsideLeft = features(changing: 31 * 36 + 31), justInsideRight = features(changing: 4 * 36 + 4)
        #expect(!changed(left, bottomRightCorner) && changed(right, bottomRightCorner))
        #expect(!changed(right, topLeftCorner) && changed(left, topLeftCorner))
        #expect(changed(left, justInsideLeft) && changed(right, justInsideRight))
    }

    /// With uniform weights the per-task route (leaf copy, two task passes, one seeded trunk
    /// pass) must give exactly the gradients of plain (L1 + L2).backward().
    @Test func sharedStepWithUniformWeightsMatchesTheSummedLoss() {
        for kind in 0..<3 {
            var generator = SeededGenerator(seed: 3)
            let model: any SharedTrunkModel = kind == 0 ? MixtureOfExpertsNet(expertCount: 2, using: &generator)
                : kind == 1 ? HardSharingNet(using: &generator) : HardSharingNet(sharedUnits: 50, headUnits: 0, using: &generator)
            let x = Tensor.randomUniform([4, 1, 36, 36], in: 0...1, using: &generator)
            let labels = [[1, 2, 3, 4], [5, 6, 7, 8]]
            let representation = model.shared(x)
            let total = Loss.softmaxCrossEntropy(model.logits(task: 0, from: representation), labels: labels[0])
                + Loss.softmaxCrossEntropy(model.logits(task: 1, from: representation), labels: labels[1])
            total.backward()
            let expected = model.parameters.map { $0.tensor.grad ?? [] }
            model.zeroGradients()
            let outcome = SharedStep.run(model: model, weighting: TaskWeighting(.uniform), input: x, labels: labels)
            #expect(abs(outcome.combinedLoss - total.scalar) < 1e-5)
            for (parameter, reference) in zip(model.parameters, expected) {
                let got = parameter.tensor.grad ?? []
                let worst = zip(got, reference).map { abs($0 - $1) }.max() ?? 0
                #expect(got.count == reference.count && worst < 1e-4, "\(parameter.name): \(worst)")
            }
        }
    }

    /// hᵀ (g ⊙ [z > 0]) is the fc weights' gradient of one task alone.
    @Test func lastSharedLayerGradientIsTheFullyConnectedWeightsGradient() {
        var generator = SeededGenerator(seed: 8)
        let model = HardSharingNet(sharedUnits: 50, headUnits: 0, using: &generator)
        let x = Tensor.randomUniform([3, 1, 36, 36], in: 0...1, using: &generator)
        let loss = Loss.softmaxCrossEntropy(model.logits(task: 1, from: model.shared(x)), labels: [4, 5, 6])
        loss.backward()
        let expected = model.trunk.dense!.weight.grad!
        let leaf = Tensor(shape: [3, 50], data: model.shared(x).data).trainable()
        Loss.softmaxCrossEntropy(model.logits(task: 1, from: leaf), labels: [4, 5, 6]).backward()
        let got = model.lastSharedLayerGradient(leaf.grad!, images: 1)
        #expect(got.count == expected.count)
        #expect((zip(got, expected).map { abs($0 - $1) }.max() ?? 1) < 1e-5)
    }

    /// Without a shared fc layer the last shared layer is the second convolution: the measured
    /// gradient is one task's gradient on its filters and biases, over the first `images` images.
    @Test(arguments: [2, 3])
    func lastSharedLayerGradientIsTheSecondConvolutionsGradient(images: Int) {
        var generator = SeededGenerator(seed: 9)
        let model = HardSharingNet(using: &generator)
        let x = Tensor.randomUniform([3, 1, 36, 36], in: 0...1, using: &generator)
        let labels = [4, 5, 6]
        let sample = Tensor(shape: [images, 1, 36, 36], data: Array(x.data.prefix(images * 36 * 36)))
        Loss.softmaxCrossEntropy(model.logits(task: 0, from: model.shared(sample)), labels: Array(labels.prefix(images))).backward()
        // The per-image loss is a mean: over a sample it is scaled by (batch / sample) against the whole batch's.
        let second = model.trunk.second
        let expected = (second.weight.grad! + second.bias.grad!).map { $0 * Float(images) / 3 }
        model.zeroGradients()
        let leaf = Tensor(shape: [3, LeNetTrunk.featureCount], data: model.shared(x).data).trainable()
        Loss.softmaxCrossEntropy(model.logits(task: 0, from: leaf), labels: labels).backward()
        let got = model.lastSharedLayerGradient(leaf.grad!, images: images)
        #expect(got.count == expected.count)
        #expect((zip(got, expected).map { abs($0 - $1) }.max() ?? 1) < 1e-5)
        #expect(model.trunk.second.weight.grad == nil || model.trunk.second.weight.grad!.allSatisfy { $0 == 0 },
                "the layer's own gradient is left alone")
    }
}
