import CBLAS

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
    /// `weight: [O, C, KH, KW]` and optional `bias: [O]`, giving `[N, O, OH, OW]`:
    ///
    ///     y[n, o, r, q] = b[o] + Σ_{c, i, j} w[o, c, i, j] · x[n, c, r·s + i - p, q·s + j - p]
    ///
    /// im2col unrolls each window into a column, so a group of g images is one GEMM:
    ///
    ///     cols = im2col(x_group)          [C·KH·KW, g·OH·OW]
    ///     out  = W · cols + b             [O, g·OH·OW]
    ///
    /// Backward, group by group (cols is rebuilt, not stored):
    ///     dW += dout · colsᵀ,   db += row sums of dout,   dx = col2im(Wᵀ · dout).
    ///
    /// The op chooses its unrolling (`ConvolutionPlan`): the group is as many images as give the
    /// GEMM a few hundred columns while their columns stay in cache, and the batch is split into
    /// one contiguous share of images per thread, each worker with its own columns and single-
    /// threaded GEMMs. Unrolling the whole batch at once (for a 9x9 kernel on 256 images of
    /// 36x36, 65 MB written to memory and read back) was several times slower.
    public func conv2d(weight: Tensor, bias: Tensor? = nil, geometry: WindowGeometry) -> Tensor {
        convolution(weight: weight, bias: bias, geometry: geometry, pools: false)
    }

    /// `conv2d(weight:bias:geometry:).maxPoolTiles(2)` as one op: the same values and gradients,
    /// bit for bit, but each group of images is convolved into a worker's buffer and pooled
    /// there, while it is in cache, and the backward pass unpools each group's gradient into such
    /// a buffer just before its products. The full-size convolution output (for a first layer on
    /// 128 images of 42x42, 12 MB) is never written to memory, nor its gradient.
    ///
    /// Where the sums allow it (`ConvolutionPlan.skipsZeros(count:needsWeight:)`: the second
    /// layers of the workbench's networks), the backward pass does not unpool at all: it skips the
    /// three quarters of the gradient that are zeros (`wb_pooled_convolution_backward`), with the
    /// same sums in the same order, so the same values bit for bit.
    public func conv2dMaxPooled(weight: Tensor, bias: Tensor? = nil, geometry: WindowGeometry) -> Tensor {
        convolution(weight: weight, bias: bias, geometry: geometry, pools: true)
    }

    private func convolution(weight: Tensor, bias: Tensor?, geometry: WindowGeometry, pools: Bool) -> Tensor {
        precondition(rank == 4 && weight.rank == 4 && weight.shape[1] == shape[1],
                     "conv2d: input \(shape) and weight \(weight.shape) do not fit ([N, C, H, W] and [O, C, KH, KW])")
        precondition(weight.shape[2] == geometry.kernelHeight && weight.shape[3] == geometry.kernelWidth,
                     "conv2d: weight \(weight.shape) does not match the kernel size")
        let windows = ImageWindows(geometry: geometry, channels: shape[1], height: shape[2], width: shape[3])
        precondition(windows.outHeight > 0 && windows.outWidth > 0, "conv2d: kernel larger than the padded input \(shape)")
        precondition(bias == nil || bias!.count == weight.shape[0], "conv2d: bias must have \(weight.shape[0]) values")
        let plan = ConvolutionPlan(windows: windows, batch: shape[0], outputs: weight.shape[0], pools: pools)
        precondition(!pools || plan.outputPlane > 0, "conv2dMaxPooled: a \(windows.outHeight)x\(windows.outWidth) output has no 2x2 tile")
        let outputCount = plan.batch * plan.outputs * plan.outputPlane
        var winners = [Int32](unsafeUninitializedCapacity: pools ? outputCount : 0) { $1 = $0.count }
        let values = [Float](unsafeUninitializedCapacity: outputCount) { out, initialized in
            data.withUnsafeBufferPointer { x in
                weight.data.withUnsafeBufferPointer { w in
                    winners.withUnsafeMutableBufferPointer { won in
                        if let bias {
                            bias.data.withUnsafeBufferPointer { b in
                                plan.forward(x.baseAddress!, w.baseAddress!, b.baseAddress, out.baseAddress!, winners: won.baseAddress)
                            }
                        } else {
                            plan.forward(x.baseAddress!, w.baseAddress!, nil, out.baseAddress!, winners: won.baseAddress)
                        }
                    }
                }
            }
            initialized = out.count
        }
        let input = self
        let parents = bias.map { [input, weight, $0] } ?? [input, weight]
        let (height, width) = pools ? (windows.outHeight / 2, windows.outWidth / 2) : (windows.outHeight, windows.outWidth)
        // The tape names the public op, not this helper.
        let op: StaticString = pools ? "conv2dMaxPooled(weight:bias:geometry:)" : "conv2d(weight:bias:geometry:)"
        return .result(shape: [plan.batch, plan.outputs, height, width], data: values, parents: parents, op: op) { gradient in
            let gradients = plan.backward(gradient, winners: winners, input: input.data, weight: weight.data,
                                          needsInput: input.requiresGrad, needsWeight: weight.requiresGrad)
            if weight.requiresGrad { weight.accumulateGrad(gradients.weight) }
            if let bias, bias.requiresGrad { bias.accumulateGrad(gradients.bias) }
            if input.requiresGrad { input.accumulateGrad(gradients.input) }
        }
    }

}

