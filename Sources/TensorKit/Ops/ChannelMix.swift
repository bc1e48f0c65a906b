extension Tensor {
    /// Two activations of the same shape `[N, C, ...]` mixed channel by channel with the weights
    /// `w: [2, C]` (a row of a cross-stitch unit, Misra et al. 2016, eq. 1):
    ///
    ///     y[n, c, p] = w[0, c] · a[n, c, p] + w[1, c] · b[n, c, p]
    ///
    /// Backward (g = dL/dy):
    ///
    ///     da[n, c, p] = w[0, c] · g,   db[n, c, p] = w[1, c] · g,
    ///     dw[0, c] = Σ_n Σ_p g · a,    dw[1, c] = Σ_n Σ_p g · b
    ///
    /// The same values as `a * w0 + b * w1` with the weights broadcast over each channel's
    /// positions, in one pass instead of two products and a sum (and, backward, without the
    /// products' full-size gradients and their reductions). Each map's Σ_p is summed in eight
    /// running totals, and the maps' sums are added in image order, whatever the thread count.
    public static func channelMix(_ a: Tensor, _ b: Tensor, weights: Tensor) -> Tensor {
        precondition(a.shape == b.shape && a.rank >= 2, "channelMix: shapes \(a.shape) and \(b.shape) must be equal, [N, C, ...]")
        let channels = a.shape[1]
        precondition(weights.shape == [2, channels], "channelMix: weights \(weights.shape) must be [2, \(channels)]")
        let maps = a.shape[0] * channels
        let plane = a.count / Swift.max(maps, 1)
        let workers = BLAS.workerCount(rows: maps, width: plane)
        let values = [Float](unsafeUninitializedCapacity: a.count) { y, initialized in
            a.data.withUnsafeBufferPointer { x in
                b.data.withUnsafeBufferPointer { z in
                    weights.data.withUnsafeBufferPointer { w in
                        let (yBase, xBase, zBase, wBase) = (y.baseAddress!, x.baseAddress!, z.baseAddress!, w.baseAddress!)
                        BLAS.forEachChunk(of: maps, workers: workers) { _, range in
                            for map in range {
                                let (s, t) = (wBase[map % channels], wBase[channels + map % channels])
                                for i in (map * plane)..<((map + 1) * plane) { yBase[i] = xBase[i] * s + zBase[i] * t }
                            }
                        }
                    }
                }
            }
            initialized = a.count
        }
        return .result(shape: a.shape, data: values, parents: [a, b, weights]) { gradient in
            let needs = (a: a.requiresGrad, b: b.requiresGrad, w: weights.requiresGrad)
            var da = [Float](unsafeUninitializedCapacity: needs.a ? a.count : 0) { $1 = $0.count }
            var db = [Float](unsafeUninitializedCapacity: needs.b ? b.count : 0) { $1 = $0.count }
            // Per map, Σ_p g·a and Σ_p g·b; summed over the images afterwards.
            var mapSums = [Float](repeating: 0, count: needs.w ? 2 * maps : 0)
            gradient.withUnsafeBufferPointer { g in
                a.data.withUnsafeBufferPointer { x in
                    b.data.withUnsafeBufferPointer { z in
                        weights.data.withUnsafeBufferPointer { w in
                            da.withUnsafeMutableBufferPointer { dx in
                                db.withUnsafeMutableBufferPointer { dz in
                                    mapSums.withUnsafeMutableBufferPointer { sums in
                                        let (gBase, xBase, zBase, wBase) = (g.baseAddress!, x.baseAddress!, z.baseAddress!, w.baseAddress!)
                                        let (dxBase, dzBase, sumBase) = (needs.a ? dx.baseAddress : nil, needs.b ? dz.baseAddress : nil,
                                                                         needs.w ? sums.baseAddress : nil)
                                        BLAS.forEachChunk(of: maps, workers: workers) { _, range in
                                            for map in range {
                                                let (start, c) = (map * plane, map % channels)
                                                if let dxBase {
                                                    let s = wBase[c]
                                                    for i in start..<(start + plane) { dxBase[i] = gBase[i] * s }
                                                }
                                                if let dzBase {
                                                    let t = wBase[channels + c]
                                                    for i in start..<(start + plane) { dzBase[i] = gBase[i] * t }
                                                }
                                                if let sumBase {
                                                    sumBase[2 * map] = LaneSums.dot(gBase + start, xBase + start, count: plane)
                                                    sumBase[2 * map + 1] = LaneSums.dot(gBase + start, zBase + start, count: plane)
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            if needs.a { a.accumulateGrad(da) }
            if needs.b { b.accumulateGrad(db) }
            if needs.w {
                var dw = [Float](repeating: 0, count: 2 * channels)
                for map in 0..<maps {
                    dw[map % channels] += mapSums[2 * map]
                    dw[channels + map % channels] += mapSums[2 * map + 1]
                }
                weights.accumulateGrad(dw)
            }
        }
    }
}
