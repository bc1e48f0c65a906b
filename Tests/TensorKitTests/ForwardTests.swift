import Foundation
import Testing
@testable import TensorKit
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

@Suite struct ForwardValueTests {
    @Test func broadcastingAddsRowsColumnsAndScalars() {
        let x = Tensor([[1, 2, 3], [4, 5, 6]])
        #expect((x + Tensor(shape: [3], data: [10, 20, 30])).data == [11, 22, 33, 14, 25, 36])
        #expect((x + Tensor(shape: [2, 1], data: [100, 200])).data == [101, 102, 103, 204, 205, 206])
        #expect((x * 2).data == [2, 4, 6, 8, 10, 12])
        #expect(Broadcasting.shape([2, 1, 3], [4, 1]) == [2, 4, 3])
        let gate = Tensor(shape: [2, 2, 1], data: [1, 2, 3, 4]), experts = Tensor(shape: [2, 2, 3], data: (0..<12).map(Float.init))
        #expect((gate * experts).data == [0, 1, 2, 6, 8, 10, 18, 21, 24, 36, 40, 44])
        #expect((experts - gate).data == [-1, 0, 1, 1, 2, 3, 3, 4, 5, 5, 6, 7])
    }

    @Test func reductionsAlongAxes() {
        let x = Tensor(shape: [2, 3], data: [1, 5, 3, 4, 2, 6])
        #expect(x.sum(axis: 0).data == [5, 7, 9])
        #expect(x.sum(axis: 1).data == [9, 12])
        #expect(x.mean(axis: -1).data == [3, 4])
        #expect(x.max(axis: 1).data == [5, 6])
        #expect(x.sum(axis: 1, keepingAxis: true).shape == [2, 1])
        #expect(x.argmaxRows() == [1, 2])
    }

    @Test func matmulMatchesHandComputedProduct() {
        let a = Tensor([[1, 2], [3, 4], [5, 6]])
        let b = Tensor([[1, 0, 2], [0, 1, 3]])
        #expect(a.matmul(b).data == [1, 2, 8, 3, 4, 18, 5, 6, 28])
        #expect(b.matmul(a, transposeSelf: true, transposeOther: true).data == a.matmul(b).transposed().data)
    }

    /// Rows of 64 values or more take the vector softmax: within 3e-6 (relative) of the softmax
    /// computed in double precision (1e-5 for shares below 1e-20), and a NaN stays a NaN.
    @Test func wideRowsMatchTheSoftmaxInDoublePrecision() {
        var generator = SeededGenerator(seed: 41)
        for width in [64, 67, 200, 1682] {
            var values = (0..<(3 * width)).map { _ in generator.nextNormal() * 8 }
            values[1] = -1000
            let softmax = Tensor(shape: [3, width], data: values).softmax().data
            for row in 0..<3 {
                let x = values[(row * width)..<((row + 1) * width)].map(Double.init)
                let top = x.max()!
                let total = x.reduce(0) { $0 + Foundation.exp($1 - top) }
                for (column, value) in x.enumerated() {
                    let expected = Foundation.exp(value - top) / total
                    let tolerance = (expected > 1e-20 ? 3e-6 : 1e-5) * expected + 1e-37
                    #expect(Swift.abs(Double(softmax[row * width + column]) - expected) <= tolerance)
                }
            }
        }
        let withNaN = Tensor(shape: [1, 64], data: [Float.nan] + [Float](repeating: 1, count: 63)).softmax().data
        let everyValueIsNaN = withNaN.allSatisfy { $0.isNaN }
        #expect(everyValueIsNaN)
    }

    @Test func softmaxRowsSumToOneAndCrossEntropyIsLogK() {
        let logits = Tensor.zeros([2, 4])
        let probabilities = logits.softmax()
        #expect(probabilities.data.allSatisfy { abs($0 - 0.25) < 1e-6 })
        let loss = Loss.softmaxCrossEntropy(logits, labels: [0, 3])
        #expect(abs(loss.scalar - logf(4)) < 1e-6)
        // Large logits stay finite.
        let big = Tensor([[1000, 0], [-1000, 0]])
        #expect(big.logSoftmax().data.allSatisfy { $0.isFinite })
        #expect(Loss.binaryCrossEntropyWithLogits(Tensor(shape: [2], data: [200, -200]), targets: [1, 0]).scalar < 1e-6)
    }