/// How `conv2d` unrolls a batch: images in groups of `group`, the batch split into one
/// contiguous share per worker (`BLAS.forEachChunk`).
struct ConvolutionPlan {
    let windows: ImageWindows
    /// `windows` over the zero-framed image (the same as `windows` without padding).
    let framed: ImageWindows
    let batch: Int, outputs: Int
    /// Images whose columns sit side by side in one GEMM.
    let group: Int
    let workers: Int
    /// Single-channel inputs (a network's first layer) skip the unrolling in the forward pass:
    /// their columns are KH·KW times the image, and the GEMM's K only KH·KW (9 to 81), so a direct
    /// kernel (`wb_convolve_direct`, AVX-512) is faster, and it sums each output as OpenBLAS's
    /// kernel does (tested). The backward pass unrolls as before.
    let direct: Bool
    /// The outputs are max-pooled over 2x2 tiles (`conv2dMaxPooled`) in a worker's buffer.
    let pools: Bool
    /// Pooled, stride 1, no padding, a window wider than 1x1 and at most 16 wide, and OpenBLAS on
    /// its SkylakeX kernels: the backward pass may skip the unpooled gradient's zeros
    /// (`wb_pooled_convolution_backward`), where `skipsZeros(count:needsWeight:)` allows it.
    let canSkipZeros: Bool

    /// Images are grouped only while the GEMM is narrow (fewer than `targetColumns` columns) and
    /// small (at most `smallProduct` multiply-adds: OpenBLAS multiplies such products without
    /// packing them first, up to 40% faster here than the packed path of a wider product), and
    /// while the group's columns stay in the L2 cache (`columnBudget` floats, 512 KB).
    static let targetColumns = 256
    static let smallProduct = 1_000_000
    static let columnBudget = 128 * 1024
    /// Below this many multiply-adds per worker a second thread costs more than it saves.
    static let minimumWork = 400_000

