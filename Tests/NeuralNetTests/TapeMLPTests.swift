import Testing
import TensorKit
import NeuralNet

/// The tape of one minibatch of a two-layer MLP: Linear → ReLU → Linear → softmax cross-entropy.
@Suite struct TapeMLPTests {
    /// A fresh MLP 5 → 8 → 3 and a batch of 4 with its labels (same numbers for every call).
    private static func setUp(input: [Float]? = nil) -> (first: Linear, second: Linear, x: Tensor, labels: [Int]) {
        var generator = SeededGenerator(seed: 7)
        let first = Linear(5, 8, using: &generator)
        let second = Linear(8, 3, using: &generator)
        let x = input.map { Tensor(shape: [4, 5], data: $0) } ?? Tensor.randomNormal([4, 5], using: &generator)
        return (first, second, x, [0, 2, 1, 2])
    }

    private static func step(_ first: Linear, _ second: Linear, _ x: Tensor, _ labels: [Int]) -> Tensor {
        let loss = Loss.softmaxCrossEntropy(second(first(x).relu()), labels: labels)
        loss.backward()
        return loss
    }

    @Test func listsExactlyTheOpsOfTheStepWithTheirShapes() {
        let (first, second, x, labels) = Self.setUp()
        let tape = Tape.record { _ = Self.step(first, second, x, labels) }
        #expect(tape.operations.map(\.name) == ["affine", "relu", "affine", "softmaxCrossEntropy"])
        #expect(tape.operations.map(\.shape) == [[4, 8], [4, 8], [4, 3], []])
        #expect(tape.operations[0].inputs.map(\.source) == [.leaf(0), .leaf(1), .leaf(2)])
        #expect(tape.operations[0].inputs.map(\.isParameter) == [false, true, true])
        #expect(tape.operations[1].inputs.map(\.source) == [.operation(0)])
        #expect(tape.operations[2].inputs.map(\.source) == [.operation(1), .leaf(3), .leaf(4)])
        #expect(tape.operations[3].inputs.map(\.source) == [.operation(2)])
        #expect(tape.leaves.map(\.shape) == [[4, 5], [5, 8], [8], [8, 3], [3]])
        #expect(tape.parameters.count == 4)
        #expect(tape.firstNonFinite == nil)
        #expect(tape.firstExplodingGradient == nil)
    }

    @Test func theGradientAtEachParameterIsItsGrad() {
        let (first, second, x, labels) = Self.setUp()
        let tape = Tape.record { _ = Self.step(first, second, x, labels) }
        let parameters = [first.weight, first.bias!, second.weight, second.bias!]
        for (leaf, parameter) in zip(tape.parameters, parameters) {
            #expect(leaf.gradient?.gradient.values == parameter.grad)
            #expect(leaf.value.values == parameter.data)
        }
        // Each parameter is read once, so the gradient its op sent is all of its gradient.
        #expect(tape.operations[0].inputs[1].gradient?.gradient.values == first.weight.grad)
        #expect(tape.operations[2].inputs[2].gradient?.gradient.values == second.bias!.grad)
        // What leaves an op is what arrives at the op that made its input.
        #expect(tape.operations[3].inputs[0].gradient == tape.operations[2].outputGradient)
        #expect(tape.operations[1].inputs[0].gradient == tape.operations[0].outputGradient)
        #expect(tape.operations[3].outputGradient?.gradient.values == [1])
    }

    @Test func aTapeChangesNoValueAndNoGradient() {
        func run(recording: Bool) -> [[UInt32]] {
            let (first, second, x, labels) = Self.setUp()
            var loss = Tensor(0)
            if recording {
                _ = Tape.record { loss = Self.step(first, second, x, labels) }
            } else {
                loss = Self.step(first, second, x, labels)
            }
            let optimizer = SGD(first.parameters + second.parameters, learningRate: 0.1)
            optimizer.step()
            let results = [[loss.scalar]] + [first.weight, first.bias!, second.weight, second.bias!].flatMap { [$0.grad!, $0.data] }
            return results.map { $0.map(\.bitPattern) }
        }
        #expect(run(recording: true) == run(recording: false))
    }

    @Test func aNaNInTheInputIsLocatedAtTheInput() {
        var input = [Float](repeating: 0.5, count: 20)
        input[7] = .nan
        let (first, second, x, labels) = Self.setUp(input: input)
        let tape = Tape.record { _ = Self.step(first, second, x, labels) }
        #expect(tape.firstNonFiniteValue == .leaf(0))
        #expect(tape.operations[0].output.summary.nanCount == 8)   // one row of the first layer
        #expect(tape.parameters[0].gradient?.gradient.summary.hasNonFinite == true)
    }
}
