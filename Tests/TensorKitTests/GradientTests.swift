import Testing
import TensorKit
import TestSupport

/// One line per op: its inputs and how to apply it. Every op's gradient is checked by finite
/// differences against `GradientCheck`.
struct OpCase: Sendable, CustomTestStringConvertible {
    let name: String
    let tolerance: Double
    let make: @Sendable (inout TestTensors) -> [Tensor]
    let apply: @Sendable ([Tensor]) -> Tensor
    var testDescription: String { name }

    init(_ name: String, tolerance: Double = 2e-2, _ make: @escaping @Sendable (inout TestTensors) -> [Tensor],
         _ apply: @escaping @Sendable ([Tensor]) -> Tensor) {
        self.name = name
        self.tolerance = tolerance
        self.make = make
        self.apply = apply
    }
}

let elementwiseCases: [OpCase] = [
    OpCase("add same shape", { [$0.uniform([2, 3]), $0.uniform([2, 3])] }, { $0[0] + $0[1] }),
    OpCase("add row broadcast", { [$0.uniform([4, 3]), $0.uniform([3])] }, { $0[0] + $0[1] }),
    OpCase("add column broadcast", { [$0.uniform([4, 3]), $0.uniform([4, 1])] }, { $0[0] + $0[1] }),
    OpCase("add scalar broadcast", { [$0.uniform([2, 3]), $0.uniform([])] }, { $0[1] + $0[0] }),
    OpCase("add 3-d broadcast", { [$0.uniform([2, 1, 3]), $0.uniform([1, 4, 3])] }, { $0[0] + $0[1] }),
    OpCase("multiply leading block (gate times experts)", { [$0.uniform([2, 3, 1]), $0.uniform([2, 3, 4])] }, { $0[0] * $0[1] }),
    OpCase("subtract leading block on the right", { [$0.uniform([2, 3, 4]), $0.uniform([2, 3])] },
           { $0[0] - $0[1].reshaped([2, 3, 1]) }),
    OpCase("subtract", { [$0.uniform([3, 2]), $0.uniform([2])] }, { $0[1] - $0[0] }),
    OpCase("multiply", { [$0.uniform([3, 4]), $0.uniform([3, 1])] }, { $0[0] * $0[1] }),
    OpCase("divide", { [$0.uniform([3, 4]), $0.uniform([4], 0.5...2)] }, { $0[0] / $0[1] }),
    OpCase("maximum", { [$0.distinct([3, 4]), $0.distinct([3, 4])] }, { $0[0].maximum($0[1] + 0.01) }),
    OpCase("negate", { [$0.uniform([5])] }, { -$0[0] }),
    OpCase("relu", { [$0.awayFromZero([3, 4])] }, { $0[0].relu() }),
    OpCase("leaky relu", { [$0.awayFromZero([3, 4])] }, { $0[0].leakyReLU(slope: 0.1) }),
    OpCase("sigmoid", { [$0.uniform([3, 4], -4...4)] }, { $0[0].sigmoid() }),
    OpCase("tanh", { [$0.uniform([3, 4], -2...2)] }, { $0[0].tanh() }),
    OpCase("exp", { [$0.uniform([3, 4])] }, { $0[0].exp() }),
    OpCase("log", { [$0.uniform([3, 4], 0.5...3)] }, { $0[0].log() }),
    OpCase("sqrt", { [$0.uniform([3, 4], 0.5...3)] }, { $0[0].sqrt() }),
    OpCase("square", { [$0.uniform([3, 4])] }, { $0[0].squared() }),
    OpCase("abs", { [$0.awayFromZero([3, 4])] }, { $0[0].abs() }),
    OpCase("softplus", { [$0.uniform([3, 4], -3...3)] }, { $0[0].softplus() }),
    OpCase("gelu", { [$0.uniform([3, 4], -3...3)] }, { $0[0].gelu() }),
    OpCase("pow", { [$0.uniform([3, 4], 0.5...2)] }, { $0[0].pow(1.5) }),
    OpCase("clamp", { [$0.distinct([3, 4])] }, { $0[0].clamped(to: -0.49...0.51) }),
]