    init(windows: ImageWindows, batch: Int, outputs: Int, pools: Bool = false) {
        self.windows = windows
        self.pools = pools
        framed = windows.framed
        self.batch = batch
        self.outputs = outputs
        let (patch, plane) = (windows.patch, windows.plane)
        let perImage = Swift.max(outputs * patch * plane, 1)
        var group = Swift.max(1, (Self.targetColumns + plane - 1) / plane)
        group = Swift.min(group, Self.smallProduct / perImage, Self.columnBudget / Swift.max(patch * plane, 1), batch)
        group = Swift.max(group, 1)
        // A 1x1 window's columns are the image itself: no unrolling, one image per GEMM.
        self.group = windows.isIdentity ? 1 : group
        workers = BLAS.workerCount(for: batch, minimumChunk: Swift.max(self.group, (Self.minimumWork + perImage - 1) / perImage))
        direct = windows.channels == 1 && !windows.isIdentity && windows.geometry.stride == 1 && wb_avx512_usable() != 0
        canSkipZeros = pools && !windows.isIdentity && windows.geometry.stride == 1 && windows.geometry.padding == 0
            && windows.geometry.kernelWidth <= 16 && Self.sumsLikeSkylakeX
    }

    /// Whether OpenBLAS runs the SkylakeX kernels, whose order of summation the zero-skipping
    /// backward pass keeps (another kernel would sum the unrolled products in another order).
    static let sumsLikeSkylakeX = ["SkylakeX", "Cooperlake"].contains(BLAS.status.kernel)

    /// Whether the backward pass of a group of `count` images skips the unpooled gradient's zeros,
    /// with the same sums, bit for bit, as the unrolled products. The input gradient's product
    /// Wᵀ · dout is one chain of fused multiply-adds per value for any group. The filters' product
    /// dout · colsᵀ is one chain per value only where OpenBLAS (0.3.21, SkylakeX kernels) neither
    /// splits the group's columns into blocks (more than 320) nor gives the product to its
    /// small-matrix kernel (column-major TN: M·N·K ≤ 100³, M·N ≤ 1200 and K ≥ 32), which sums in
    /// sixteen lanes. The first layers' filter products (25 or 81 taps by 10 to 20 filters) go
    /// there: they keep the unrolled path (skipping their zeros in those sixteen lanes, tested
    /// bit for bit, was slower; DECISIONS.md).
    func skipsZeros(count: Int, needsWeight: Bool) -> Bool {
        guard canSkipZeros else { return false }
        guard needsWeight else { return true }
        let (columns, taps) = (count * windows.plane, windows.patch)
        let small = taps * outputs * columns <= 1_000_000 && taps * outputs <= 1200 && columns >= 32
        return columns <= 320 && !small
    }

    /// The C kernels' description of this convolution.
    private var pooledShape: wb_pooled_convolution {
        wb_pooled_convolution(channels: windows.channels, height: windows.height, width: windows.width,
                              kernel_height: windows.geometry.kernelHeight, kernel_width: windows.geometry.kernelWidth,
                              outputs: outputs)
    }

    var imageSize: Int { windows.channels * windows.height * windows.width }
    /// One output map's size: the convolution's plane, or its 2x2-pooled plane.
    var outputPlane: Int { pools ? (windows.outHeight / 2) * (windows.outWidth / 2) : windows.plane }

    /// A worker's buffer for the convolution outputs of one group (or their gradients) when the
    /// outputs are pooled; nil otherwise (the group is computed in place in the output).
    private func makeStaging() -> UnsafeMutablePointer<Float>? {
        pools ? UnsafeMutablePointer<Float>.allocate(capacity: group * outputs * windows.plane) : nil
    }

    /// Max-pools the `count` images' outputs in `staging` (`[count, O, OH, OW]`) into images
    /// `start...` of the pooled output, with each tile's winner (offsets within its image).
    private func pool(_ staging: UnsafeMutablePointer<Float>, _ start: Int, _ count: Int,
                      into out: UnsafeMutablePointer<Float>, winners: UnsafeMutablePointer<Int32>) {
        let (map, pooled) = (outputs * windows.plane, outputs * outputPlane)
        for k in 0..<count {
            wb_max_pool_2x2(staging + k * map, windows.outHeight, windows.outWidth, out + (start + k) * pooled,
                            winners + (start + k) * pooled, 0, outputs)
        }
    }

