import CBLAS
import Testing
@testable import TensorKit

/// im2col and col2im against their definitions, value for value: stride-1 windows (the C kernels
/// `wb_unroll_windows` and `wb_fold_windows`, on their AVX-512 and plain C paths; run widths below,
/// at and above one 16-lane vector, and two vectors), and the Swift loops for strides and padding.
@Suite(.serialized) struct ImageWindowsTests {
    /// (channels, height, width, kernel height, kernel width, stride, padding)
    static let shapes = [(2, 7, 9, 3, 3, 1, 0), (1, 42, 42, 5, 5, 1, 0), (3, 19, 19, 5, 5, 1, 0), (2, 6, 20, 1, 4, 1, 0),
                         (1, 5, 40, 2, 9, 1, 0), (2, 4, 16, 1, 1, 1, 0), (1, 36, 36, 9, 9, 1, 0), (2, 3, 3, 3, 3, 1, 0),
                         (2, 9, 11, 3, 3, 2, 1), (1, 8, 8, 1, 1, 2, 0), (2, 6, 7, 3, 3, 1, 1)]

    /// The input offset tap (c, i, j) reads for output (y, x), or nil in the padding.
    static func source(_ c: Int, _ i: Int, _ j: Int, _ y: Int, _ x: Int, _ windows: ImageWindows) -> Int? {
        let (s, p) = (windows.geometry.stride, windows.geometry.padding)
        let (row, column) = (y * s + i - p, x * s + j - p)
        guard row >= 0 && row < windows.height && column >= 0 && column < windows.width else { return nil }
        return (c * windows.height + row) * windows.width + column
    }

    @Test(arguments: [true, false])
    func unrollCopiesEveryWindowAndNothingElse(vectors: Bool) {
        wb_allow_avx512(vectors ? 1 : 0)
        defer { wb_allow_avx512(1) }
        var generator = SeededGenerator(seed: 7)
        for (channels, height, width, kh, kw, stride, padding) in Self.shapes {
            let geometry = WindowGeometry(kernelHeight: kh, kernelWidth: kw, stride: stride, padding: padding)
            let windows = ImageWindows(geometry: geometry, channels: channels, height: height, width: width)
            let image = (0..<(channels * height * width)).map { _ in generator.nextNormal() }
            let rowStride = windows.plane + 3
            var cols = [Float](repeating: .nan, count: windows.patch * rowStride)
            image.withUnsafeBufferPointer { x in
                cols.withUnsafeMutableBufferPointer { windows.unroll(x.baseAddress!, into: $0.baseAddress!, rowStride: rowStride) }
            }
            var expected = [Float](repeating: .nan, count: cols.count)
            for c in 0..<channels { for i in 0..<kh { for j in 0..<kw {
                for y in 0..<windows.outHeight { for x in 0..<windows.outWidth {
                    expected[((c * kh + i) * kw + j) * rowStride + y * windows.outWidth + x]
                        = Self.source(c, i, j, y, x, windows).map { image[$0] } ?? 0
                } }
            } } }
            // NaN marks the gaps between rows, which must stay untouched.
            #expect(cols.map(\.bitPattern) == expected.map(\.bitPattern), "shape \((channels, height, width, kh, kw, stride, padding))")
        }
    }

    @Test(arguments: [true, false])
    func foldAddsEveryWindowInTapOrder(vectors: Bool) {
        wb_allow_avx512(vectors ? 1 : 0)
        defer { wb_allow_avx512(1) }
        var generator = SeededGenerator(seed: 8)
        for (channels, height, width, kh, kw, stride, padding) in Self.shapes {
            let geometry = WindowGeometry(kernelHeight: kh, kernelWidth: kw, stride: stride, padding: padding)
            let windows = ImageWindows(geometry: geometry, channels: channels, height: height, width: width)
            let rowStride = windows.plane + 5
            let cols = (0..<(windows.patch * rowStride)).map { _ in generator.nextNormal() }
            let start = (0..<(channels * height * width)).map { _ in generator.nextNormal() }
            var image = start
            cols.withUnsafeBufferPointer { g in
                image.withUnsafeMutableBufferPointer { windows.fold(g.baseAddress!, rowStride: rowStride, into: $0.baseAddress!) }
            }
            // The definition, tap by tap: each value adds its terms in tap order (i, j).
            var expected = start
            for c in 0..<channels { for i in 0..<kh { for j in 0..<kw {
                for y in 0..<windows.outHeight { for x in 0..<windows.outWidth {
                    if let target = Self.source(c, i, j, y, x, windows) {
                        expected[target] += cols[((c * kh + i) * kw + j) * rowStride + y * windows.outWidth + x]
                    }
                } }
            } } }
            #expect(image.map(\.bitPattern) == expected.map(\.bitPattern), "shape \((channels, height, width, kh, kw, stride, padding))")
            // Without accumulating: the same sums from zero, over whatever the image held.
            var fresh = [Float](repeating: .nan, count: start.count)
            cols.withUnsafeBufferPointer { g in
                fresh.withUnsafeMutableBufferPointer {
                    windows.fold(g.baseAddress!, rowStride: rowStride, into: $0.baseAddress!, accumulate: false)
                }
            }
            var fromZero = [Float](repeating: 0, count: start.count)
            cols.withUnsafeBufferPointer { g in
                fromZero.withUnsafeMutableBufferPointer { windows.fold(g.baseAddress!, rowStride: rowStride, into: $0.baseAddress!) }
            }
            #expect(fresh.map(\.bitPattern) == fromZero.map(\.bitPattern), "shape \((channels, height, width, kh, kw, stride, padding))")
        }
    }

