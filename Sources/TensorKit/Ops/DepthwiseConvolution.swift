extension Tensor {
    /// Depthwise 2-D convolution (groups = channels): every channel c of `x: [N, C, H, W]` is
    /// cross-correlated with its own kernel `weight[c]: [1, KH, KW]` (`weight: [C, 1, KH, KW]`),
    /// plus an optional `bias: [C]`, giving `[N, C, OH, OW]`:
    ///
    ///     y[n, c, oy, ox] = b[c] + Σ_{i,j} w[c, 0, i, j] · x[n, c, oy·s + i − p, ox·s + j − p]
    ///
    /// (out-of-bounds inputs are zero padding). It is the first half of a depthwise-separable
    /// convolution (Chollet 2017; MobileNets, Howard et al. 2017), whose second half is a 1x1
    /// `conv2d` mixing the channels. Each output reads only its own channel, so there is no GEMM:
    /// direct loops over taps, images split across `BLAS.forEachChunk` workers.
    ///
    /// Backward: dx[n, c, oy·s + i − p, ox·s + j − p] += w[c, i, j] · dy[n, c, oy, ox];
    /// dw[c, i, j] = Σ_{n, oy, ox} dy[n, c, oy, ox] · x[n, c, oy·s + i − p, ox·s + j − p];  db[c] = Σ dy[n, c, ·, ·].
    public func depthwiseConv2d(weight: Tensor, bias: Tensor? = nil, geometry: WindowGeometry) -> Tensor {
        precondition(rank == 4 && weight.rank == 4 && weight.shape[0] == shape[1] && weight.shape[1] == 1,
                     "depthwiseConv2d: input \(shape) and weight \(weight.shape) do not fit ([N, C, H, W] and [C, 1, KH, KW])")
        precondition(weight.shape[2] == geometry.kernelHeight && weight.shape[3] == geometry.kernelWidth,
                     "depthwiseConv2d: weight \(weight.shape) does not match the kernel size")
        precondition(bias == nil || bias!.shape == [shape[1]], "depthwiseConv2d: bias must be [C]")
        let window = ImageWindows(geometry: geometry, channels: shape[1], height: shape[2], width: shape[3])
        precondition(window.outHeight > 0 && window.outWidth > 0, "depthwiseConv2d: kernel larger than the padded input \(shape)")
        let batch = shape[0]
        var values = [Float](repeating: 0, count: batch * window.channels * window.plane)
        values.withUnsafeMutableBufferPointer { output in
            data.withUnsafeBufferPointer { input in
                weight.data.withUnsafeBufferPointer { kernel in
                    let (y, x, w) = (output.baseAddress!, input.baseAddress!, kernel.baseAddress!)
                    BLAS.forEachChunk(of: batch, minimumChunk: 4) { _, images in
                        for n in images { window.depthwiseForward(image: n, input: x, kernel: w, output: y) }
                    }
                }
            }
        }
        if let bias {
            let plane = window.plane
            values.withUnsafeMutableBufferPointer { v in
                for n in 0..<batch {
                    for c in 0..<window.channels {
                        let shift = bias.data[c], start = (n * window.channels + c) * plane
                        for p in start..<(start + plane) { v[p] += shift }
                    }
                }
            }
        }
        let input = self
        let parents = bias.map { [input, weight, $0] } ?? [input, weight]
        return .result(shape: [batch, window.channels, window.outHeight, window.outWidth], data: values, parents: parents) { gradient in
            let plane = window.plane
            if let bias, bias.requiresGrad {
                var dBias = [Float](repeating: 0, count: window.channels)
                for n in 0..<batch {
                    for c in 0..<window.channels {
                        let start = (n * window.channels + c) * plane
                        var total: Float = 0
                        for p in start..<(start + plane) { total += gradient[p] }
                        dBias[c] += total
                    }
                }
                bias.accumulateGrad(dBias)
            }
            guard input.requiresGrad || weight.requiresGrad else { return }
            let workers = BLAS.workerCount(for: batch, minimumChunk: 4)
            let kernelSize = weight.count
            var dInput = [Float](repeating: 0, count: input.requiresGrad ? input.count : 0)
            // One weight-gradient buffer per worker, added in worker order afterwards.
            var dWeights = [Float](repeating: 0, count: workers * kernelSize)
            gradient.withUnsafeBufferPointer { g in
                input.data.withUnsafeBufferPointer { x in
                    weight.data.withUnsafeBufferPointer { w in
                        dInput.withUnsafeMutableBufferPointer { dx in
                            dWeights.withUnsafeMutableBufferPointer { dw in
                                let dxPointer = input.requiresGrad ? dx.baseAddress : nil
                                let dwPointer = dw.baseAddress!
                                let (gBase, xBase, wBase) = (g.baseAddress!, x.baseAddress!, w.baseAddress!)
                                BLAS.forEachChunk(of: batch, workers: workers) { worker, images in
                                    for n in images {
                                        window.depthwiseBackward(image: n, gradient: gBase, input: xBase, kernel: wBase,
                                                                 inputGradient: dxPointer,
                                                                 kernelGradient: dwPointer + worker * kernelSize)
                                    }
                                }
                            }
                        }
                    }
                }
            }
            if weight.requiresGrad {
                var dWeight = [Float](repeating: 0, count: kernelSize)
                for worker in 0..<workers {
                    for k in 0..<kernelSize { dWeight[k] += dWeights[worker * kernelSize + k] }
                }
                weight.accumulateGrad(dWeight)
            }
            if input.requiresGrad { input.accumulateGrad(dInput) }
        }
    }
}