    /// Calls `body(first image, image count)` for each group of `images`.
    @inline(__always)
    private func forEachGroup(_ images: Range<Int>, _ body: (Int, Int) -> Void) {
        var start = images.lowerBound
        while start < images.upperBound {
            let count = Swift.min(group, images.upperBound - start)
            body(start, count)
            start += count
        }
    }

    /// Unrolls images `start..<start+count` side by side into `cols` (`[patch, count·plane]`),
    /// or returns the image itself for a 1x1 window. A padded image is first copied into the
    /// interior of `frame` (a zero border of the padding's width, see `ImageWindows.framed`).
    @inline(__always)
    private func columns(_ x: UnsafePointer<Float>, _ start: Int, _ count: Int,
                         _ cols: UnsafeMutablePointer<Float>?, _ frame: UnsafeMutablePointer<Float>?) -> UnsafePointer<Float> {
        guard let cols else { return x + start * imageSize }
        let width = count * windows.plane
        for k in 0..<count {
            let image = x + (start + k) * imageSize
            if let frame {
                windows.frame(image, into: frame)
                framed.unroll(frame, into: cols + k * windows.plane, rowStride: width)
            } else {
                windows.unroll(image, into: cols + k * windows.plane, rowStride: width)
            }
        }
        return UnsafePointer(cols)
    }

    /// The zero-bordered copy of one image that padded windows are unrolled from (nil without
    /// padding or unrolling); the caller deallocates it.
    private func makeFrame(_ needed: Bool) -> UnsafeMutablePointer<Float>? {
        guard needed, !windows.isIdentity, windows.geometry.padding > 0 else { return nil }
        let size = framed.channels * framed.height * framed.width
        let frame = UnsafeMutablePointer<Float>.allocate(capacity: size)
        frame.initialize(repeating: 0, count: size)
        return frame
    }

    /// out[n] = W · cols_n + b for every image (pooled when `pools`, with `winners`).
    func forward(_ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>, _ b: UnsafePointer<Float>?,
                 _ out: UnsafeMutablePointer<Float>, winners: UnsafeMutablePointer<Int32>? = nil) {
        let (patch, plane, outputs) = (windows.patch, windows.plane, outputs)
        precondition(!pools || winners != nil, "pooled outputs need their winners' buffer")
        if direct { return forwardDirect(x, w, b, out, winners: winners) }
        BLAS.forEachChunk(of: batch, workers: workers) { _, images in
            let cols = windows.isIdentity ? nil : UnsafeMutablePointer<Float>.allocate(capacity: patch * group * plane)
            let product = group > 1 ? UnsafeMutablePointer<Float>.allocate(capacity: outputs * group * plane) : nil
            let frame = makeFrame(true), staging = makeStaging()
            defer { cols?.deallocate(); product?.deallocate(); frame?.deallocate(); staging?.deallocate() }
            forEachGroup(images) { start, count in
                let unrolled = columns(x, start, count, cols, frame)
                let target = staging ?? out + start * outputs * plane
                defer { if let staging { pool(staging, start, count, into: out, winners: winners!) } }
                guard let product, count > 1 else {
                    // One image: the product [O, plane] is already the output's layout.
                    if let b { for o in 0..<outputs { (target + o * plane).initialize(repeating: b[o], count: plane) } }
                    BLAS.gemm(m: outputs, n: plane, k: patch, a: w, lda: patch, b: unrolled, ldb: plane,
                              beta: b == nil ? 0 : 1, c: target, ldc: plane)
                    return
                }
                let width = count * plane
                BLAS.gemm(m: outputs, n: width, k: patch, a: w, lda: patch, b: unrolled, ldb: width, c: product, ldc: width)
                // [O, count, plane] -> [count, O, plane], adding the bias.
                for k in 0..<count {
                    for o in 0..<outputs {
                        let source = product + o * width + k * plane, destination = target + (k * outputs + o) * plane
                        let shift = b?[o] ?? 0
                        for p in 0..<plane { destination[p] = source[p] + shift }
                    }
                }
            }
        }
    }

