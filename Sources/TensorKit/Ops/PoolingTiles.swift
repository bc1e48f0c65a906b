import CBLAS

extension Tensor {
    /// Max pooling over non-overlapping `size` x `size` tiles of `[N, C, H, W]` (stride = size,
    /// no padding; a partial tile at the right or bottom edge is dropped, as in `maxPool2d`):
    ///
    ///     y[n, c, i, j] = max over the tile of x[n, c, i·size + a, j·size + b]
    ///
    /// The gradient goes to the winning input of each tile (the first one on ties). The same
    /// values as `maxPool2d(WindowGeometry(kernel: size, stride: size))`, in one pass over raw
    /// buffers with 32-bit winner offsets.
    public func maxPoolTiles(_ size: Int) -> Tensor {
        precondition(rank == 4 && size > 0, "maxPoolTiles needs [N, C, H, W] and a positive size, got \(shape)")
        let (planes, height, width) = (shape[0] * shape[1], shape[2], shape[3])
        let (outHeight, outWidth) = (height / size, width / size)
        precondition(outHeight > 0 && outWidth > 0, "pooling tile larger than the input \(shape)")
        precondition(count < Int(Int32.max), "maxPoolTiles: tensor too large for 32-bit offsets")
        let outCount = planes * outHeight * outWidth
        var values = [Float](unsafeUninitializedCapacity: outCount) { $1 = outCount }
        var winners = [Int32](unsafeUninitializedCapacity: outCount) { $1 = outCount }
        // Planes are split into contiguous chunks, one per BLAS thread (each writes only its own).
        values.withUnsafeMutableBufferPointer { y in
            winners.withUnsafeMutableBufferPointer { won in
                data.withUnsafeBufferPointer { x in
                    let (yBase, wonBase, xBase) = (y.baseAddress!, won.baseAddress!, x.baseAddress!)
                    BLAS.forEachChunk(of: planes, minimumChunk: 64) { _, chunk in
                        if size == 2 {
                            // The common 2x2 tile: the same four comparisons in C, sixteen tiles at a time.
                            wb_max_pool_2x2(xBase, height, width, yBase, wonBase, chunk.lowerBound, chunk.upperBound)
                            return
                        }
                        var target = chunk.lowerBound * outHeight * outWidth
                        for plane in chunk {
                            let base = plane * height * width
                            for i in 0..<outHeight {
                                for j in 0..<outWidth {
                                    var bestOffset = base + i * size * width + j * size
                                    var best = xBase[bestOffset]
                                    for a in 0..<size {
                                        let row = base + (i * size + a) * width + j * size
                                        for b in 0..<size where xBase[row + b] > best {
                                            best = xBase[row + b]
                                            bestOffset = row + b
                                        }
                                    }
                                    yBase[target] = best
                                    wonBase[target] = Int32(bestOffset)
                                    target += 1
                                }
                            }
                        }
                    }
                }
            }
        }
        let input = self
        return .result(shape: [shape[0], shape[1], outHeight, outWidth], data: values, parents: [input]) { gradient in
            // Every winner lies in its own plane, so workers that take whole planes write apart.
            let (planeSize, outPlane) = (height * width, outHeight * outWidth)
            let local = [Float](unsafeUninitializedCapacity: input.count) { dx, initialized in
                winners.withUnsafeBufferPointer { won in
                    gradient.withUnsafeBufferPointer { g in
                        let (dxBase, wonBase, gBase) = (dx.baseAddress!, won.baseAddress!, g.baseAddress!)
                        BLAS.forEachChunk(of: planes, minimumChunk: 64) { _, chunk in
                            if size == 2 {
                                wb_max_unpool_2x2(gBase, wonBase, height, width, dxBase, chunk.lowerBound, chunk.upperBound)
                                return
                            }
                            (dxBase + chunk.lowerBound * planeSize).initialize(repeating: 0, count: chunk.count * planeSize)
                            for target in (chunk.lowerBound * outPlane)..<(chunk.upperBound * outPlane) {
                                dxBase[Int(wonBase[target])] += gBase[target]
                            }
                        }
                    }
                }
                initialized = input.count
            }
            input.accumulateGrad(local)
        }
    }
}
