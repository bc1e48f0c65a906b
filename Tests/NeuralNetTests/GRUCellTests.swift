import Testing
import TensorKit
import TestSupport
@testable import NeuralNet

@Suite struct GRUCellTests {
    /// Two steps (the recurrence reuses the weights) against finite differences, for the input,
    /// the state and every parameter.
    @Test func gradientMatchesFiniteDifferences() {
        var generator = SeededGenerator(seed: 3)
        let cell = GRUCell(inputSize: 3, hiddenSize: 2, using: &generator)
        var tensors = TestTensors(seed: 5)
        cell.bias.data = tensors.uniform([6], -0.5...0.5).data
        let x = tensors.uniform([2, 3]), h = tensors.uniform([2, 2])
        let result = GradientCheck.check([x, h, cell.inputWeight, cell.gateWeight, cell.candidateWeight, cell.bias]) { t in
            cell(t[0], hidden: cell(t[0], hidden: t[1]))
        }
        #expect(result.worstError < 2e-2, "\(result)")
    }

    @Test func oneHotInputIsARowOfTheInputWeight() {
        var generator = SeededGenerator(seed: 4)
        let cell = GRUCell(inputSize: 5, hiddenSize: 3, using: &generator)
        var tensors = TestTensors(seed: 6)
        let h = tensors.uniform([2, 3])
        var oneHot = [Float](repeating: 0, count: 10)
        oneHot[4] = 1
        oneHot[5 + 1] = 1
        let dense = cell(Tensor(shape: [2, 5], data: oneHot), hidden: h).data
        let gathered = cell(oneHot: [4, 1], hidden: h).data
        #expect(zip(dense, gathered).allSatisfy { abs($0 - $1) < 1e-6 }, "\(dense) vs \(gathered)")
        // A repeated id sends two gradients to one row.
        let checked = GradientCheck.check([tensors.uniform([3, 3]), cell.inputWeight, cell.bias]) { t in
            cell(oneHot: [4, 1, 4], hidden: t[0])
        }
        #expect(checked.worstError < 2e-2, "\(checked)")
    }

    /// With the update gate shut (z = 0) the state passes through unchanged; fully open (z = 1)
    /// it becomes the candidate.
    @Test func updateGateInterpolatesBetweenStateAndCandidate() {
        var generator = SeededGenerator(seed: 7)
        let cell = GRUCell(inputSize: 2, hiddenSize: 2, using: &generator)
        let h = Tensor([[0.3, -0.6]]), x = Tensor([[1, 2]])
        cell.bias.data = [-40, -40, 0, 0, 0, 0]
        #expect(zip(cell(x, hidden: h).data, h.data).allSatisfy { abs($0 - $1) < 1e-6 })
        cell.bias.data = [40, 40, 0, 0, 0, 0]
        let opened = cell(x, hidden: h).data
        #expect(opened.allSatisfy { abs($0) < 1 } && zip(opened, h.data).contains { abs($0 - $1) > 1e-3 })
    }
}
