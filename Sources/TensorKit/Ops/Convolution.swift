/// The geometry of a 2-D sliding window (convolution or pooling) over `[N, C, H, W]` inputs.
public struct WindowGeometry: Equatable, Sendable {
    public var kernelHeight: Int, kernelWidth: Int
    public var stride: Int, padding: Int

    public init(kernel: Int, stride: Int = 1, padding: Int = 0) {
        self.init(kernelHeight: kernel, kernelWidth: kernel, stride: stride, padding: padding)
    }

    public init(kernelHeight: Int, kernelWidth: Int, stride: Int = 1, padding: Int = 0) {
        precondition(kernelHeight > 0 && kernelWidth > 0 && stride > 0 && padding >= 0, "bad window geometry")
        self.kernelHeight = kernelHeight
        self.kernelWidth = kernelWidth
        self.stride = stride
        self.padding = padding
    }

    /// Output size along one axis: floor((size + 2 padding - kernel) / stride) + 1.
    public func outputSize(height: Int, width: Int) -> (height: Int, width: Int) {
        ((height + 2 * padding - kernelHeight) / stride + 1, (width + 2 * padding - kernelWidth) / stride + 1)
    }
}

extension Tensor {
    /// 2-D convolution (cross-correlation, as in every framework) of `x: [N, C, H, W]` with
    /// `weight: [O, C, KH, KW]` and optional `bias: [O]`, giving `[N, O, OH, OW]`.
    ///
    /// im2col unrolls every window into a column of `cols: [C·KH·KW, N·OH·OW]`, so the whole
    /// batch is one GEMM: `out = W · cols`. Backward: dW = dout · colsᵀ, dcols = Wᵀ · dout,
    /// and col2im adds dcols back onto the input positions.
    public func conv2d(weight: Tensor, bias: Tensor? = nil, geometry: WindowGeometry) -> Tensor {
        precondition(rank == 4 && weight.rank == 4 && weight.shape[1] == shape[1],
                     "conv2d: input \(shape) and weight \(weight.shape) do not fit ([N, C, H, W] and [O, C, KH, KW])")
        precondition(weight.shape[2] == geometry.kernelHeight && weight.shape[3] == geometry.kernelWidth,
                     "conv2d: weight \(weight.shape) does not match the kernel size")
        let (batch, channels, height, width) = (shape[0], shape[1], shape[2], shape[3])
        let outputs = weight.shape[0]
        let (outHeight, outWidth) = geometry.outputSize(height: height, width: width)
        precondition(outHeight > 0 && outWidth > 0, "conv2d: kernel larger than the padded input \(shape)")
        let patch = channels * geometry.kernelHeight * geometry.kernelWidth
        let positions = batch * outHeight * outWidth
        let columns = Im2Col(geometry: geometry, batch: batch, channels: channels, height: height, width: width)
        let cols = columns.unroll(data)

        // out2: [O, N·OH·OW] = W [O, patch] · cols [patch, N·OH·OW]
        var product = [Float](repeating: 0, count: outputs * positions)
        product.withUnsafeMutableBufferPointer { c in
            weight.data.withUnsafeBufferPointer { w in
                cols.withUnsafeBufferPointer { x in
                    BLAS.gemm(m: outputs, n: positions, k: patch, a: w.baseAddress!, lda: patch,
                              b: x.baseAddress!, ldb: positions, c: c.baseAddress!, ldc: positions)
                }
            }
        }
        let plane = outHeight * outWidth
        var values = [Float](repeating: 0, count: batch * outputs * plane)
        for o in 0..<outputs {
            let shift = bias?.data[o] ?? 0
            for n in 0..<batch {
                let source = o * positions + n * plane, target = (n * outputs + o) * plane
                for p in 0..<plane { values[target + p] = product[source + p] + shift }
            }
        }
        let input = self
        let parents = bias.map { [input, weight, $0] } ?? [input, weight]
        return .result(shape: [batch, outputs, outHeight, outWidth], data: values, parents: parents) { gradient in
            // Back to the GEMM layout: dout2 [O, N·OH·OW].
            var dProduct = [Float](repeating: 0, count: outputs * positions)
            for o in 0..<outputs {
                for n in 0..<batch {
                    let target = o * positions + n * plane, source = (n * outputs + o) * plane
                    for p in 0..<plane { dProduct[target + p] = gradient[source + p] }
                }
            }
            if let bias, bias.requiresGrad {
                bias.accumulateGrad((0..<outputs).map { o in
                    dProduct[(o * positions)..<((o + 1) * positions)].reduce(0, +)
                })
            }
            if weight.requiresGrad {
                var dWeight = [Float](repeating: 0, count: weight.count)
                dWeight.withUnsafeMutableBufferPointer { dw in
                    dProduct.withUnsafeBufferPointer { g in
                        cols.withUnsafeBufferPointer { x in
                            BLAS.gemm(transposeB: true, m: outputs, n: patch, k: positions, a: g.baseAddress!,
                                      lda: positions, b: x.baseAddress!, ldb: positions, c: dw.baseAddress!, ldc: patch)
                        }
                    }
                }
                weight.accumulateGrad(dWeight)
            }
            if input.requiresGrad {
                var dCols = [Float](repeating: 0, count: patch * positions)
                dCols.withUnsafeMutableBufferPointer { dc in
                    dProduct.withUnsafeBufferPointer { g in
                        weight.data.withUnsafeBufferPointer { w in
                            BLAS.gemm(transposeA: true, m: patch, n: positions, k: outputs, a: w.baseAddress!,
                                      lda: patch, b: g.baseAddress!, ldb: positions, c: dc.baseAddress!, ldc: positions)
                        }
                    }
                }
                input.accumulateGrad(columns.fold(dCols))
            }
        }
    }
}

