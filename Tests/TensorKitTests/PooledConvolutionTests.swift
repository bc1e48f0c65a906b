import Testing
import TestSupport
@testable import TensorKit

/// `conv2dMaxPooled` is `conv2d` then `maxPoolTiles(2)` as one op: the same values and the same
/// gradients on the input, the filters and the bias, bit for bit, on one thread and on two,
/// through every path of the convolution (direct first layers, groups of images unrolled side by
/// side, padding, 1x1 windows, an odd output whose last row and column no tile covers).
@Suite struct PooledConvolutionTests {
    struct Shape: CustomStringConvertible {
        let images, channels, side, outputs, kernel, padding: Int
        let bias: Bool
        /// Whether the input and the filters take gradients.
        var trainsInput = true, trainsFilters = true
        var description: String {
            "\(images)x\(channels)x\(side)² * \(outputs)@\(kernel)x\(kernel) pad \(padding)"
                + (trainsInput ? "" : ", input fixed") + (trainsFilters ? "" : ", filters fixed")
        }
    }

    static let shapes = [
        Shape(images: 3, channels: 1, side: 36, outputs: 10, kernel: 9, padding: 0, bias: true),    // MultiFashion's first layer
        Shape(images: 5, channels: 10, side: 14, outputs: 20, kernel: 5, padding: 0, bias: true),   // its second (groups of 2)
        Shape(images: 2, channels: 16, side: 19, outputs: 32, kernel: 5, padding: 0, bias: true),   // the ST CNN's second
        Shape(images: 2, channels: 1, side: 10, outputs: 3, kernel: 2, padding: 0, bias: false),    // 9x9: odd
        Shape(images: 4, channels: 2, side: 7, outputs: 3, kernel: 3, padding: 1, bias: true),      // padded, 7x7: odd
        Shape(images: 3, channels: 3, side: 6, outputs: 4, kernel: 1, padding: 0, bias: true),      // 1x1 windows
        // The backward pass that skips the unpooled gradient's zeros (second layers):
        Shape(images: 7, channels: 20, side: 8, outputs: 20, kernel: 5, padding: 0, bias: true),    // ST localisation net's second (groups of 6)
        Shape(images: 2, channels: 8, side: 13, outputs: 20, kernel: 3, padding: 0, bias: true),    // 11x11: odd, 2 images of 121 columns
        Shape(images: 5, channels: 10, side: 14, outputs: 20, kernel: 5, padding: 0, bias: false, trainsInput: false),
        Shape(images: 2, channels: 16, side: 19, outputs: 32, kernel: 5, padding: 0, bias: true, trainsFilters: false),
    ]

    @Test(arguments: shapes)
    func matchesConvolutionThenPoolingBitForBit(shape: Shape) {
        for threads in [1, 2] {
            let lease = ThreadCountLease(threads)
            defer { lease.end() }
            var generator = SeededGenerator(seed: 7)
            func normal(_ count: Int) -> [Float] { (0..<count).map { _ in generator.nextNormal() } }
            let xValues = normal(shape.images * shape.channels * shape.side * shape.side)
            let wValues = normal(shape.outputs * shape.channels * shape.kernel * shape.kernel)
            let bValues = normal(shape.outputs)
            let geometry = WindowGeometry(kernel: shape.kernel, padding: shape.padding)
            let outSide = (shape.side + 2 * shape.padding - shape.kernel + 1) / 2
            let seed = normal(shape.images * shape.outputs * outSide * outSide)

            func run(_ fused: Bool) -> [[UInt32]] {
                var x = Tensor(shape: [shape.images, shape.channels, shape.side, shape.side], data: xValues)
                var w = Tensor(shape: [shape.outputs, shape.channels, shape.kernel, shape.kernel], data: wValues)
                if shape.trainsInput { x = x.trainable() }
                if shape.trainsFilters { w = w.trainable() }
                let b = shape.bias ? Tensor(shape: [shape.outputs], data: bValues).trainable() : nil
                let y = fused ? x.conv2dMaxPooled(weight: w, bias: b, geometry: geometry)
                              : x.conv2d(weight: w, bias: b, geometry: geometry).maxPoolTiles(2)
                #expect(y.shape == [shape.images, shape.outputs, outSide, outSide])
                y.backward(seed: seed)
                return [y.data, x.grad ?? [], w.grad ?? [], b?.grad ?? []].map { $0.map(\.bitPattern) }
            }
            let (fused, separate) = (run(true), run(false))
            for (index, part) in ["values", "input gradient", "filter gradient", "bias gradient"].enumerated() {
                #expect(fused[index] == separate[index], "\(shape), \(threads) threads: \(part) differ")
            }
            #expect(fused[1].isEmpty == !shape.trainsInput && fused[2].isEmpty == !shape.trainsFilters)
        }
    }