    /// `forward` without unrolling: each image (framed in zeros when padded) convolved directly.
    private func forwardDirect(_ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>, _ b: UnsafePointer<Float>?,
                               _ out: UnsafeMutablePointer<Float>, winners: UnsafeMutablePointer<Int32>?) {
        let (patch, plane, outputs) = (windows.patch, windows.plane, outputs)
        let transposed = UnsafeMutablePointer<Float>.allocate(capacity: patch * outputs)
        defer { transposed.deallocate() }
        for o in 0..<outputs { for k in 0..<patch { transposed[k * outputs + o] = w[o * patch + k] } }
        BLAS.forEachChunk(of: batch, workers: workers) { _, images in
            let frame = makeFrame(true), staging = makeStaging()
            defer { frame?.deallocate(); staging?.deallocate() }
            for n in images {
                var image = x + n * imageSize
                if let frame {
                    windows.frame(image, into: frame)
                    image = UnsafePointer(frame)
                }
                let done = wb_convolve_direct(image, framed.channels, framed.height, framed.width, framed.geometry.kernelHeight,
                                              framed.geometry.kernelWidth, transposed, outputs, b, staging ?? out + n * outputs * plane)
                precondition(done != 0, "conv2d: the direct kernel needs AVX-512")
                if let staging { pool(staging, n, 1, into: out, winners: winners!) }
            }
        }
    }

    /// dW, db and dx for the output gradient `gradient` (`[N, O, OH, OW]`; when `pools`, of the
    /// pooled output, unpooled group by group through `winners`). Each worker sums its images'
    /// dW and db into its own slice; the slices are added in worker order afterwards (one worker:
    /// the same sums, in the same order, as a plain loop).
    func backward(_ gradient: [Float], winners: [Int32] = [], input: [Float], weight: [Float], needsInput: Bool, needsWeight: Bool)
        -> (input: [Float], weight: [Float], bias: [Float]) {
        let (patch, outputs) = (windows.patch, outputs)
        let weightCount = outputs * patch
        var dWeights = [Float](repeating: 0, count: workers * weightCount)
        var dBiases = [Float](repeating: 0, count: workers * outputs)
        // Every image's gradient is written once, in full (see `backward(_:...)`): not zeroed first.
        var dInput = [Float](unsafeUninitializedCapacity: needsInput ? batch * imageSize : 0) { $1 = $0.count }
        gradient.withUnsafeBufferPointer { g in
          winners.withUnsafeBufferPointer { won in
            input.withUnsafeBufferPointer { x in
                weight.withUnsafeBufferPointer { w in
                    dWeights.withUnsafeMutableBufferPointer { dws in
                        dBiases.withUnsafeMutableBufferPointer { dbs in
                            dInput.withUnsafeMutableBufferPointer { dxs in
                                let (gBase, xBase, wBase, dwBase, dbBase, dxBase)
                                    = (g.baseAddress!, x.baseAddress!, w.baseAddress!, dws.baseAddress!, dbs.baseAddress!, dxs.baseAddress)
                                BLAS.forEachChunk(of: batch, workers: workers) { worker, images in
                                    backward(images, gBase, won.baseAddress, xBase, wBase, dw: dwBase + worker * weightCount,
                                             db: dbBase + worker * outputs, dx: needsInput ? dxBase : nil, needsWeight: needsWeight)
                                }
                            }
                        }
                    }
                }
            }
          }
        }
        return (dInput, Self.sumSlices(dWeights, count: workers), Self.sumSlices(dBiases, count: workers))
    }

