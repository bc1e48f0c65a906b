import Testing
import TensorKit
import TestSupport

/// The fused batch standardisation: gradient by finite differences, values against the same math
/// written with unfused ops.
struct BatchStandardizationTests {
    static let cases: [OpCase] = [
        OpCase("batch standardized", { [$0.uniform([3, 2, 3, 4])] }, { $0[0].batchStandardized() }),
        OpCase("batch standardized, one position", { [$0.uniform([5, 3, 1, 1])] }, { $0[0].batchStandardized() }),
        OpCase("batch standardized, scaled input", { [$0.uniform([2, 4, 2, 2], -3...5)] }, { $0[0].batchStandardized() * 2 }),
    ]

    @Test(arguments: cases) func gradientMatchesFiniteDifferences(_ opCase: OpCase) {
        var tensors = TestTensors(seed: 29)
        let result = GradientCheck.check(opCase.make(&tensors), epsilon: 1e-3, opCase.apply)
        #expect(result.worstError < opCase.tolerance, "\(result)")
    }

    @Test func matchesTheUnfusedOps() {
        var tensors = TestTensors(seed: 3)
        let x = tensors.uniform([4, 3, 5, 5], -2...3)
        let (count, channels, height, width) = (4, 3, 5, 5)
        let rows = x.permuted([1, 0, 2, 3]).reshaped([channels, count * height * width])
        let centered = rows - rows.mean(axis: 1, keepingAxis: true)
        let deviation = (centered.squared().mean(axis: 1, keepingAxis: true) + 1e-5).sqrt()
        let reference = (centered / deviation).reshaped([channels, count, height, width]).permuted([1, 0, 2, 3])
        let fused = x.batchStandardized()
        #expect(fused.shape == reference.shape)
        #expect(zip(fused.data, reference.data).allSatisfy { Swift.abs($0 - $1) < 1e-4 })
    }
}