    /// Which layers skip the unpooled gradient's zeros: the second layers of the ST CNN, the
    /// MultiFashion LeNet and the ST localisation network, in their groups of images; not the
    /// first layers, whose filter products OpenBLAS sums in sixteen lanes (its small-matrix
    /// kernel), nor a group of more than 320 columns, which it sums in blocks.
    @Test(.enabled(if: ConvolutionPlan.sumsLikeSkylakeX, "the zero-skipping path keeps the SkylakeX kernels' sums"))
    func theSecondLayersSkipTheZeros() {
        func plan(channels: Int, side: Int, outputs: Int, kernel: Int, batch: Int = 128, padding: Int = 0) -> ConvolutionPlan {
            let windows = ImageWindows(geometry: WindowGeometry(kernel: kernel, padding: padding), channels: channels, height: side, width: side)
            return ConvolutionPlan(windows: windows, batch: batch, outputs: outputs, pools: true)
        }
        let stSecond = plan(channels: 16, side: 19, outputs: 32, kernel: 5)
        let fashionSecond = plan(channels: 10, side: 14, outputs: 20, kernel: 5)
        let localisationSecond = plan(channels: 20, side: 8, outputs: 20, kernel: 5)
        #expect(stSecond.group == 1 && fashionSecond.group == 2 && localisationSecond.group == 6)
        for layer in [stSecond, fashionSecond, localisationSecond] {
            #expect(layer.skipsZeros(count: layer.group, needsWeight: true))
            #expect(layer.skipsZeros(count: 1, needsWeight: false))
        }
        for first in [plan(channels: 1, side: 42, outputs: 16, kernel: 5), plan(channels: 1, side: 36, outputs: 10, kernel: 9),
                      plan(channels: 1, side: 21, outputs: 20, kernel: 5)] {
            #expect(!first.skipsZeros(count: first.group, needsWeight: true))
            #expect(first.skipsZeros(count: first.group, needsWeight: false))
        }
        #expect(!fashionSecond.skipsZeros(count: 4, needsWeight: true))     // 400 columns
        #expect(!plan(channels: 16, side: 19, outputs: 32, kernel: 5, padding: 1).skipsZeros(count: 1, needsWeight: false))
        let unpooled = ConvolutionPlan(windows: ImageWindows(geometry: WindowGeometry(kernel: 5), channels: 16, height: 19, width: 19),
                                       batch: 128, outputs: 32, pools: false)
        #expect(!unpooled.skipsZeros(count: 1, needsWeight: false))
    }
}

/// `channelMix` against the broadcast products it replaces (`a * w0 + b * w1`, the weights
/// spread over each channel's positions): the same values and input gradients bit for bit; the
/// weights' gradients are the same sums in another order, equal to rounding.
@Suite struct ChannelMixTests {
    @Test(arguments: [[256, 10, 14, 14], [5, 20, 5, 5], [7, 50]])
    func matchesTheBroadcastProducts(shape: [Int]) {
        for threads in [1, 2] {
            let lease = ThreadCountLease(threads)
            defer { lease.end() }
            var generator = SeededGenerator(seed: 3)
            func normal(_ count: Int) -> [Float] { (0..<count).map { _ in generator.nextNormal() } }
            let count = shape.reduce(1, *), channels = shape[1]
            let (aValues, bValues, wValues, seed) = (normal(count), normal(count), normal(2 * channels), normal(count))
            let plane = Array(shape.dropFirst(2))

            func run(_ fused: Bool) -> (values: [Float], a: [Float], b: [Float], w: [Float]) {
                let a = Tensor(shape: shape, data: aValues).trainable(), b = Tensor(shape: shape, data: bValues).trainable()
                let w = Tensor(shape: [2, channels], data: wValues).trainable()
                let y: Tensor
                if fused {
                    y = Tensor.channelMix(a, b, weights: w)
                } else {
                    let rows = (0..<2).map { row in
                        w.sliced(axis: 0, row..<(row + 1)).reshaped([channels] + plane.map { _ in 1 })
                    }
                    y = a * rows[0] + b * rows[1]
                }
                y.backward(seed: seed)
                return (y.data, a.grad ?? [], b.grad ?? [], w.grad ?? [])
            }
            let (fused, broadcast) = (run(true), run(false))
            #expect(fused.values.map(\.bitPattern) == broadcast.values.map(\.bitPattern), "\(shape), \(threads) threads")
            #expect(fused.a.map(\.bitPattern) == broadcast.a.map(\.bitPattern))
            #expect(fused.b.map(\.bitPattern) == broadcast.b.map(\.bitPattern))
            #expect(fused.w.count == 2 * channels)
            for (x, y) in zip(fused.w, broadcast.w) { #expect(abs(x - y) <= 1e-4 * max(1, abs(y)), "\(shape): \(x) against \(y)") }
        }
    }
}
