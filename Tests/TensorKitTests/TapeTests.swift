import Testing
import TensorKit
import TestSupport

/// A small graph with a parameter used twice (so backward accumulates into a gradient that is
/// already there): loss = sum(relu((x W) W + b) * 0.5).
private func sharedWeightLoss(_ tensors: inout TestTensors) -> (loss: Tensor, parameters: [Tensor]) {
    let x = tensors.uniform([3, 4])
    let weight = tensors.uniform([4, 4]).trainable()
    let bias = tensors.uniform([4]).trainable()
    let hidden = x.matmul(weight).matmul(weight) + bias
    return ((hidden.relu() * 0.5).sum(), [weight, bias])
}

@Suite struct TapeTests {
    @Test func listsTheOpsInOrderWithShapesAndInputs() {
        var tensors = TestTensors(seed: 1)
        let tape = Tape.record { sharedWeightLoss(&tensors).loss.backward() }
        #expect(tape.operations.map(\.name) == ["matmul", "matmul", "add", "relu", "multiply", "sum"])
        #expect(tape.operations.map(\.shape) == [[3, 4], [3, 4], [3, 4], [3, 4], [3, 4], []])
        #expect(tape.operations.map(\.id) == Array(0..<6))
        // Leaves: x, W, b, the constant 0.5; W and b are parameters.
        #expect(tape.leaves.map(\.shape) == [[3, 4], [4, 4], [4], []])
        #expect(tape.leaves.map(\.isParameter) == [false, true, true, false])
        #expect(tape.operations[1].inputs.map(\.source) == [.operation(0), .leaf(1)])
        #expect(tape.operations[1].inputs.map(\.isParameter) == [false, true])
        #expect(tape.operations[2].inputs.map(\.source) == [.operation(1), .leaf(2)])
        #expect(tape.backwardPasses == 1)
        // Backward visits the ops from the loss down.
        #expect(tape.operations.map(\.backwardStep) == [5, 4, 3, 2, 1, 0])
    }

