import Lab
import NeuralNet
import Testing
import TensorKit
import TestSupport
@testable import ArchitectureSearch

/// The NASNet space: decisions, encodings, the unused-block concatenation, the network's shapes and
/// gradient, and children trained on real digits.
struct NASNetSpaceTests {
    let example = NASNetArchitecture(
        normal: NASNetCell(blocks: [NASNetBlock(1, .separable3x3, 0, .identity), NASNetBlock(2, .maxPool3x3, 1, .separable5x5)]),
        reduction: NASNetCell(blocks: [NASNetBlock(0, .averagePool3x3, 1, .separable3x3), NASNetBlock(1, .identity, 0, .maxPool3x3)]))

    @Test func spaceCountsAndRoundTrips() {
        let space = NASNetSpace.standard
        #expect(space.choiceCounts == [2, 2, 5, 5, 3, 3, 5, 5, 2, 2, 5, 5, 3, 3, 5, 5])
        #expect(SearchSpace.nasnet(space).size == 22_500 * 22_500)
        #expect(example.encoding == "normal 1:sep3+0:id 2:max3+1:sep5 / reduce 0:avg3+1:sep3 1:id+0:max3")
        #expect(NASNetArchitecture(encoding: example.encoding) == example)
        #expect(NASNetArchitecture(encoding: "normal 2:sep3+0:id / reduce 0:id+0:id") == nil)  // block 1 cannot read block 1
        let decisions = space.decisions(of: example)!
        #expect(space.architecture(decisions: decisions) == example)
        var generator = SeededGenerator(seed: 3)
        let searchSpace = SearchSpace.nasnet(space)
        for _ in 0..<50 {
            let index = generator.nextInt(below: searchSpace.size)
            let architecture = searchSpace.architecture(index: index)
            #expect(searchSpace.index(of: architecture) == index)
            #expect(searchSpace.architecture(encoding: architecture.encoding) == architecture)
        }
        // A PNAS cell still growing (one block) is not in the two-block space.
        #expect(space.decisions(of: NASNetArchitecture(shared: NASNetCell(blocks: [NASNetBlock(0, .identity, 1, .identity)]))) == nil)
        #expect(SearchSpace.named("nasnet", blocks: 3)?.choiceCounts.count == 24)
    }

    @Test func unusedBlocksAreConcatenated() {
        #expect(example.normal.unusedBlocks == [1])       // b1 feeds b2
        #expect(example.reduction.unusedBlocks == [0, 1]) // neither is read: both concatenated
        let network = withGenerator { NASNetNetwork(example, using: &$0) }
        // Normal cells output 8 channels (one block), the reduction cell 2 · 16.
        #expect(network.cells.map(\.outputChannels) == [8, 32, 16])
        #expect(network.cells.map(\.side) == [8, 4, 4])
        #expect(network(Tensor.zeros([3, 64])).shape == [3, 10])
        let transfer = withGenerator { NASNetNetwork(example, stack: .transfer, using: &$0) }
        #expect(transfer.cells.map(\.side) == [28, 28, 14, 14, 14, 7, 7, 7])
        #expect(transfer(Tensor.ones([2, 784])).shape == [2, 10])
        #expect(transfer.parameterCount > network.parameterCount * 4)
    }

    @Test func parameterCountOfASmallCell() {
        // One block, sep3(h[i]) + id(h[i-1]); C = 8; plan: normal, reduction, normal.
        let cell = NASNetCell(blocks: [NASNetBlock(1, .separable3x3, 0, .identity)])
        let network = withGenerator { NASNetNetwork(NASNetArchitecture(shared: cell), using: &$0) }
        let stem = 8 * 9 + 8
        let separable = { (c: Int) in c * 9 + c * c + c }  // depthwise, pointwise weight and bias
        let pre = { (input: Int, c: Int) in input * c + c }
        let normal1 = pre(8, 8) + pre(8, 8) + separable(8)
        let reduction = pre(8, 16) + pre(8, 16) + separable(16) + (16 * 16 + 16)  // the stride-2 identity is a 1x1 convolution
        // After the reduction the width stays doubled; h[i-1] (8x8) is brought to 4x4 by a stride-2 1x1 convolution.
        let normal2 = pre(8, 16) + pre(16, 16) + separable(16)
        #expect(network.parameterCount == stem + normal1 + reduction + normal2 + (16 * 10 + 10))
    }