    /// 2x2 pooling in C against the four comparisons of `twoByTwoMaximum`, value and winner, with
    /// ties, NaNs and an odd width or height (the last column or row dropped), on both paths.
    @Test(arguments: [true, false])
    func twoByTwoPoolingKeepsTheFirstLargestValue(vectors: Bool) {
        wb_allow_avx512(vectors ? 1 : 0)
        defer { wb_allow_avx512(1) }
        var generator = SeededGenerator(seed: 9)
        for (planes, height, width) in [(3, 38, 38), (2, 19, 19), (1, 4, 70), (2, 5, 33), (1, 2, 2)] {
            // Few distinct values, so that tiles hold ties; a few NaNs.
            var x = (0..<(planes * height * width)).map { _ in Float(generator.nextInt(below: 4)) - 1.5 }
            for _ in 0..<3 { x[generator.nextInt(below: x.count)] = .nan }
            let pooled = Tensor(shape: [planes, 1, height, width], data: x).maxPoolTiles(2)
            var expected: [Float] = [], winners: [Int] = []
            x.withUnsafeBufferPointer { source in
                for plane in 0..<planes { for i in 0..<(height / 2) { for j in 0..<(width / 2) {
                    let (best, winner) = twoByTwoMaximum(source.baseAddress!, at: plane * height * width + 2 * i * width + 2 * j, width: width)
                    expected.append(best)
                    winners.append(winner)
                } } }
            }
            #expect(pooled.data.map(\.bitPattern) == expected.map(\.bitPattern), "\((planes, height, width))")
            // The gradient goes to the winner of each tile.
            let input = Tensor(shape: [planes, 1, height, width], data: x).trainable()
            let output = input.maxPoolTiles(2)
            output.backward(seed: (0..<output.count).map { Float($0 + 1) })
            var gradient = [Float](repeating: 0, count: x.count)
            for (index, winner) in winners.enumerated() { gradient[winner] += Float(index + 1) }
            #expect(input.grad == gradient, "\((planes, height, width))")
            // A gradient of -0 reaches its input as 0 + (-0) = +0, as a sum into zeros does.
            let signed = Tensor(shape: [planes, 1, height, width], data: x).trainable()
            let pooledAgain = signed.maxPoolTiles(2)
            pooledAgain.backward(seed: (0..<pooledAgain.count).map { $0 % 2 == 0 ? -0.0 : -Float($0) })
            var expectedSigned = [Float](repeating: 0, count: x.count)
            for (index, winner) in winners.enumerated() { expectedSigned[winner] += index % 2 == 0 ? -0.0 : -Float(index) }
            #expect(signed.grad!.map(\.bitPattern) == expectedSigned.map(\.bitPattern), "\((planes, height, width))")
        }
    }
}

/// The direct kernel of single-channel convolutions against the unrolled product it replaces
/// (AVX-512 turned off, so conv2d unrolls): the same values bit for bit, for the first layers of
/// the workbench's networks (the ST CNN and localisation network, the MultiMNIST LeNet, a NAS
/// stem with padding) and a few odd sizes.
@Suite(.serialized) struct DirectConvolutionTests {
    @Test func singleChannelLayersMatchTheUnrolledProduct() throws {
        try #require(wb_avx512_usable() != 0, "the direct kernel needs AVX-512")
        var generator = SeededGenerator(seed: 10)
        // (images, outputs, side, kernel, padding, bias)
        for (images, outputs, side, kernel, padding, bias) in [(3, 16, 42, 5, 0, true), (2, 20, 21, 5, 0, true), (2, 10, 36, 9, 0, true),
                                                               (2, 12, 8, 3, 1, true), (1, 7, 20, 3, 0, false), (2, 3, 5, 5, 2, true)] {
            let x = Tensor(shape: [images, 1, side, side], data: (0..<(images * side * side)).map { _ in generator.nextNormal() })
            let w = Tensor(shape: [outputs, 1, kernel, kernel], data: (0..<(outputs * kernel * kernel)).map { _ in generator.nextNormal() })
            let b = bias ? Tensor(shape: [outputs], data: (0..<outputs).map { _ in generator.nextNormal() }) : nil
            let geometry = WindowGeometry(kernel: kernel, padding: padding)
            let direct = x.conv2d(weight: w, bias: b, geometry: geometry).data
            wb_allow_avx512(0)
            let unrolled = x.conv2d(weight: w, bias: b, geometry: geometry).data
            wb_allow_avx512(1)
            #expect(direct.map(\.bitPattern) == unrolled.map(\.bitPattern), "\((images, outputs, side, kernel, padding))")
        }
    }
}
