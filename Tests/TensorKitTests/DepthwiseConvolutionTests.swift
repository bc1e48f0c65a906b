import Testing
import TensorKit
import TestSupport

/// The depthwise convolution: gradients by finite differences, values against `conv2d` with a
/// block-diagonal weight, and the worker split.
struct DepthwiseConvolutionTests {
    static let cases: [OpCase] = [
        OpCase("depthwise 3x3 with bias", { [$0.uniform([2, 3, 5, 5]), $0.uniform([3, 1, 3, 3]), $0.uniform([3])] },
               { $0[0].depthwiseConv2d(weight: $0[1], bias: $0[2], geometry: WindowGeometry(kernel: 3)) }),
        OpCase("depthwise 3x3 padding 1", { [$0.uniform([1, 2, 4, 5]), $0.uniform([2, 1, 3, 3])] },
               { $0[0].depthwiseConv2d(weight: $0[1], geometry: WindowGeometry(kernel: 3, padding: 1)) }),
        OpCase("depthwise 5x5 padding 2 stride 2", { [$0.uniform([2, 2, 7, 6]), $0.uniform([2, 1, 5, 5]), $0.uniform([2])] },
               { $0[0].depthwiseConv2d(weight: $0[1], bias: $0[2], geometry: WindowGeometry(kernel: 5, stride: 2, padding: 2)) }),
        OpCase("depthwise 3x3 stride 2 padding 1, 9 images (split across workers)",
               { [$0.uniform([9, 2, 6, 6]), $0.uniform([2, 1, 3, 3]), $0.uniform([2])] },
               { $0[0].depthwiseConv2d(weight: $0[1], bias: $0[2], geometry: WindowGeometry(kernel: 3, stride: 2, padding: 1)) }),
        OpCase("depthwise wide kernel", { [$0.uniform([1, 1, 3, 4]), $0.uniform([1, 1, 2, 5])] },
               { $0[0].depthwiseConv2d(weight: $0[1], geometry: WindowGeometry(kernelHeight: 2, kernelWidth: 5, padding: 2)) }),
    ]

    @Test(arguments: cases) func gradientMatchesFiniteDifferences(_ opCase: OpCase) {
        var tensors = TestTensors(seed: 23)
        let result = GradientCheck.check(opCase.make(&tensors), opCase.apply)
        #expect(result.worstError < opCase.tolerance, "\(result)")
    }

    /// A depthwise convolution is a full convolution whose weight is zero off the diagonal of channels.
    @Test func equalsConvolutionWithABlockDiagonalWeight() {
        var tensors = TestTensors(seed: 5)
        for geometry in [WindowGeometry(kernel: 3, padding: 1), WindowGeometry(kernel: 5, stride: 2, padding: 2), WindowGeometry(kernel: 1)] {
            let channels = 3
            let x = tensors.uniform([2, channels, 9, 8])
            let depthwise = tensors.uniform([channels, 1, geometry.kernelHeight, geometry.kernelWidth])
            let taps = geometry.kernelHeight * geometry.kernelWidth
            var full = [Float](repeating: 0, count: channels * channels * taps)
            for c in 0..<channels {
                for t in 0..<taps { full[(c * channels + c) * taps + t] = depthwise.data[c * taps + t] }
            }
            let reference = x.conv2d(weight: Tensor(shape: [channels, channels, geometry.kernelHeight, geometry.kernelWidth], data: full),
                                     geometry: geometry)
            let y = x.depthwiseConv2d(weight: depthwise, geometry: geometry)
            #expect(y.shape == reference.shape)
            #expect(zip(y.data, reference.data).allSatisfy { Swift.abs($0 - $1) < 1e-5 }, "\(geometry)")
        }
    }

    /// Two workers give the values and gradients of one, up to the order of the weight-gradient sum.
    @Test func workerSplitMatchesOneThread() {
        var tensors = TestTensors(seed: 8)
        let x = tensors.uniform([10, 3, 6, 6]), w = tensors.uniform([3, 1, 3, 3]), b = tensors.uniform([3])
        func run(threads: Int) -> [[Float]] {
            let lease = ThreadCountLease(threads)
            defer { lease.end() }
            let (input, weight, bias) = (x.detached().trainable(), w.detached().trainable(), b.detached().trainable())
            let y = input.depthwiseConv2d(weight: weight, bias: bias, geometry: WindowGeometry(kernel: 3, padding: 1))
            y.backward(seed: (0..<y.count).map { Float($0 % 5) - 2 })
            return [y.data, input.grad!, weight.grad!, bias.grad!]
        }
        for (a, b) in zip(run(threads: 1), run(threads: 2)) {
            #expect(a.count == b.count)
            #expect(zip(a, b).allSatisfy { Swift.abs($0 - $1) <= 1e-4 * Swift.max(1, Swift.abs($0)) })
        }
    }
}