    /// Each operation of a block (with stride 1 and 2) by finite differences, coordinate by coordinate.
    @Test(arguments: NASNetOperation.allCases, [1, 2]) func operationGradients(_ operation: NASNetOperation, stride: Int) {
        let layer = withGenerator(seed: 3) { NASNetOperationLayer(operation, channels: 3, stride: stride, using: &$0) }
        var tensors = TestTensors(seed: 11)
        // Pools: distinct values (unique winners); the others start with a ReLU: values away from its kink.
        let x = operation == .maxPool3x3 ? tensors.distinct([4, 3, 6, 6]) : tensors.awayFromZero([4, 3, 6, 6], gap: 0.05)
        let result = GradientCheck.check(layer.parameters.map(\.tensor) + [x], epsilon: 1e-3) { _ in layer(x) }
        #expect(result.worstError < 2e-2, "\(result)")
    }

    /// The whole network's gradient (stem, preprocessings, every block operation, the stride-2 identity,
    /// pools, the concatenation, the classifier and the images) along random directions d:
    /// (L(θ + εd) − L(θ − εd)) / 2ε against ∇L · d. Coordinate by coordinate, a network's thousands of
    /// ReLU and max-pool kinks and its batch standardisation over a few images make central differences
    /// noisy; along a direction with a small ε they agree to a fraction of a per cent.
    @Test func networkGradientMatchesDirectionalDifferences() {
        let stack = NASNetStack(side: 6, channels: 2, repeats: 1, reductions: 1)
        var generator = SeededGenerator(seed: 4)
        let network = NASNetNetwork(example, stack: stack, using: &generator)
        var tensors = TestTensors(seed: 11)
        let images = tensors.uniform([8, 36]).trainable()
        let inputs = network.parameters.map(\.tensor) + [images]
        #expect(inputs.count == 34)
        let logits = network(images)
        let probe = (0..<logits.count).map { _ in generator.nextNormal() }
        for input in inputs { input.zeroGrad() }
        logits.backward(seed: probe)
        let gradients = inputs.map { $0.grad! }
        func loss() -> Double { withoutGradients { zip(network(images).data, probe).reduce(0.0) { $0 + Double($1.0) * Double($1.1) } } }
        let epsilon: Float = 1e-4
        for _ in 0..<6 {
            let directions = inputs.map { input in (0..<input.count).map { _ in generator.nextNormal() } }
            let analytic = zip(gradients, directions).reduce(0.0) { $0 + zip($1.0, $1.1).reduce(0.0) { $0 + Double($1.0) * Double($1.1) } }
            func shift(_ step: Float) {
                for (input, direction) in zip(inputs, directions) { for i in 0..<input.count { input.data[i] += step * direction[i] } }
            }
            shift(epsilon)
            let plus = loss()
            shift(-2 * epsilon)
            let minus = loss()
            shift(epsilon)
            let numeric = (plus - minus) / (2 * Double(epsilon))
            #expect(abs(numeric - analytic) <= 1e-2 * max(abs(analytic), 5), "analytic \(analytic), numeric \(numeric)")
        }
    }

    @Test func childrenTrainOnRealDigitsTwoAtATime() throws {
        let session = try SearchRun.entry(.random).session(["space=nasnet", "evaluations-per-epoch=2", "parallel-children=2",
                                                            "child-epochs=1"], seed: 4)
        let run = session.experiment(as: SearchRun.self)
        #expect(session.stepsPerEpoch == 1)
        try session.runEpoch()
        #expect(run.history.count == 2)
        for result in run.history {
            guard case .nasnet = result.architecture else { Issue.record("not a NASNet child"); continue }
            // One epoch on 1,437 digits beats chance (10 %) by far.
            #expect(result.accuracy > 0.4, "\(result.architecture) \(result.accuracy)")
            #expect(result.trainLoss < 2.0)
        }
        #expect(Set(run.history.map(\.architecture)).count == 2)
        let titles = session.panels.map(\.title)
        #expect(titles.contains("Latest NASNet cells"))
        for panel in session.panels { #expect(confinementViolations(panel).isEmpty) }
    }

    /// Two children on two threads give the results each gives alone (same seeds, same data).
    @Test func concurrentChildrenMatchSequentialOnes() throws {
        let data = try ChildTrainer.digits(store: try RealData.store())
        let trainer = ChildTrainer(data: ChildTrainer.subset(data, train: 200, heldOut: 100), epochs: 1)
        let space = SearchSpace.nasnet(.standard)
        var generator = SeededGenerator(seed: 9)
        let jobs = (0..<2).map { index in (architecture: space.architecture(decisions: space.randomDecisions(using: &generator)), seed: UInt64(index + 1)) }
        let alone = jobs.map { trainer.train($0.architecture, seed: $0.seed).result.accuracy }
        let together = trainer.trainConcurrently(jobs).map(\.result.accuracy)
        #expect(alone == together)
    }

    func withGenerator<T>(seed: UInt64 = 1, _ body: (inout SeededGenerator) -> T) -> T {
        var generator = SeededGenerator(seed: seed)
        return body(&generator)
    }
}