    /// One worker's share of `backward`.
    private func backward(_ images: Range<Int>, _ g: UnsafePointer<Float>, _ winners: UnsafePointer<Int32>?,
                          _ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>,
                          dw: UnsafeMutablePointer<Float>, db: UnsafeMutablePointer<Float>, dx: UnsafeMutablePointer<Float>?,
                          needsWeight: Bool) {
        let (patch, plane, outputs) = (windows.patch, windows.plane, outputs)
        let unrolls = !windows.isIdentity
        let cols = unrolls && needsWeight ? UnsafeMutablePointer<Float>.allocate(capacity: patch * group * plane) : nil
        let dCols = unrolls && dx != nil ? UnsafeMutablePointer<Float>.allocate(capacity: patch * group * plane) : nil
        let dProduct = group > 1 ? UnsafeMutablePointer<Float>.allocate(capacity: outputs * group * plane) : nil
        let frame = makeFrame(needsWeight), dFrame = makeFrame(dx != nil), dStaging = makeStaging()
        var shape = pooledShape
        let scratch = canSkipZeros ? UnsafeMutablePointer<Float>.allocate(capacity: wb_pooled_backward_scratch(&shape, group)) : nil
        defer {
            cols?.deallocate(); dCols?.deallocate(); dProduct?.deallocate(); frame?.deallocate(); dFrame?.deallocate()
            dStaging?.deallocate(); scratch?.deallocate()
        }
        forEachGroup(images) { start, count in
            let pooled = outputs * outputPlane
            if let scratch, let winners, skipsZeros(count: count, needsWeight: needsWeight),
               wb_pooled_convolution_backward(&shape, count, g + start * pooled, winners + start * pooled, x + start * imageSize, w,
                                              needsWeight ? dw : nil, db, dx.map { $0 + start * imageSize }, scratch) != 0 {
                return
            }
            let width = count * plane
            var source = g + start * outputs * plane
            if let dStaging, let winners {
                // The pooled gradient unpooled: 0 + g at each tile's winner, 0 elsewhere.
                for k in 0..<count {
                    wb_max_unpool_2x2(g + (start + k) * pooled, winners + (start + k) * pooled, windows.outHeight, windows.outWidth,
                                      dStaging + k * outputs * plane, 0, outputs)
                }
                source = UnsafePointer(dStaging)
            }
            // dout for the group as [O, count·plane] (one image: already so).
            var dOut = source
            if let dProduct, count > 1 {
                for k in 0..<count {
                    for o in 0..<outputs {
                        (dProduct + o * width + k * plane).update(from: source + (k * outputs + o) * plane, count: plane)
                    }
                }
                dOut = UnsafePointer(dProduct)
            }
            for o in 0..<outputs { db[o] += LaneSums.sum(dOut + o * width, count: width) }
            if needsWeight {
                let unrolled = columns(x, start, count, cols, frame)
                BLAS.gemm(transposeB: true, m: outputs, n: patch, k: width, a: dOut, lda: width,
                          b: unrolled, ldb: width, beta: 1, c: dw, ldc: patch)
            }
            guard let dx else { return }
            guard let dCols else {
                // 1x1 window: dx_n = Wᵀ · dout_n, straight into place.
                BLAS.gemm(transposeA: true, m: patch, n: plane, k: outputs, a: w, lda: patch, b: dOut, ldb: plane,
                          c: dx + start * imageSize, ldc: plane)
                return
            }
            BLAS.gemm(transposeA: true, m: patch, n: width, k: outputs, a: w, lda: patch, b: dOut, ldb: width, c: dCols, ldc: width)
            for k in 0..<count {
                let image = dx + (start + k) * imageSize
                if let dFrame {
                    // Fold into a frame (the same sums, from zero), then copy its interior.
                    framed.fold(dCols + k * plane, rowStride: width, into: dFrame, accumulate: false)
                    windows.copyInterior(of: dFrame, into: image)
                } else {
                    windows.fold(dCols + k * plane, rowStride: width, into: image, accumulate: false)
                }
            }
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