let structuralCases: [OpCase] = [
    OpCase("sum all", { [$0.uniform([3, 4])] }, { $0[0].sum() }),
    OpCase("mean all", { [$0.uniform([3, 4])] }, { $0[0].mean() }),
    OpCase("sum axis 0", { [$0.uniform([3, 4, 2])] }, { $0[0].sum(axis: 0) }),
    OpCase("sum axis 1 kept", { [$0.uniform([3, 4, 2])] }, { $0[0].sum(axis: 1, keepingAxis: true) }),
    OpCase("mean last axis", { [$0.uniform([3, 4])] }, { $0[0].mean(axis: -1) }),
    OpCase("max axis", { [$0.distinct([3, 4, 2])] }, { $0[0].max(axis: 1) }),
    OpCase("matmul", { [$0.uniform([3, 4]), $0.uniform([4, 5])] }, { $0[0].matmul($0[1]) }),
    OpCase("matmul A transposed", { [$0.uniform([4, 3]), $0.uniform([4, 5])] }, { $0[0].matmul($0[1], transposeSelf: true) }),
    OpCase("matmul B transposed", { [$0.uniform([3, 4]), $0.uniform([5, 4])] }, { $0[0].matmul($0[1], transposeOther: true) }),
    OpCase("matmul both transposed", { [$0.uniform([4, 3]), $0.uniform([5, 4])] },
           { $0[0].matmul($0[1], transposeSelf: true, transposeOther: true) }),
    OpCase("batched matmul", { [$0.uniform([2, 3, 4]), $0.uniform([2, 4, 2])] }, { $0[0].matmul($0[1]) }),
    OpCase("batched matmul transposed", { [$0.uniform([2, 4, 3]), $0.uniform([2, 2, 4])] },
           { $0[0].matmul($0[1], transposeSelf: true, transposeOther: true) }),
    OpCase("batch times shared matrix", { [$0.uniform([2, 3, 4]), $0.uniform([4, 5])] }, { $0[0].matmul($0[1]) }),
    OpCase("affine", { [$0.uniform([3, 4]), $0.uniform([4, 5]), $0.uniform([5])] },
           { $0[0].affine(weight: $0[1], bias: $0[2]) }),
    OpCase("affine without bias", { [$0.uniform([3, 4]), $0.uniform([4, 2])] }, { $0[0].affine(weight: $0[1], bias: nil) }),
    OpCase("affine, weight stored [out, in]", { [$0.uniform([3, 4]), $0.uniform([5, 4]), $0.uniform([5])] },
           { $0[0].affine(weight: $0[1], bias: $0[2], transposeWeight: true) }),
    OpCase("affine, weight stored [out, in], without bias", { [$0.uniform([3, 4]), $0.uniform([2, 4])] },
           { $0[0].affine(weight: $0[1], bias: nil, transposeWeight: true) }),
    OpCase("affine at a pattern's entries", { [$0.uniform([3, 10]), $0.uniform([10, 5]), $0.uniform([5])] },
           { $0[0].affine(weight: $0[1], bias: $0[2], at: SparsePattern(columns: 5, entries: [[0, 3], [], [1, 3, 4]])) }),
    OpCase("affine at a pattern's entries without bias", { [$0.uniform([2, 3]), $0.uniform([3, 4])] },
           { $0[0].affine(weight: $0[1], bias: nil, at: SparsePattern(columns: 4, entries: [[2], [0, 1, 2, 3]])) }),
    OpCase("reshape", { [$0.uniform([3, 4])] }, { $0[0].reshaped([2, -1]) * $0[0].reshaped([2, 6]) }),
    OpCase("transpose", { [$0.uniform([3, 4])] }, { $0[0].transposed() }),
    OpCase("permute", { [$0.uniform([2, 3, 4])] }, { $0[0].permuted([2, 0, 1]) }),
    OpCase("slice", { [$0.uniform([4, 5])] }, { $0[0].sliced(axis: 1, 1..<4) }),
    OpCase("concatenate", { [$0.uniform([2, 3]), $0.uniform([2, 2])] }, { Tensor.concatenate($0, axis: 1) }),
    OpCase("stack", { [$0.uniform([2, 3]), $0.uniform([2, 3])] }, { Tensor.stack($0, axis: 1) }),
    OpCase("gather rows (repeats accumulate)", { [$0.uniform([5, 3])] }, { $0[0].gatherRows([4, 0, 4, 2]) }),
    OpCase("embedding bag sum", { [$0.uniform([5, 3])] }, { $0[0].embeddingBag([[0, 1], [], [4, 4, 2]], mean: false) }),
    OpCase("embedding bag mean", { [$0.uniform([5, 3])] }, { $0[0].embeddingBag([[0, 1], [3], [4, 4, 2]], mean: true) }),
    OpCase("pick columns", { [$0.uniform([3, 4])] }, { $0[0].pickColumns([3, 0, 2]) }),
    OpCase("select columns", { [$0.uniform([3, 5])] }, { $0[0].selectColumns([4, 1, 1, 3]) }),
    OpCase("softmax", { [$0.uniform([3, 4], -2...2)] }, { $0[0].softmax() }),
    OpCase("log softmax", { [$0.uniform([3, 4], -2...2)] }, { $0[0].logSoftmax() }),
    OpCase("softmax of wide rows (the vector kernel)", { [$0.uniform([2, 70], -2...2)] }, { $0[0].softmax() }),
    OpCase("softmax cross-entropy over wide rows", { [$0.uniform([2, 67], -2...2)] },
           { Loss.softmaxCrossEntropy($0[0], labels: [5, 66]) }),
    OpCase("softmax cross-entropy", { [$0.uniform([4, 5], -2...2)] }, { Loss.softmaxCrossEntropy($0[0], labels: [1, 0, 4, 2]) }),
    OpCase("weighted softmax cross-entropy", { [$0.uniform([3, 4], -2...2)] },
           { Loss.softmaxCrossEntropy($0[0], labels: [1, 3, 2], weights: [0.5, 2, 1]) }),
    OpCase("mean squared error", { [$0.uniform([3, 4]), $0.uniform([3, 4])] }, { Loss.meanSquaredError($0[0], $0[1]) }),
    OpCase("BCE with logits", { [$0.uniform([6], -3...3)] },
           { Loss.binaryCrossEntropyWithLogits($0[0], targets: [1, 0, 1, 1, 0, 0]) }),
    OpCase("BCE on probabilities", { [$0.uniform([4], 0.1...0.9)] },
           { Loss.binaryCrossEntropy($0[0], targets: [1, 0, 1, 0]) }),
    OpCase("conv2d", { [$0.uniform([2, 2, 5, 5]), $0.uniform([3, 2, 3, 3]), $0.uniform([3])] },
           { $0[0].conv2d(weight: $0[1], bias: $0[2], geometry: WindowGeometry(kernel: 3)) }),
    OpCase("conv2d stride 2 padding 1", { [$0.uniform([1, 2, 5, 4]), $0.uniform([2, 2, 3, 3])] },
           { $0[0].conv2d(weight: $0[1], geometry: WindowGeometry(kernel: 3, stride: 2, padding: 1)) }),
    OpCase("conv2d 1x1", { [$0.uniform([2, 3, 3, 3]), $0.uniform([2, 3, 1, 1])] },
           { $0[0].conv2d(weight: $0[1], geometry: WindowGeometry(kernel: 1)) }),
    OpCase("conv2d wide padded kernel", { [$0.uniform([1, 1, 3, 4]), $0.uniform([2, 1, 5, 6]), $0.uniform([2])] },
           { $0[0].conv2d(weight: $0[1], bias: $0[2], geometry: WindowGeometry(kernelHeight: 5, kernelWidth: 6, padding: 1)) }),
    OpCase("conv2d, 5 small images unrolled side by side, padding 1",
           { [$0.uniform([5, 2, 4, 3]), $0.uniform([3, 2, 3, 3]), $0.uniform([3])] },
           { $0[0].conv2d(weight: $0[1], bias: $0[2], geometry: WindowGeometry(kernel: 3, padding: 1)) }),
    OpCase("conv2d 1x1, several images", { [$0.uniform([3, 2, 2, 3]), $0.uniform([4, 2, 1, 1]), $0.uniform([4])] },
           { $0[0].conv2d(weight: $0[1], bias: $0[2], geometry: WindowGeometry(kernel: 1)) }),
    // Max pooling has a kink where a tile's two largest outputs meet. Each filter here has one
    // nonzero tap, so the outputs of a tile are distinct inputs (spaced 2/count apart) times it,
    // and no finite-difference step (0.01 on an input or a tap) can swap a tile's winner.
    OpCase("conv2d max-pooled, one channel, direct, 3 images side by side",
           { [$0.distinct([3, 1, 5, 5]), Tensor(shape: [2, 1, 2, 2], data: [1, 0, 0, 0, 0, 0, 0, 0.9]), $0.uniform([2])] },
           { $0[0].conv2dMaxPooled(weight: $0[1], bias: $0[2], geometry: WindowGeometry(kernel: 2)) }),
    OpCase("conv2d max-pooled, two channels unrolled, 3x3 output (odd)",
           { [$0.distinct([2, 2, 4, 4]), Tensor(shape: [2, 2, 2, 2], data: [0.8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1.1]),
              $0.uniform([2])] },
           { $0[0].conv2dMaxPooled(weight: $0[1], bias: $0[2], geometry: WindowGeometry(kernel: 2)) }),
    OpCase("channel mix of two [2, 3, 2, 3] maps", { [$0.uniform([2, 3, 2, 3]), $0.uniform([2, 3, 2, 3]), $0.uniform([2, 3])] },
           { Tensor.channelMix($0[0], $0[1], weights: $0[2]) }),
    OpCase("channel mix of two dense [4, 3] layers", { [$0.uniform([4, 3]), $0.uniform([4, 3]), $0.uniform([2, 3])] },
           { Tensor.channelMix($0[0], $0[1], weights: $0[2]) }),
    OpCase("max pool tiles", { [$0.distinct([2, 2, 4, 5])] }, { $0[0].maxPoolTiles(2) }),
    OpCase("max pool", { [$0.distinct([2, 2, 4, 4])] }, { $0[0].maxPool2d(WindowGeometry(kernel: 2, stride: 2)) }),
    OpCase("max pool padded 3x3", { [$0.distinct([1, 2, 4, 5])] },
           { $0[0].maxPool2d(WindowGeometry(kernel: 3, stride: 1, padding: 1)) }),
    OpCase("avg pool", { [$0.uniform([2, 2, 4, 4])] }, { $0[0].avgPool2d(WindowGeometry(kernel: 2, stride: 2)) }),
    OpCase("avg pool padded 3x3", { [$0.uniform([1, 2, 4, 5])] },
           { $0[0].avgPool2d(WindowGeometry(kernel: 3, stride: 1, padding: 1)) }),
    OpCase("affine grid", { [$0.uniform([2, 2, 3])] }, { Tensor.affineGrid(theta: $0[0], height: 3, width: 4) }),
    OpCase("projective grid", { [$0.nearIdentityHomographies(2)] },
           { Tensor.projectiveGrid(homography: $0[0], height: 3, width: 4) }),
    OpCase("thin plate spline grid", { [$0.uniform([2, 4, 2], -0.9...0.9)] },
           { ThinPlateSpline(lattice: 2, height: 3, width: 4).grid(sources: $0[0]) }),
    OpCase("grid sample (input and grid)", { [$0.uniform([2, 2, 4, 5]), $0.samplingGrid(batch: 2, height: 3, width: 3, sourceHeight: 4, sourceWidth: 5)] },
           { Tensor.gridSample(input: $0[0], grid: $0[1]) }),
    OpCase("reused node accumulates", { [$0.uniform([3, 3])] }, { x in let y = x[0].tanh(); return y * y + y.matmul(y) }),
]

