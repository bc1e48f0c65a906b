import Testing
import TensorKit
@testable import NeuralNet

@Suite struct ParameterAverageTests {
    @Test func averageFollowsTheExponentialRecurrence() {
        let weight = Tensor(shape: [2], data: [1, -2]).trainable()
        let average = ParameterAverage([NamedParameter("w", weight)], decay: 0.5)
        average.update()                      // ā = w = (1, -2)
        #expect(average.average(of: 0) == [1, -2])
        weight.data = [3, 2]
        average.update()                      // ā = 0.5 (1, -2) + 0.5 (3, 2) = (2, 0)
        #expect(average.average(of: 0) == [2, 0])
        weight.data = [6, 4]
        average.update()                      // ā = 0.5 (2, 0) + 0.5 (6, 4) = (4, 2)
        #expect(average.average(of: 0) == [4, 2])
    }

    @Test func averagedWeightsAreSwappedInAndBackEvenWhenTheBodyThrows() throws {
        struct Stop: Error {}
        let weight = Tensor(shape: [1], data: [0]).trainable()
        let average = ParameterAverage([NamedParameter("w", weight)], decay: 0.9)
        #expect(average.withAveragedWeights { weight.data } == [0])      // no average yet: the weights
        average.update()
        weight.data = [10]
        average.update()                      // ā = 0.9 * 0 + 0.1 * 10 = 1
        let seen = average.withAveragedWeights { weight.data[0] }
        #expect(abs(seen - 1) < 1e-6)
        #expect(weight.data == [10])
        #expect(throws: Stop.self) { try average.withAveragedWeights { throw Stop() } }
        #expect(weight.data == [10])
    }

    @Test func zeroDecayAveragesToTheLastWeights() {
        let weight = Tensor(shape: [3], data: [1, 2, 3]).trainable()
        let average = ParameterAverage([NamedParameter("w", weight)], decay: 0)
        average.update()
        weight.data = [4, 5, 6]
        average.update()
        #expect(average.average(of: 0) == [4, 5, 6])
    }
}
