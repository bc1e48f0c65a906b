/// Bilinear sampling (Jaderberg et al. 2015, section 3.3: the differentiable image sampler).
extension Tensor {
    /// Samples `input: [N, C, H, W]` at the points of `grid: [N, H', W', 2]` (normalised source
    /// coordinates (x, y) in [-1, 1], align-corners = false as in ``affineGrid(theta:height:width:)``),
    /// giving `[N, C, H', W']`.
    ///
    /// A grid point maps to pixel coordinates ix = ((x + 1) W - 1) / 2, iy = ((y + 1) H - 1) / 2;
    /// with x0 = floor(ix), fx = ix - x0 (likewise y0, fy) the output is
    ///
    ///     V = (1-fx)(1-fy) U[y0, x0] + fx (1-fy) U[y0, x0+1] + (1-fx) fy U[y0+1, x0] + fx fy U[y0+1, x0+1]
    ///
    /// where taps outside the image read 0 (zero padding). Gradients:
    ///
    ///     dU[tap] += dV · weight(tap)                                  (a scatter of the same weights)
    ///     dV/dix  = (1-fy)(U[y0, x0+1] - U[y0, x0]) + fy (U[y0+1, x0+1] - U[y0+1, x0])
    ///     dV/diy  = (1-fx)(U[y0+1, x0] - U[y0, x0]) + fx (U[y0+1, x0+1] - U[y0, x0+1])
    ///     dx = Σ_c dV · dV/dix · W / 2,   dy = Σ_c dV · dV/diy · H / 2
    ///
    /// The sampler is piecewise bilinear, so its gradient with respect to the grid jumps where a
    /// point crosses a pixel centre; that sub-gradient is what lets the localisation network learn.
    public static func gridSample(input: Tensor, grid: Tensor) -> Tensor {
        precondition(input.rank == 4, "gridSample: input must be [N, C, H, W], got \(input.shape)")
        precondition(grid.rank == 4 && grid.shape[3] == 2 && grid.shape[0] == input.shape[0],
                     "gridSample: grid must be [N, H', W', 2] with the input's N, got \(grid.shape) for \(input.shape)")
        let (batch, channels, height, width) = (input.shape[0], input.shape[1], input.shape[2], input.shape[3])
        let (outHeight, outWidth) = (grid.shape[1], grid.shape[2])
        let sampler = BilinearTaps(height: height, width: width)
        let inPlane = height * width, outPlane = outHeight * outWidth
        var values = [Float](repeating: 0, count: batch * channels * outPlane)
        // Images are independent: one contiguous share of the batch per thread.
        let minimumImages = Swift.max(1, 16_384 / Swift.max(outPlane * channels, 1))
        values.withUnsafeMutableBufferPointer { output in
            input.data.withUnsafeBufferPointer { source in
                grid.data.withUnsafeBufferPointer { points in
                    BLAS.forEachChunk(of: batch, minimumChunk: minimumImages) { _, images in
                        for n in images {
                            for p in 0..<outPlane {
                                guard let taps = sampler.taps(x: points[(n * outPlane + p) * 2],
                                                              y: points[(n * outPlane + p) * 2 + 1]) else { continue }
                                for c in 0..<channels {
                                    let image = source.baseAddress! + (n * channels + c) * inPlane
                                    output[(n * channels + c) * outPlane + p] = taps.value(image)
                                }
                            }
                        }
                    }
                }
            }
        }
        return .result(shape: [batch, channels, outHeight, outWidth], data: values, parents: [input, grid]) { gradient in
            var dInput = [Float](repeating: 0, count: input.requiresGrad ? input.count : 0)
            var dGrid = [Float](repeating: 0, count: grid.requiresGrad ? grid.count : 0)
            let wantsInput = input.requiresGrad, wantsGrid = grid.requiresGrad
            let (scaleX, scaleY) = (Float(width) / 2, Float(height) / 2)
            dInput.withUnsafeMutableBufferPointer { dU in
                dGrid.withUnsafeMutableBufferPointer { dG in
                    input.data.withUnsafeBufferPointer { source in
                        grid.data.withUnsafeBufferPointer { points in
                            gradient.withUnsafeBufferPointer { g in
                                // Each image scatters into its own planes and grid points.
                                BLAS.forEachChunk(of: batch, minimumChunk: minimumImages) { _, images in
                                    for n in images {
                                        for p in 0..<outPlane {
                                            let point = (n * outPlane + p) * 2
                                            guard let taps = sampler.taps(x: points[point], y: points[point + 1]) else { continue }
                                            var dx: Float = 0, dy: Float = 0
                                            for c in 0..<channels {
                                                let offset = (n * channels + c) * inPlane
                                                let upstream = g[(n * channels + c) * outPlane + p]
                                                if wantsInput { taps.scatter(upstream, into: dU.baseAddress! + offset) }
                                                if wantsGrid {
                                                    let slope = taps.slopes(source.baseAddress! + offset)
                                                    dx += upstream * slope.x
                                                    dy += upstream * slope.y
                                                }
                                            }
                                            if wantsGrid {
                                                dG[point] = dx * scaleX
                                                dG[point + 1] = dy * scaleY
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            if wantsInput { input.accumulateGrad(dInput) }
            if wantsGrid { grid.accumulateGrad(dGrid) }
        }
    }
}

/// The four bilinear taps of one sampling point: offsets into an `H x W` plane and their
/// weights, with taps outside the image switched off (zero padding).
struct BilinearTaps {
    let height: Int, width: Int

    struct Taps {
        var offsets: (Int, Int, Int, Int)       // (y0,x0), (y0,x0+1), (y0+1,x0), (y0+1,x0+1)
        var inside: (Bool, Bool, Bool, Bool)
        var fx: Float, fy: Float

        @inline(__always) func read(_ image: UnsafePointer<Float>) -> (Float, Float, Float, Float) {
            (inside.0 ? image[offsets.0] : 0, inside.1 ? image[offsets.1] : 0,
             inside.2 ? image[offsets.2] : 0, inside.3 ? image[offsets.3] : 0)
        }

        @inline(__always) func value(_ image: UnsafePointer<Float>) -> Float {
            let u = read(image)
            return (1 - fy) * ((1 - fx) * u.0 + fx * u.1) + fy * ((1 - fx) * u.2 + fx * u.3)
        }

        /// dV/dix and dV/diy (pixel units).
        @inline(__always) func slopes(_ image: UnsafePointer<Float>) -> (x: Float, y: Float) {
            let u = read(image)
            return ((1 - fy) * (u.1 - u.0) + fy * (u.3 - u.2), (1 - fx) * (u.2 - u.0) + fx * (u.3 - u.1))
        }

        @inline(__always) func scatter(_ upstream: Float, into image: UnsafeMutablePointer<Float>) {
            if inside.0 { image[offsets.0] += upstream * (1 - fx) * (1 - fy) }
            if inside.1 { image[offsets.1] += upstream * fx * (1 - fy) }
            if inside.2 { image[offsets.2] += upstream * (1 - fx) * fy }
            if inside.3 { image[offsets.3] += upstream * fx * fy }
        }
    }

    /// The taps of normalised point (x, y), or nil when no tap touches the image (or it is not finite).
    @inline(__always) func taps(x: Float, y: Float) -> Taps? {
        let ix = ((x + 1) * Float(width) - 1) / 2, iy = ((y + 1) * Float(height) - 1) / 2
        guard ix > -1 && ix < Float(width) && iy > -1 && iy < Float(height) else { return nil }
        let fx0 = ix.rounded(.down), fy0 = iy.rounded(.down)
        let x0 = Int(fx0), y0 = Int(fy0)
        let left = x0 >= 0, right = x0 + 1 < width, top = y0 >= 0, bottom = y0 + 1 < height
        let base = y0 * width + x0
        return Taps(offsets: (base, base + 1, base + width, base + width + 1),
                    inside: (top && left, top && right, bottom && left, bottom && right),
                    fx: ix - fx0, fy: iy - fy0)
    }
}