@Suite("Every op's gradient matches finite differences")
struct GradientTests {
    @Test(arguments: elementwiseCases + structuralCases)
    func gradientMatchesFiniteDifferences(_ op: OpCase) {
        var tensors = TestTensors(seed: 11)
        let inputs = op.make(&tensors)
        let result = GradientCheck.check(inputs, op.apply)
        #expect(result.worstError < op.tolerance, "\(op.name): \(result)")
    }

    @Test func dropoutGradientUsesItsMask() {
        let x = Tensor.ones([200]).trainable()
        var generator = SeededGenerator(seed: 3)
        let y = x.dropout(rate: 0.25, using: &generator)
        y.sum().backward()
        // Each gradient equals the forward multiplier: 0 where dropped, 1/(1-p) where kept.
        #expect(x.grad! == y.data)
        let kept = y.data.filter { $0 > 0 }
        #expect(kept.allSatisfy { abs($0 - 4.0 / 3.0) < 1e-6 })
        #expect((120...180).contains(kept.count))
    }

    /// Value i is dropped exactly when the generator's i-th uniform draw is below the rate (the
    /// integer test of the kernel is the same test), and the generator moves on by one draw per value.
    @Test(arguments: [Float(0.2), 0.3, 0.5, 0.999, 1e-6])
    func dropoutDropsWhereTheDrawIsBelowTheRate(_ rate: Float) {
        let x = Tensor.ones([1000])
        var generator = SeededGenerator(seed: 9), reference = SeededGenerator(seed: 9)
        let y = x.dropout(rate: rate, using: &generator)
        let keep = 1 / (1 - rate)
        #expect(y.data == (0..<1000).map { _ in reference.nextUniform() < rate ? 0 : keep })
        #expect(generator.next() == reference.next())
    }
}