/// im2col and its adjoint col2im for one batch.
struct Im2Col {
    let geometry: WindowGeometry
    let batch: Int, channels: Int, height: Int, width: Int
    var outHeight: Int { geometry.outputSize(height: height, width: width).height }
    var outWidth: Int { geometry.outputSize(height: height, width: width).width }

    /// Calls `body(column row, column, input offset)` for every in-bounds tap.
    @inline(__always)
    func forEachTap(_ body: (Int, Int, Int) -> Void) {
        let (kh, kw, stride, padding) = (geometry.kernelHeight, geometry.kernelWidth, geometry.stride, geometry.padding)
        let (oh, ow) = (outHeight, outWidth)
        let positions = batch * oh * ow
        for c in 0..<channels {
            for i in 0..<kh {
                for j in 0..<kw {
                    let row = (c * kh + i) * kw + j
                    for n in 0..<batch {
                        let imageBase = (n * channels + c) * height * width
                        for y in 0..<oh {
                            let sourceY = y * stride + i - padding
                            guard sourceY >= 0 && sourceY < height else { continue }
                            let columnBase = row * positions + (n * oh + y) * ow
                            for x in 0..<ow {
                                let sourceX = x * stride + j - padding
                                if sourceX >= 0 && sourceX < width {
                                    body(row, columnBase + x, imageBase + sourceY * width + sourceX)
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    func unroll(_ input: [Float]) -> [Float] {
        let patch = channels * geometry.kernelHeight * geometry.kernelWidth
        var cols = [Float](repeating: 0, count: patch * batch * outHeight * outWidth)
        cols.withUnsafeMutableBufferPointer { target in
            input.withUnsafeBufferPointer { source in
                forEachTap { _, column, offset in target[column] = source[offset] }
            }
        }
        return cols
    }

    func fold(_ cols: [Float]) -> [Float] {
        var image = [Float](repeating: 0, count: batch * channels * height * width)
        image.withUnsafeMutableBufferPointer { target in
            cols.withUnsafeBufferPointer { source in
                forEachTap { _, column, offset in target[offset] += source[column] }
            }
        }
        return image
    }
}