    /// conv2d against its definition summed in Double, for plans with one image per GEMM,
    /// groups of images side by side (with a partial last group), a 1x1 window, padding and
    /// stride, on one and two threads.
    @Test func convolutionMatchesTheDefinition() {
        var tensors = TestTensors(seed: 11)
        let cases: [(input: [Int], outputs: Int, geometry: WindowGeometry)] = [
            ([3, 2, 7, 6], 4, WindowGeometry(kernel: 3)),
            ([7, 2, 6, 5], 4, WindowGeometry(kernel: 3, stride: 2, padding: 1)),
            ([2, 3, 12, 11], 4, WindowGeometry(kernel: 9, padding: 2)),
            ([2, 3, 12, 11], 4, WindowGeometry(kernelHeight: 4, kernelWidth: 2, padding: 3)),
            ([5, 3, 4, 4], 2, WindowGeometry(kernel: 1)),
            ([12, 4, 10, 10], 16, WindowGeometry(kernel: 3, padding: 1)),
            ([3, 1, 40, 40], 16, WindowGeometry(kernel: 5)),
        ]
        for (shape, outputs, geometry) in cases {
            let x = tensors.uniform(shape), w = tensors.uniform([outputs, shape[1], geometry.kernelHeight, geometry.kernelWidth])
            let b = tensors.uniform([outputs])
            let expected = directConvolution(x, w, b, geometry)
            for threads in [1, 2] {
                let lease = ThreadCountLease(threads)
                defer { lease.end() }
                let y = x.conv2d(weight: w, bias: b, geometry: geometry)
                #expect(y.count == expected.count)
                #expect(zip(y.data, expected).allSatisfy { Swift.abs(Double($0) - $1) < 1e-4 }, "\(shape) \(geometry)")
            }
        }
    }

    /// y[n, o, r, q] = b[o] + Σ w[o, c, i, j] x[n, c, r·s + i - p, q·s + j - p], in Double.
    func directConvolution(_ x: Tensor, _ w: Tensor, _ b: Tensor, _ geometry: WindowGeometry) -> [Double] {
        let (batch, channels, height, width) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (outputs, kh, kw) = (w.shape[0], w.shape[2], w.shape[3])
        let (outHeight, outWidth) = geometry.outputSize(height: height, width: width)
        var result: [Double] = []
        for n in 0..<batch {
            for o in 0..<outputs {
                for r in 0..<outHeight {
                    for q in 0..<outWidth {
                        var total = Double(b.data[o])
                        for c in 0..<channels {
                            for i in 0..<kh {
                                for j in 0..<kw {
                                    let (y, z) = (r * geometry.stride + i - geometry.padding, q * geometry.stride + j - geometry.padding)
                                    guard (0..<height).contains(y), (0..<width).contains(z) else { continue }
                                    total += Double(w.data[((o * channels + c) * kh + i) * kw + j])
                                        * Double(x.data[((n * channels + c) * height + y) * width + z])
                                }
                            }
                        }
                        result.append(total)
                    }
                }
            }
        }
        return result
    }

    /// Two workers (`BLAS.forEachChunk`) give the values and gradients of one, up to rounding.
    @Test func workerSplitMatchesOneThread() {
        var tensors = TestTensors(seed: 14)
        let x = tensors.uniform([12, 4, 16, 16]), w = tensors.uniform([16, 4, 3, 3]), b = tensors.uniform([16])
        func run(threads: Int) -> [[Float]] {
            let lease = ThreadCountLease(threads)
            defer { lease.end() }
            let (input, weight, bias) = (x.detached().trainable(), w.detached().trainable(), b.detached().trainable())
            let y = input.conv2d(weight: weight, bias: bias, geometry: WindowGeometry(kernel: 3)).maxPoolTiles(2)
            y.backward(seed: (0..<y.count).map { Float($0 % 7) - 3 })
            return [y.data, input.grad!, weight.grad!, bias.grad!]
        }
        let lease = ThreadCountLease(2)
        let windows = ImageWindows(geometry: WindowGeometry(kernel: 3), channels: 4, height: 16, width: 16)
        #expect(ConvolutionPlan(windows: windows, batch: 12, outputs: 16).workers == 2)
        lease.end()
        let one = run(threads: 1), two = run(threads: 2)
        for (a, b) in zip(one, two) {
            #expect(a.count == b.count)
            #expect(zip(a, b).allSatisfy { Swift.abs($0 - $1) <= 1e-4 * Swift.max(1, Swift.abs($0)) })
        }
    }

