extension Tensor {
    /// 2-D convolution with the same math, shapes and gradients as `conv2d`, computed image by
    /// image so that the unrolled windows stay in cache:
    ///
    ///     for each image n:  cols_n = im2col(x_n)          [C·KH·KW, OH·OW]
    ///                        out_n  = W · cols_n + b        [O, OH·OW]  (already [O, OH, OW])
    ///
    /// Backward, per image again (cols_n is rebuilt, not stored):
    ///     dW += dout_n · cols_nᵀ,   db += row sums of dout_n,   dx_n = col2im(Wᵀ · dout_n).
    ///
    /// `conv2d` unrolls the whole batch into one matrix (for a 9x9 kernel on 256 images of
    /// 36x36, 65 MB) and transposes the product; here the working set is one image's columns
    /// (254 KB) and the output needs no reordering. Rows of a stride-1 window are copied as
    /// contiguous runs.
    public func conv2dPerImage(weight: Tensor, bias: Tensor? = nil, geometry: WindowGeometry) -> Tensor {
        precondition(rank == 4 && weight.rank == 4 && weight.shape[1] == shape[1],
                     "conv2dPerImage: input \(shape) and weight \(weight.shape) do not fit ([N, C, H, W] and [O, C, KH, KW])")
        precondition(weight.shape[2] == geometry.kernelHeight && weight.shape[3] == geometry.kernelWidth,
                     "conv2dPerImage: weight \(weight.shape) does not match the kernel size")
        let (batch, channels, height, width) = (shape[0], shape[1], shape[2], shape[3])
        let outputs = weight.shape[0]
        let window = ImageWindows(geometry: geometry, channels: channels, height: height, width: width)
        precondition(window.outHeight > 0 && window.outWidth > 0, "conv2dPerImage: kernel larger than the padded input \(shape)")
        let (patch, plane, imageSize) = (window.patch, window.plane, channels * height * width)
        let biasValues = bias?.data
        // Images are split into contiguous chunks, one per BLAS thread (`BLAS.forEachChunk`):
        // each worker has its own columns and writes only its images' outputs.
        let values = [Float](unsafeUninitializedCapacity: batch * outputs * plane) { out, initialized in
            data.withUnsafeBufferPointer { x in
                weight.data.withUnsafeBufferPointer { w in
                    let (outBase, xBase, wBase) = (out.baseAddress!, x.baseAddress!, w.baseAddress!)
                    BLAS.forEachChunk(of: batch, minimumChunk: 2) { _, images in
                        let cols = UnsafeMutablePointer<Float>.allocate(capacity: patch * plane)
                        defer { cols.deallocate() }
                        cols.initialize(repeating: 0, count: patch * plane)
                        for n in images {
                            let target = outBase + n * outputs * plane
                            if let biasValues {
                                for o in 0..<outputs { (target + o * plane).initialize(repeating: biasValues[o], count: plane) }
                            }
                            window.unroll(xBase + n * imageSize, into: cols)
                            BLAS.gemm(m: outputs, n: plane, k: patch, a: wBase, lda: patch,
                                      b: cols, ldb: plane, beta: biasValues == nil ? 0 : 1, c: target, ldc: plane)
                        }
                    }
                }
            }
            initialized = batch * outputs * plane
        }
        let input = self
        let parents = bias.map { [input, weight, $0] } ?? [input, weight]
        return .result(shape: [batch, outputs, window.outHeight, window.outWidth], data: values, parents: parents) { gradient in
            // Each worker sums its images' dW and db into its own slice; the slices are added in
            // worker order afterwards (one worker: the same sums, in the same order, as a loop).
            let workers = BLAS.workerCount(for: batch, minimumChunk: 2)
            var dWeights = [Float](repeating: 0, count: workers * weight.count)
            var dBiases = [Float](repeating: 0, count: workers * outputs)
            var dInput = [Float](repeating: 0, count: input.requiresGrad ? input.count : 0)
            let (needsWeight, needsInput) = (weight.requiresGrad, input.requiresGrad)
            gradient.withUnsafeBufferPointer { g in
                input.data.withUnsafeBufferPointer { x in
                    weight.data.withUnsafeBufferPointer { w in
                        dWeights.withUnsafeMutableBufferPointer { dws in
                            dBiases.withUnsafeMutableBufferPointer { dbs in
                                dInput.withUnsafeMutableBufferPointer { dxs in
                                    let (gBase, xBase, wBase, dwBase, dbBase) = (g.baseAddress!, x.baseAddress!, w.baseAddress!,
                                                                                 dws.baseAddress!, dbs.baseAddress!)
                                    let dxBase = dxs.baseAddress
                                    BLAS.forEachChunk(of: batch, workers: workers) { worker, images in
                                        let dw = dwBase + worker * weight.count, db = dbBase + worker * outputs
                                        let cols = UnsafeMutablePointer<Float>.allocate(capacity: patch * plane)
                                        let dCols = UnsafeMutablePointer<Float>.allocate(capacity: patch * plane)
                                        defer { cols.deallocate(); dCols.deallocate() }
                                        cols.initialize(repeating: 0, count: patch * plane)
                                        for n in images {
                                            let dOut = gBase + n * outputs * plane
                                            for o in 0..<outputs {
                                                var total: Float = 0
                                                for p in 0..<plane { total += dOut[o * plane + p] }
                                                db[o] += total
                                            }
                                            if needsWeight {
                                                window.unroll(xBase + n * imageSize, into: cols)
                                                BLAS.gemm(transposeB: true, m: outputs, n: patch, k: plane, a: dOut, lda: plane,
                                                          b: cols, ldb: plane, beta: 1, c: dw, ldc: patch)
                                            }
                                            if needsInput, let dxBase {
                                                BLAS.gemm(transposeA: true, m: patch, n: plane, k: outputs, a: wBase,
                                                          lda: patch, b: dOut, ldb: plane, c: dCols, ldc: plane)
                                                window.fold(dCols, into: dxBase + n * imageSize)
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            if needsWeight { weight.accumulateGrad(Self.sumSlices(dWeights, count: workers)) }
            if let bias, bias.requiresGrad { bias.accumulateGrad(Self.sumSlices(dBiases, count: workers)) }
            if needsInput { input.accumulateGrad(dInput) }
        }
    }

    /// The element-wise sum of `count` equal slices of `values`, in slice order.
    static func sumSlices(_ values: [Float], count: Int) -> [Float] {
        let size = values.count / Swift.max(count, 1)
        guard count > 1 else { return values }
        var total = Array(values[0..<size])
        for slice in 1..<count {
            for i in 0..<size { total[i] += values[slice * size + i] }
        }
        return total
    }
}

/// im2col and col2im for one image `[C, H, W]`, columns `[C·KH·KW, OH·OW]`.
struct ImageWindows {
    let geometry: WindowGeometry
    let channels: Int, height: Int, width: Int
    let outHeight: Int, outWidth: Int

    init(geometry: WindowGeometry, channels: Int, height: Int, width: Int) {
        self.geometry = geometry
        self.channels = channels
        self.height = height
        self.width = width
        (outHeight, outWidth) = geometry.outputSize(height: height, width: width)
    }

    var patch: Int { channels * geometry.kernelHeight * geometry.kernelWidth }
    var plane: Int { outHeight * outWidth }

    /// For tap (i, j) and output row y: the input row, and the output columns x whose input
    /// column x·stride + j - padding is inside the image.
    @inline(__always)
    private func validColumns(_ j: Int) -> Range<Int> {
        let (stride, padding) = (geometry.stride, geometry.padding)
        // x·stride + j - padding >= 0  and  < width
        let low = max(0, (padding - j + stride - 1) / stride)
        let last = width - 1 + padding - j          // x·stride <= last: x <= floor(last / stride)
        let high = last < 0 ? 0 : min(outWidth, last / stride + 1)
        return low..<max(low, high)
    }

    /// cols[row, y·OW + x] = image[c, y·s + i - p, x·s + j - p] (0 outside the image).
    ///
    /// With stride 1 the row of tap (c, i + 1, j) is the row of tap (c, i, j) moved up one output
    /// row: cols[(c, i + 1, j), y·OW + x] = cols[(c, i, j), (y + 1)·OW + x]. So only the first
    /// kernel row's taps are gathered run by run; each further one is one contiguous copy of the
    /// previous row plus its last output row.
    func unroll(_ image: UnsafePointer<Float>, into cols: UnsafeMutablePointer<Float>) {
        let (kh, kw, stride, padding) = (geometry.kernelHeight, geometry.kernelWidth, geometry.stride, geometry.padding)
        if padding > 0 { cols.update(repeating: 0, count: patch * plane) }
        for c in 0..<channels {
            for i in 0..<kh {
                for j in 0..<kw {
                    let row = cols + ((c * kh + i) * kw + j) * plane
                    let columns = validColumns(j)
                    guard !columns.isEmpty else { continue }
                    var firstY = 0
                    if stride == 1 && i > 0 && outHeight > 1 {
                        // Every output row but the last, from the previous kernel row's taps.
                        row.update(from: row - kw * plane + outWidth, count: (outHeight - 1) * outWidth)
                        firstY = outHeight - 1
                    }
                    for y in firstY..<outHeight {
                        let sourceY = y * stride + i - padding
                        guard sourceY >= 0 && sourceY < height else { continue }
                        let source = image + (c * height + sourceY) * width + j - padding
                        let target = row + y * outWidth
                        if stride == 1 {
                            Self.copyRun(from: source + columns.lowerBound, to: target + columns.lowerBound, count: columns.count)
                        } else {
                            for x in columns { target[x] = source[x * stride] }
                        }
                    }
                }
            }
        }
    }

    /// Copies a short contiguous run (a window row: a few dozen values) eight at a time; cheaper
    /// than a memmove call for runs this short.
    @inline(__always)
    static func copyRun(from source: UnsafePointer<Float>, to target: UnsafeMutablePointer<Float>, count: Int) {
        var index = 0
        let from = UnsafeRawPointer(source), to = UnsafeMutableRawPointer(target)
        while index + 8 <= count {
            to.storeBytes(of: from.loadUnaligned(fromByteOffset: index * 4, as: SIMD8<Float>.self),
                          toByteOffset: index * 4, as: SIMD8<Float>.self)
            index += 8
        }
        if index + 4 <= count {
            to.storeBytes(of: from.loadUnaligned(fromByteOffset: index * 4, as: SIMD4<Float>.self),
                          toByteOffset: index * 4, as: SIMD4<Float>.self)
            index += 4
        }
        while index < count {
            target[index] = source[index]
            index += 1
        }
    }

    /// target[x] += source[x] for a short run, eight at a time (the same sums as a plain loop).
    @inline(__always)
    static func addRun(from source: UnsafePointer<Float>, to target: UnsafeMutablePointer<Float>, count: Int) {
        var index = 0
        let from = UnsafeRawPointer(source), to = UnsafeMutableRawPointer(target)
        while index + 8 <= count {
            let sum = to.loadUnaligned(fromByteOffset: index * 4, as: SIMD8<Float>.self)
                + from.loadUnaligned(fromByteOffset: index * 4, as: SIMD8<Float>.self)
            to.storeBytes(of: sum, toByteOffset: index * 4, as: SIMD8<Float>.self)
            index += 8
        }
        while index < count {
            target[index] += source[index]
            index += 1
        }
    }

    /// The adjoint of `unroll`: image[c, y·s + i - p, x·s + j - p] += cols[row, y·OW + x].
    func fold(_ cols: UnsafePointer<Float>, into image: UnsafeMutablePointer<Float>) {
        let (kh, kw, stride, padding) = (geometry.kernelHeight, geometry.kernelWidth, geometry.stride, geometry.padding)
        for c in 0..<channels {
            for i in 0..<kh {
                for j in 0..<kw {
                    let row = cols + ((c * kh + i) * kw + j) * plane
                    let columns = validColumns(j)
                    for y in 0..<outHeight {
                        let sourceY = y * stride + i - padding
                        guard sourceY >= 0 && sourceY < height else { continue }
                        let target = image + (c * height + sourceY) * width + j - padding
                        let source = row + y * outWidth
                        if stride == 1 {
                            Self.addRun(from: source + columns.lowerBound, to: target + columns.lowerBound, count: columns.count)
                        } else {
                            for x in columns { target[x * stride] += source[x] }
                        }
                    }
                }
            }
        }
    }
}