    @Test func namesEveryKindOfOp() {
        let x = Tensor([[0.5, -2], [3, 4]])
        let tape = Tape.record {
            _ = x.sqrt(); _ = x.squared(); _ = x.abs(); _ = x.leakyReLU(); _ = x - x; _ = x / x
            _ = x.gelu(); _ = x.transposed(); _ = x.reshaped([4]); _ = x.mean(); _ = x.softmax()
            _ = Loss.softmaxCrossEntropy(x, labels: [0, 1])
        }
        #expect(tape.operations.map(\.name) == ["sqrt", "squared", "abs", "leakyReLU", "subtract", "divide",
                                                "gelu", "permuted", "reshaped", "sum", "multiply", "softmax",
                                                "softmaxCrossEntropy"])
        // mean() is a sum times a constant: the leaves are x and that constant.
        #expect(tape.leaves.map(\.shape) == [[2, 2], []])
    }

    @Test func namesTheConvolutionsAndTheChannelMixByTheirPublicNames() {
        let image = Tensor(shape: [1, 1, 4, 4], data: (0..<16).map(Float.init))
        let weight = Tensor(shape: [2, 1, 3, 3], data: [Float](repeating: 0.1, count: 18))
        let maps = Tensor(shape: [1, 2, 2, 2], data: (0..<8).map(Float.init))
        let tape = Tape.record {
            _ = image.conv2d(weight: weight, geometry: WindowGeometry(kernel: 3))
            _ = image.conv2dMaxPooled(weight: weight, geometry: WindowGeometry(kernel: 3))
            _ = Tensor.channelMix(maps, maps, weights: Tensor(shape: [2, 2], data: [1, 2, 3, 4]))
        }
        #expect(tape.operations.map(\.name) == ["conv2d", "conv2dMaxPooled", "channelMix"])
    }

    @Test func gradientsOnTheTapeAreTheParametersGradients() throws {
        var tensors = TestTensors(seed: 2)
        var parameters: [Tensor] = []
        let tape = Tape.record {
            let (loss, made) = sharedWeightLoss(&tensors)
            parameters = made
            loss.backward()
        }
        for (leaf, parameter) in zip(tape.parameters, parameters) {
            #expect(leaf.gradient?.gradient.values == parameter.grad)
            #expect(leaf.gradient?.gradient.shape == parameter.shape)
        }
        // The loss receives d loss / d loss = 1; sum sends ones to its input.
        let sum = tape.operations[5]
        #expect(sum.outputGradient?.gradient.values == [1])
        #expect(sum.inputs[0].gradient?.gradient.values == [Float](repeating: 1, count: 12))
        // b is read by one op: the gradient that op sent is all of b's gradient.
        #expect(tape.operations[2].inputs[1].gradient?.gradient.values == parameters[1].grad)
        // W is read twice: the two contributions add up to its gradient.
        let first = try #require(tape.operations[0].inputs[1].gradient?.gradient.values)
        let second = try #require(tape.operations[1].inputs[1].gradient?.gradient.values)
        let total = try #require(parameters[0].grad)
        for i in total.indices { #expect(Swift.abs(first[i] + second[i] - total[i]) <= 1e-5) }
    }

    @Test func recordingChangesNoValueAndNoGradient() {
        func run(recording: Bool) -> (loss: Float, gradients: [[Float]]) {
            var tensors = TestTensors(seed: 3)
            var loss: Float = 0
            var parameters: [Tensor] = []
            let body = {
                let (made, madeParameters) = sharedWeightLoss(&tensors)
                made.backward()
                loss = made.scalar
                parameters = madeParameters
            }
            if recording { _ = Tape.record(body) } else { body() }
            return (loss, parameters.map { $0.grad ?? [] })
        }
        let plain = run(recording: false), taped = run(recording: true)
        #expect(plain.loss.bitPattern == taped.loss.bitPattern)
        #expect(plain.gradients.map { $0.map(\.bitPattern) } == taped.gradients.map { $0.map(\.bitPattern) })
    }

    @Test func locatesTheOpThatMadeANaN() {
        let x = Tensor([[1, 2], [3, 4]])
        let tape = Tape.record {
            let shifted = x - 2               // op 0: finite
            let logged = shifted.log()        // op 1: log(-1) = NaN, log(0) = -inf
            _ = (logged * 3).sum()            // ops 2, 3 inherit it
        }
        #expect(tape.firstNonFiniteValue == .operation(1))
        #expect(tape.firstNonFinite == .operation(1))
        #expect(tape.operations[1].output.summary.nanCount == 1)
        #expect(tape.operations[1].output.summary.infinityCount == 1)
        #expect(tape.operations[0].output.summary.hasNonFinite == false)
    }

    @Test func locatesANaNInTheInputData() {
        let weight = Tensor([[1, 0], [0, 1]]).trainable()
        let input = Tensor([[1, .nan]])
        let tape = Tape.record { input.matmul(weight).sum().backward() }
        #expect(tape.firstNonFiniteValue == .leaf(0))
        #expect(tape.leaves[0].value.summary.nanCount == 1)
        #expect(tape.leaves[1].gradient?.gradient.summary.nanCount == 2)
    }

    @Test func locatesAGradientThatBecomesInfiniteInBackward() {
        let x = Tensor(shape: [3], data: [0, 1, 4]).trainable()
        let tape = Tape.record { x.sqrt().sum().backward() }   // d sqrt at 0 = 1 / 0
        #expect(tape.firstNonFiniteValue == nil)
        #expect(tape.firstNonFiniteGradient == .operation(0))
        #expect(tape.operations[0].outputGradient?.gradient.summary.hasNonFinite == false)
        #expect(tape.operations[0].inputs[0].gradient?.gradient.summary.infinityCount == 1)
    }

    @Test func flagsExplodingGradients() {
        var tensors = TestTensors(seed: 4)
        let weight = tensors.uniform([8, 8]).trainable()
        let tape = Tape.record { (weight * 1000).sum().backward() }
        #expect(tape.firstExplodingGradient == .operation(0))
        let toWeight = tape.operations[0].inputs[0].gradient
        #expect(toWeight?.isExploding == true)
        #expect((toWeight?.ratio ?? 0) > 100)
        #expect(tape.operations[0].outputGradient?.isExploding == false)
        #expect(tape.parameters[0].gradient?.isExploding == true)

        weight.zeroGrad()
        let calm = Tape.record { (weight * 0.5).sum().backward() }
        #expect(calm.firstExplodingGradient == nil)
    }

    @Test func summariesCountNonFiniteValuesApart() {
        let summary = TapeSummary(of: [1, 2, 3, .nan, .infinity, -.infinity], bins: 4)
        #expect(summary.count == 6)
        #expect(summary.nanCount == 1 && summary.infinityCount == 2 && summary.finiteCount == 3)
        #expect(summary.mean == 2)
        #expect(Swift.abs(summary.standardDeviation - (2.0 / 3).squareRoot()) < 1e-12)
        #expect(summary.minimum == 1 && summary.maximum == 3)
        #expect(Swift.abs(summary.norm - 14.0.squareRoot()) < 1e-12)
        #expect(summary.histogram == [1, 0, 1, 1])
        #expect(TapeSummary(of: [5, 5], bins: 3).histogram == [2, 0, 0])
        #expect(TapeSummary(of: [], bins: 2).histogram == [0, 0])
    }

    @Test func copiesValuesOnlyWithinTheCaps() {
        let small = Tensor.ones([4]), large = Tensor.ones([10])
        let tape = Tape.record(options: TapeOptions(valueCap: 8, valueBudget: 12)) {
            _ = small.exp()   // leaf 4 + op 4 = 8 values
            _ = large.exp()   // over the cap: summaries only
            _ = small.sqrt()  // op 4 more: 12, the whole budget
            _ = small.tanh()  // budget spent
        }
        #expect(tape.operations.map { $0.output.values != nil } == [true, false, true, false])
        #expect(tape.leaves.map { $0.value.values != nil } == [true, false])
        #expect(tape.storedValueCount == 12)
        #expect(tape.operations[1].output.summary.count == 10)
        #expect(tape.isTruncated == false)

        let short = Tape.record(options: TapeOptions(operationLimit: 2)) {
            small.trainable()
            (small.exp() * small).sum().backward()
        }
        #expect(short.operations.map(\.name) == ["exp", "multiply"])
        #expect(short.isTruncated)
        #expect(short.operations[1].outputGradient?.gradient.values == [1, 1, 1, 1])
    }

    @Test func recordsOnlyInsideTheScopeAndKeepsNoTensor() {
        weak var kept: Tensor?
        var tape = Tape.record {}
        #expect(Tape.isRecording == false)
        do {
            let x = Tensor.ones([2, 2]).trainable()
            kept = x
            tape = Tape.record {
                #expect(Tape.isRecording)
                x.exp().sum().backward()
            }
            _ = x.exp()   // after the scope: not recorded
        }
        #expect(kept == nil)
        #expect(tape.operations.count == 2)
        #expect(Tape.isRecording == false)
    }

    @Test func aStepThatThrowsStillGivesItsTape() {
        struct Diverged: Error {}
        let x = Tensor([[1, -1]])
        let (result, tape) = Tape.capturing { () throws -> Float in
            let logged = x.log()
            if logged.data.contains(where: \.isNaN) { throw Diverged() }
            return logged.sum().scalar
        }
        #expect(throws: Diverged.self) { try result.get() }
        #expect(tape.operations.map(\.name) == ["log"])
        #expect(tape.firstNonFinite == .operation(0))
        let (value, _) = Tape.recording { x.exp().sum().scalar }
        #expect(value == x.exp().sum().scalar)
    }

    @Test func anInnerRecordingTakesItsOwnOps() {
        let x = Tensor.ones([2])
        var inner = Tape.record {}
        let outer = Tape.record {
            _ = x.exp()
            inner = Tape.record { _ = x.tanh() }
            _ = x.sqrt()
        }
        #expect(outer.operations.map(\.name) == ["exp", "sqrt"])
        #expect(inner.operations.map(\.name) == ["tanh"])
    }

    @Test func handWrittenStagesAreListedWithTheirGradients() {
        let tape = Tape.record {
            Tape.stage("encode", note: "p = tanh(W c)", shape: [2, 2], values: [1, 2, 3, 4])
            Tape.stage("backward: W", shape: [2], values: [0.5, -0.5], gradient: [100, 100])
        }
        #expect(tape.operations.map(\.name) == ["encode", "backward: W"])
        #expect(tape.operations.allSatisfy { $0.isStage })
        #expect(tape.operations[0].output.values == [1, 2, 3, 4] && tape.operations[0].outputGradient == nil)
        #expect(tape.operations[0].note == "p = tanh(W c)")
        #expect(tape.operations[1].outputGradient?.gradient.values == [100, 100])
        // rms 100 against rms 0.5: exploding.
        #expect(tape.firstExplodingGradient == .operation(1))
        // No tape: nothing is built (the values closure never runs).
        var built = false
        Tape.stage("unseen", shape: [1], values: { built = true; return [1] }())
        #expect(!built)
    }

    /// The recorded step's gradients against central differences of the same loss: they agree
    /// for a correct gradient, and the copy of the loss that comes out different is reported.
    @Test func checksGradientsByFiniteDifferencesOnlyWhenAsked() throws {
        var tensors = TestTensors(seed: 5)
        let x = tensors.uniform([4, 3])
        let weight = tensors.uniform([3, 2]).trainable(), bias = tensors.uniform([2]).trainable()
        let loss = { Loss.softmaxCrossEntropy(x.matmul(weight) + bias, labels: [0, 1, 1, 0]) }
        func recordedStep(checks: Bool, _ loss: @escaping () -> Tensor) -> Tape {
            weight.grad = nil
            bias.grad = nil
            return Tape.record(options: TapeOptions(checksGradients: checks)) {
                let value = loss()
                value.backward()
                Tape.checkGradients([("W", weight), ("b", bias)], loss: loss, recordedLoss: value.scalar)
            }
        }
        let before = weight.data
        let tape = recordedStep(checks: true, loss)
        #expect(weight.data == before)  // every moved value is put back
        #expect(tape.gradientChecks.map(\.parameter) == ["W", "b"])
        #expect(tape.gradientChecks.allSatisfy { $0.agrees }, "\(tape.gradientChecks)")
        let w = tape.gradientChecks[0]
        #expect(w.leaf == 1 && w.analytic == Double(weight.grad![w.index]))
        #expect(weight.grad!.allSatisfy { Swift.abs($0) <= Swift.abs(Float(w.analytic)) })
        #expect(tape.lossIsRepeatable == true)
        // The checks' own forward passes are not on the tape.
        #expect(tape.operations.map(\.name) == ["matmul", "add", "softmaxCrossEntropy"])
        #expect(recordedStep(checks: false, loss).gradientChecks.isEmpty)
        // A wrong gradient is caught: the loss the checks see is twice the one backpropagated.
        var calls = 0
        let doubled = recordedStep(checks: true) { calls += 1; return calls == 1 ? loss() : loss() * 2 }
        #expect(doubled.gradientChecks.allSatisfy { !$0.agrees })
        #expect(doubled.lossIsRepeatable == false)
    }
}