    /// An affine map of a mostly-zero input (the sparse path) gives the values and gradients of
    /// the dense product, up to rounding, on one and two threads.
    @Test func sparseAffineMatchesTheDenseProduct() {
        var tensors = TestTensors(seed: 21)
        var generator = SeededGenerator(seed: 22)
        let x = Tensor(shape: [64, 200], data: (0..<12_800).map { _ in generator.nextUniform() < 0.1 ? generator.nextNormal() : 0 })
        let w = tensors.uniform([200, 100]), b = tensors.uniform([100])
        #expect(SparseProducts.pays(rows: 64, inputs: 200, outputs: 100,
                                    nonzeros: x.data.withUnsafeBufferPointer(SparseProducts.nonzeroCount)))
        let seed = (0..<6400).map { _ in generator.nextNormal() }
        func gradients(_ product: ([Tensor]) -> Tensor) -> [[Float]] {
            let inputs = [x, w, b].map { $0.detached().trainable() }
            let y = product(inputs)
            y.backward(seed: seed)
            return [y.data] + inputs.map { $0.grad! }
        }
        let dense = gradients { $0[0].matmul($0[1]) + $0[2] }
        for threads in [1, 2] {
            let lease = ThreadCountLease(threads)
            defer { lease.end() }
            let sparse = gradients { $0[0].affine(weight: $0[1], bias: $0[2]) }
            for (a, b) in zip(sparse, dense) {
                #expect(zip(a, b).allSatisfy { Swift.abs($0 - $1) <= 1e-4 * Swift.max(1, Swift.abs($1)) })
            }
        }
    }

    /// An affine map read at a pattern's entries gives the dense product's values there, and the
    /// gradients of the dense product times a 0/1 mask, up to rounding, on one and two threads.
    /// An output layer over items (W stored [items, hidden]) as one fused op gives the same values
    /// and gradients, bit for bit, as the product with Wᵀ followed by the bias, on one thread and two.
    @Test func affineWithTheWeightTransposedIsMatmulPlusBiasExactly() {
        var generator = SeededGenerator(seed: 23)
        for threads in [1, 2] {
            let lease = ThreadCountLease(threads)
            defer { lease.end() }
            let x = (0..<(50 * 100)).map { _ in generator.nextNormal() }, w = (0..<(1682 * 100)).map { _ in generator.nextNormal() }
            let b = (0..<1682).map { _ in generator.nextNormal() }, seed = (0..<(50 * 1682)).map { _ in generator.nextNormal() }
            func run(_ fused: Bool) -> [[Float]] {
                let (input, weight, bias) = (Tensor(shape: [50, 100], data: x).trainable(), Tensor(shape: [1682, 100], data: w).trainable(),
                                             Tensor(shape: [1682], data: b).trainable())
                let y = fused ? input.affine(weight: weight, bias: bias, transposeWeight: true)
                              : input.matmul(weight, transposeOther: true) + bias
                y.backward(seed: seed)
                return [y.data, input.grad!, weight.grad!, bias.grad!]
            }
            let (fused, plain) = (run(true), run(false))
            for (a, b) in zip(fused, plain) { #expect(a.map(\.bitPattern) == b.map(\.bitPattern), "threads \(threads)") }
        }
    }

    /// A product with a broadcast operand (a cross-stitch coefficient [C, H, W] times activations
    /// [N, C, H, W], a gate [N, E, 1] times experts [N, E, U]): values and gradients equal, bit for
    /// bit, the products summed over the repeats in order, on one thread and two.
    @Test func broadcastProductsSumTheirGradientsInOrder() {
        var generator = SeededGenerator(seed: 31)
        for (big, small) in [([64, 10, 14, 14], [10, 14, 14]), ([300, 4, 64], [300, 4, 1]), ([5, 3], [3])] {
            let count = big.reduce(1, *), smallCount = small.reduce(1, *)
            let a = (0..<count).map { _ in generator.nextNormal() }, c = (0..<smallCount).map { _ in generator.nextNormal() }
            let seed = (0..<count).map { _ in generator.nextNormal() }
            // The offset of c read at output position i: a repeated trailing block, or each value repeated.
            let trailing = small.count < big.count
            func offset(_ i: Int) -> Int { trailing ? i % smallCount : i / (count / smallCount) }
            var product = [Float](repeating: 0, count: count), dA = product, dC = [Float](repeating: 0, count: smallCount)
            for i in 0..<count {
                product[i] = a[i] * c[offset(i)]
                dA[i] = seed[i] * c[offset(i)]
                dC[offset(i)] += seed[i] * a[i]
            }
            for threads in [1, 2] {
                let lease = ThreadCountLease(threads)
                defer { lease.end() }
                let (x, y) = (Tensor(shape: big, data: a).trainable(), Tensor(shape: small, data: c).trainable())
                let z = x * y
                z.backward(seed: seed)
                #expect(z.data.map(\.bitPattern) == product.map(\.bitPattern), "\(big) x \(small), threads \(threads)")
                #expect(x.grad!.map(\.bitPattern) == dA.map(\.bitPattern), "\(big) x \(small), threads \(threads)")
                #expect(y.grad!.map(\.bitPattern) == dC.map(\.bitPattern), "\(big) x \(small), threads \(threads)")
            }
        }
    }

    @Test func affineAtAPatternMatchesTheMaskedDenseProduct() {
        var tensors = TestTensors(seed: 31)
        var generator = SeededGenerator(seed: 32)
        let (rows, inputs, outputs) = (128, 500, 500)
        let entries = (0..<rows).map { _ in (0..<outputs).filter { _ in generator.nextUniform() < 0.08 } }
        let pattern = SparsePattern(columns: outputs, entries: entries)
        #expect(pattern.count * inputs >= BLAS.smallProduct)  // large enough to split across threads
        let x = tensors.uniform([rows, inputs]), w = tensors.uniform([inputs, outputs]), b = tensors.uniform([outputs])
        var mask = [Float](repeating: 0, count: rows * outputs), seed = mask, patternSeed = [Float]()
        for (row, columns) in entries.enumerated() {
            for column in columns {
                let value = generator.nextNormal()
                (mask[row * outputs + column], seed[row * outputs + column]) = (1, value)
                patternSeed.append(value)
            }
        }
        func gradients(_ seed: [Float], _ product: ([Tensor]) -> Tensor) -> [[Float]] {
            let inputs = [x, w, b].map { $0.detached().trainable() }
            let y = product(inputs)
            y.backward(seed: seed)
            return [y.data] + inputs.map { $0.grad! }
        }
        var dense = gradients(seed) { $0[0].affine(weight: $0[1], bias: $0[2]) * Tensor(shape: [rows, outputs], data: mask) }
        dense[0] = dense[0].indices.filter { mask[$0] > 0 }.map { dense[0][$0] }  // the pattern's entries, in its order
        for threads in [1, 2] {
            let lease = ThreadCountLease(threads)
            defer { lease.end() }
            let sampled = gradients(patternSeed) { $0[0].affine(weight: $0[1], bias: $0[2], at: pattern) }
            #expect(sampled[0].count == pattern.count)
            for (a, b) in zip(sampled, dense) {
                #expect(a.count == b.count)
                #expect(zip(a, b).allSatisfy { Swift.abs($0 - $1) <= 1e-4 * Swift.max(1, Swift.abs($1)) })
            }
        }
    }

    /// A pattern lists its entries by row and by column, and refuses nothing it should keep.
    @Test func aSparsePatternHasEveryEntryOnce() {
        let pattern = SparsePattern(columns: 4, entries: [[1, 3], [], [0, 1]])
        #expect(pattern.count == 4 && pattern.rows == 3 && pattern.rowStarts == [0, 2, 2, 4])
        #expect(pattern.columnOf == [1, 3, 0, 1])
        let empty = Tensor(shape: [3, 2], data: [Float](repeating: 1, count: 6))
            .affine(weight: Tensor(shape: [2, 4], data: [Float](repeating: 1, count: 8)), bias: nil,
                    at: SparsePattern(columns: 4, entries: [[], [], []]))
        #expect(empty.shape == [0])
    }

    /// Jobs of alternating sizes (2 then 8 tasks) back to back: a worker still leaving one job
    /// must never claim a task of the next (a stale claim ran a task twice before jobs were closed).
    @Test func backToBackJobsOfGrowingSizeRunEachTaskOnce() {
        var seen = [Int](repeating: 0, count: 64)
        var wrong = 0
        seen.withUnsafeMutableBufferPointer { seen in
            let base = seen.baseAddress!
            for round in 0..<4000 {
                for i in 0..<64 { base[i] = 0 }
                BLAS.forEachChunk(of: 64, workers: round % 2 == 0 ? 2 : 8) { _, items in for item in items { base[item] += 1 } }
                if (0..<64).contains(where: { base[$0] != 1 }) { wrong += 1 }
            }
        }
        #expect(wrong == 0)
    }

    /// Softmax cross-entropy over a batch large enough to split its rows across the pool (GRU4Rec's
    /// 200 x 1,682 scores) gives the values and gradients of one thread, bit for bit, and the
    /// gradient is softmax minus the one-hot label, divided by the batch.
    @Test func softmaxCrossEntropySplitByRowsMatchesOneThread() {
        var tensors = TestTensors(seed: 21)
        let logits = tensors.uniform([64, 1100])
        let labels = (0..<64).map { ($0 * 37) % 1100 }
        func run(threads: Int) -> (Float, [Float]) {
            let lease = ThreadCountLease(threads)
            defer { lease.end() }
            let x = logits.detached().trainable()
            let loss = Loss.softmaxCrossEntropy(x, labels: labels)
            loss.backward()
            return (loss.scalar, x.grad!)
        }
        let (one, two) = (run(threads: 1), run(threads: 2))
        #expect(one.0 == two.0 && one.1 == two.1)
        let row = Array(logits.data[0..<1100]), top = row.max()!
        let exps = row.map { Foundation.exp(Double($0 - top)) }, total = exps.reduce(0, +)
        let expected = (0..<1100).map { (exps[$0] / total - ($0 == labels[0] ? 1 : 0)) / 64 }
        #expect(zip(two.1[0..<1100], expected).allSatisfy { Swift.abs(Double($0) - $1) < 1e-6 })
    }

    @Test func forEachChunkCoversEveryItemOnce() {
        let lease = ThreadCountLease(2)
        defer { lease.end() }
        #expect(BLAS.workerCount(for: 10, minimumChunk: 2) == 2)
        #expect(BLAS.workerCount(for: 3, minimumChunk: 2) == 1)
        var seen = [Int](repeating: 0, count: 10)
        seen.withUnsafeMutableBufferPointer { seen in
            let base = seen.baseAddress!
            BLAS.forEachChunk(of: 10, workers: 2) { _, items in for item in items { base[item] += 1 } }
        }
        #expect(seen == [Int](repeating: 1, count: 10))
    }

    @Test func tiledMaxPoolMatchesTheWindowedOne() {
        var tensors = TestTensors(seed: 12)
        let x = tensors.uniform([2, 3, 7, 6])
        // maxPool2d takes the tile path for these windows; the general windowed loop must agree.
        #expect(x.maxPoolTiles(2).data == x.pool(WindowGeometry(kernel: 2, stride: 2), isMax: true).data)
        #expect(x.maxPool2d(WindowGeometry(kernel: 2, stride: 2)).data == x.maxPoolTiles(2).data)
        #expect(x.maxPoolTiles(3).shape == [2, 3, 2, 2])
        #expect(x.maxPoolTiles(3).data == x.pool(WindowGeometry(kernel: 3, stride: 3), isMax: true).data)
    }

    @Test func convolutionMatchesHandComputedWindowSums() {
        // A 1-channel 3x3 image, a 2x2 kernel of ones: each output is the sum of a 2x2 window.
        let image = Tensor(shape: [1, 1, 3, 3], data: [1, 2, 3, 4, 5, 6, 7, 8, 9])
        let kernel = Tensor.ones([1, 1, 2, 2])
        let out = image.conv2d(weight: kernel, bias: Tensor(shape: [1], data: [0.5]), geometry: WindowGeometry(kernel: 2))
        #expect(out.shape == [1, 1, 2, 2])
        #expect(out.data == [12.5, 16.5, 24.5, 28.5])
        let pooled = image.maxPool2d(WindowGeometry(kernel: 2, stride: 1))
        #expect(pooled.data == [5, 6, 8, 9])
        let averaged = image.avgPool2d(WindowGeometry(kernel: 3, stride: 1, padding: 1))
        #expect(averaged.data[0] == 3)  // (1 + 2 + 4 + 5) / 4: padding is not counted
        #expect(averaged.data[4] == 5)
    }

    @Test func shapeOpsMoveValuesWhereExpected() {
        let x = Tensor(shape: [2, 3], data: [1, 2, 3, 4, 5, 6])
        #expect(x.transposed().data == [1, 4, 2, 5, 3, 6])
        #expect(x.sliced(axis: 1, 1..<3).data == [2, 3, 5, 6])
        #expect(Tensor.concatenate([x, x.sliced(axis: 1, 0..<1)], axis: 1).data == [1, 2, 3, 1, 4, 5, 6, 4])
        #expect(Tensor.stack([x, x], axis: 0).shape == [2, 2, 3])
        #expect(x.gatherRows([1, 1, 0]).data == [4, 5, 6, 4, 5, 6, 1, 2, 3])
        #expect(x.embeddingBag([[0, 1], []], mean: true).data == [2.5, 3.5, 4.5, 0, 0, 0])
        #expect(x.reshaped([3, -1]).shape == [3, 2])
    }
}

