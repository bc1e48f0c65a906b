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
        let product = [Float](unsafeUninitializedCapacity: outputs * positions) { c, initialized in
            weight.data.withUnsafeBufferPointer { w in
                cols.withUnsafeBufferPointer { x in
                    BLAS.gemm(m: outputs, n: positions, k: patch, a: w.baseAddress!, lda: patch,
                              b: x.baseAddress!, ldb: positions, c: c.baseAddress!, ldc: positions)
                }
            }
            initialized = outputs * positions
        }
        let plane = outHeight * outWidth
        // [O, N, plane] -> [N, O, plane], adding the bias.
        var values = Self.swapOuterAxes(product, outputs, batch, plane: plane)
        if let bias {
            values.withUnsafeMutableBufferPointer { v in
                for n in 0..<batch {
                    for o in 0..<outputs {
                        let shift = bias.data[o], start = (n * outputs + o) * plane
                        for p in start..<(start + plane) { v[p] += shift }
                    }
                }
            }
        }
        let input = self
        let parents = bias.map { [input, weight, $0] } ?? [input, weight]
        return .result(shape: [batch, outputs, outHeight, outWidth], data: values, parents: parents) { gradient in
            // Back to the GEMM layout: dout2 [O, N·OH·OW].
            let dProduct = Self.swapOuterAxes(gradient, batch, outputs, plane: plane)
            if let bias, bias.requiresGrad {
                bias.accumulateGrad(dProduct.withUnsafeBufferPointer { g in
                    (0..<outputs).map { o in
                        var total: Float = 0
                        for p in (o * positions)..<((o + 1) * positions) { total += g[p] }
                        return total
                    }
                })
            }
            if weight.requiresGrad {
                let dWeight = [Float](unsafeUninitializedCapacity: weight.count) { dw, initialized in
                    dProduct.withUnsafeBufferPointer { g in
                        cols.withUnsafeBufferPointer { x in
                            BLAS.gemm(transposeB: true, m: outputs, n: patch, k: positions, a: g.baseAddress!,
                                      lda: positions, b: x.baseAddress!, ldb: positions, c: dw.baseAddress!, ldc: patch)
                        }
                    }
                    initialized = weight.count
                }
                weight.accumulateGrad(dWeight)
            }
            if input.requiresGrad {
                let dCols = [Float](unsafeUninitializedCapacity: patch * positions) { dc, initialized in
                    dProduct.withUnsafeBufferPointer { g in
                        weight.data.withUnsafeBufferPointer { w in
                            BLAS.gemm(transposeA: true, m: patch, n: positions, k: outputs, a: w.baseAddress!,
                                      lda: patch, b: g.baseAddress!, ldb: positions, c: dc.baseAddress!, ldc: positions)
                        }
                    }
                    initialized = patch * positions
                }
                input.accumulateGrad(columns.fold(dCols))
            }
        }
    }
}

extension Tensor {
    /// Blocks of `plane` values laid out `[a, b, plane]`, rearranged to `[b, a, plane]`.
    static func swapOuterAxes(_ values: [Float], _ a: Int, _ b: Int, plane: Int) -> [Float] {
        [Float](unsafeUninitializedCapacity: values.count) { target, initialized in
            values.withUnsafeBufferPointer { source in
                for i in 0..<a {
                    for j in 0..<b {
                        (target.baseAddress! + (j * a + i) * plane)
                            .initialize(from: source.baseAddress! + (i * b + j) * plane, count: plane)
                    }
                }
            }
            initialized = values.count
        }
    }
}

/// im2col and its adjoint col2im for one batch.
struct Im2Col {
    let geometry: WindowGeometry
    let batch: Int, channels: Int, height: Int, width: Int
    var outHeight: Int { geometry.outputSize(height: height, width: width).height }
    var outWidth: Int { geometry.outputSize(height: height, width: width).width }

    /// The output columns x whose input column x·stride + offset lies inside 0..<width.
    @inline(__always)
    func validColumns(offset: Int) -> Range<Int> {
        let stride = geometry.stride
        let first = offset >= 0 ? 0 : (-offset + stride - 1) / stride
        let last = width - 1 - offset < 0 ? 0 : Swift.min(outWidth, (width - 1 - offset) / stride + 1)
        return first..<Swift.max(first, last)
    }

    /// Calls `body(column start, input start, valid columns)` for every in-bounds output row of
    /// every tap: the taps of one row are `input[start + x·stride]` for x in the range, stored at
    /// `cols[columnStart + x]`. Row by row, so the inner copies are straight loops.
    @inline(__always)
    func forEachRow(_ body: (Int, Int, Range<Int>) -> Void) {
        let (kh, kw, stride, padding) = (geometry.kernelHeight, geometry.kernelWidth, geometry.stride, geometry.padding)
        let (oh, ow) = (outHeight, outWidth)
        let positions = batch * oh * ow
        for c in 0..<channels {
            for i in 0..<kh {
                for j in 0..<kw {
                    let row = (c * kh + i) * kw + j
                    let columns = validColumns(offset: j - padding)
                    guard !columns.isEmpty else { continue }
                    for n in 0..<batch {
                        let imageBase = (n * channels + c) * height * width
                        for y in 0..<oh {
                            let sourceY = y * stride + i - padding
                            guard sourceY >= 0 && sourceY < height else { continue }
                            body(row * positions + (n * oh + y) * ow, imageBase + sourceY * width + j - padding, columns)
                        }
                    }
                }
            }
        }
    }

    func unroll(_ input: [Float]) -> [Float] {
        let patch = channels * geometry.kernelHeight * geometry.kernelWidth
        let stride = geometry.stride
        // Without padding every entry is written below; with padding the zeros are the padding.
        let count = patch * batch * outHeight * outWidth
        var cols = geometry.padding == 0 ? [Float](unsafeUninitializedCapacity: count) { $1 = count }
                                         : [Float](repeating: 0, count: count)
        cols.withUnsafeMutableBufferPointer { target in
            input.withUnsafeBufferPointer { source in
                let (t, s) = (target.baseAddress!, source.baseAddress!)
                forEachRow { column, start, columns in
                    if stride == 1 {
                        (t + (column + columns.lowerBound)).update(from: s + (start + columns.lowerBound), count: columns.count)
                    } else {
                        for x in columns { t[column + x] = s[start + x * stride] }
                    }
                }
            }
        }
        return cols
    }

    func fold(_ cols: [Float]) -> [Float] {
        let stride = geometry.stride
        var image = [Float](repeating: 0, count: batch * channels * height * width)
        image.withUnsafeMutableBufferPointer { target in
            cols.withUnsafeBufferPointer { source in
                let (t, s) = (target.baseAddress!, source.baseAddress!)
                forEachRow { column, start, columns in
                    if stride == 1 {
                        for x in columns { t[start + x] += s[column + x] }
                    } else {
                        for x in columns { t[start + x * stride] += s[column + x] }
                    }
                }
            }
        }
        return image
    }
}