/// The taps of a depthwise convolution over one image `[C, H, W]`, row by row, on the same window
/// geometry as im2col (`ImageWindows`).
extension ImageWindows {
    /// Calls `body(output row start, input row start, kernel index, valid columns)` for every
    /// in-bounds (tap, output row) of channel `c` of image `n`: the tap reads `input[start + ox·stride]`
    /// for ox in the range and touches `output[rowStart + ox]`.
    @inline(__always)
    private func forEachDepthwiseRow(image n: Int, channel c: Int, _ body: (Int, Int, Int, Range<Int>) -> Void) {
        let (kh, kw, stride, padding) = (geometry.kernelHeight, geometry.kernelWidth, geometry.stride, geometry.padding)
        let inputBase = (n * channels + c) * height * width
        let outputBase = (n * channels + c) * outHeight * outWidth
        for i in 0..<kh {
            for j in 0..<kw {
                let columns = validColumns(j)
                guard !columns.isEmpty else { continue }
                for oy in 0..<outHeight {
                    let sourceY = oy * stride + i - padding
                    guard sourceY >= 0 && sourceY < height else { continue }
                    body(outputBase + oy * outWidth, inputBase + sourceY * width + j - padding, (c * kh + i) * kw + j, columns)
                }
            }
        }
    }

    func depthwiseForward(image n: Int, input: UnsafePointer<Float>, kernel: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>) {
        let stride = geometry.stride
        for c in 0..<channels {
            forEachDepthwiseRow(image: n, channel: c) { row, start, tap, columns in
                let w = kernel[tap]
                if stride == 1 {
                    // Contiguous on both sides: a straight multiply-add the compiler vectorises.
                    let (target, source) = (output + row + columns.lowerBound, input + start + columns.lowerBound)
                    for k in 0..<columns.count { target[k] += w * source[k] }
                } else {
                    for ox in columns { output[row + ox] += w * input[start + ox * stride] }
                }
            }
        }
    }

    func depthwiseBackward(image n: Int, gradient: UnsafePointer<Float>, input: UnsafePointer<Float>, kernel: UnsafePointer<Float>,
                           inputGradient: UnsafeMutablePointer<Float>?, kernelGradient: UnsafeMutablePointer<Float>) {
        let stride = geometry.stride
        for c in 0..<channels {
            forEachDepthwiseRow(image: n, channel: c) { row, start, tap, columns in
                let w = kernel[tap]
                var total: Float = 0
                for ox in columns {
                    let g = gradient[row + ox]
                    total += g * input[start + ox * stride]
                    inputGradient?[start + ox * stride] += w * g
                }
                kernelGradient[tap] += total
            }
        }
    }
}