@Suite struct AutodiffTests {
    @Test func noGradModeRecordsNothing() {
        let w = Tensor.ones([2, 2]).trainable()
        let y = withoutGradients { (w * 3).sum() }
        #expect(!y.requiresGrad)
        #expect(!y.isGraphNode)
    }

    @Test func graphIsReleasedAfterBackwardAndLeavesKeepGradients() {
        let w = Tensor.ones([3]).trainable()
        let hidden = w * 2
        let loss = (hidden * hidden).sum()
        loss.backward()
        #expect(w.grad == [8, 8, 8])  // d/dw (2w)^2 = 8w
        #expect(!loss.isGraphNode && !hidden.isGraphNode)
        #expect(hidden.grad == nil)
    }

    @Test func gradientsAccumulateAcrossBackwardCallsUntilZeroed() {
        let w = Tensor(shape: [1], data: [3]).trainable()
        (w * w).sum().backward()
        (w * w).sum().backward()
        #expect(w.grad == [12])
        w.zeroGrad()
        #expect(w.grad == nil)
    }

    @Test func deepChainDoesNotOverflowTheStack() {
        let w = Tensor(shape: [1], data: [1]).trainable()
        var x = w
        for _ in 0..<20_000 { x = x * 1.0001 }
        x.sum().backward()
        #expect(abs(w.grad![0] - powf(1.0001, 20_000)) < 0.05)
    }
}