extension TestTensors {
    /// `[count, 3, 3]` homographies: identity plus uniform noise in ±0.15 (w stays near 1).
    mutating func nearIdentityHomographies(_ count: Int) -> Tensor {
        let noise = uniform([count, 3, 3], -0.15...0.15).data
        let identity: [Float] = [1, 0, 0, 0, 1, 0, 0, 0, 1]
        return Tensor(shape: [count, 3, 3], data: noise.enumerated().map { $0.element + identity[$0.offset % 9] })
    }

    /// A `[batch, height, width, 2]` grid of normalised points whose pixel coordinates lie between
    /// -0.8 and size - 0.2 with fractional parts in 0.2...0.8, so a finite-difference step never
    /// crosses a pixel centre (where bilinear sampling has a kink); some taps fall outside.
    mutating func samplingGrid(batch: Int, height: Int, width: Int, sourceHeight: Int, sourceWidth: Int) -> Tensor {
        var values: [Float] = []
        for _ in 0..<(batch * height * width) {
            for size in [sourceWidth, sourceHeight] {
                let whole = Float(generator.nextInt(below: size + 1) - 1)
                let pixel = whole + 0.2 + 0.6 * generator.nextUniform()
                values.append((2 * pixel + 1) / Float(size) - 1)
            }
        }
        return Tensor(shape: [batch, height, width, 2], data: values)
    }
}