@Suite struct BLASTests {
    @Test func openBLASAgreesWithTheReferenceKernel() {
        let status = BLAS.status
        #expect(status.problem == nil, "\(status.problem ?? "")")
        #expect(BLAS.verifyAgainstReference(seed: 99) < 1e-4)
    }

    @Test func theChosenCoreTypeIsOneTheCPUSupports() {
        // When the user did not choose, the workbench picks from the CPU's flags and OpenBLAS
        // must then run that family (never the generic fallback on a CPU with AVX2).
        let status = BLAS.status
        if status.coreTypeChosenByWorkbench {
            #expect(status.requestedCoreType == BLAS.bestCoreTypeForThisCPU)
            #expect(status.kernel.lowercased() == status.requestedCoreType.lowercased())
        }
    }

    @Test func threadCountCanBeSet() {
        let lease = ThreadCountLease(1)
        #expect(BLAS.threadCount == 1)
        lease.end()
    }
}

@Suite struct DeterminismTests {
    @Test func sameSeedSameStream() {
        var a = SeededGenerator(seed: 5), b = SeededGenerator(seed: 5), c = SeededGenerator(seed: 6)
        let first = (0..<5).map { _ in a.next() }
        #expect(first == (0..<5).map { _ in b.next() })
        #expect(first != (0..<5).map { _ in c.next() })
        var uniform = SeededGenerator(seed: 1)
        #expect((0..<1000).allSatisfy { _ in (0..<1).contains(uniform.nextUniform()) })
    }
}
