extension Tensor {
    /// Batch normalisation without learned scale and shift or running statistics (as in NAS-Bench-201's
    /// weight-sharing networks): each channel c of `[N, C, H, W]` is standardised over its m = N·H·W
    /// values in the batch,
    ///
    ///     μ_c = (1/m) Σ x,   σ_c = sqrt((1/m) Σ (x − μ_c)² + ε),   y = (x − μ_c) / σ_c
    ///
    /// One fused op (sums in Double), where the same math written with permute, mean, divide and their
    /// broadcasts made about half of a NASNet network's time. Backward, per channel:
    ///
    ///     dx = (1/σ_c) (dy − mean(dy) − y · mean(dy · y))
    public func batchStandardized(epsilon: Float = 1e-5) -> Tensor {
        precondition(rank == 4, "batchStandardized needs [N, C, H, W], got \(shape)")
        let (batch, channels, plane) = (shape[0], shape[1], shape[2] * shape[3])
        let count = Double(batch * plane)
        var inverseDeviations = [Float](repeating: 0, count: channels)
        var values = [Float](repeating: 0, count: self.count)
        data.withUnsafeBufferPointer { x in
            values.withUnsafeMutableBufferPointer { y in
                let (source, target) = (x.baseAddress!, y.baseAddress!)
                for c in 0..<channels {
                    var sum = 0.0
                    for n in 0..<batch { sum += Double(laneSum(source + (n * channels + c) * plane, plane) { $0 }) }
                    let mean = Float(sum / count)
                    var squares = 0.0
                    for n in 0..<batch {
                        squares += Double(laneSum(source + (n * channels + c) * plane, plane) { ($0 - SIMD8(repeating: mean)) * ($0 - SIMD8(repeating: mean)) })
                    }
                    let inverse = Float(1 / (squares / count + Double(epsilon)).squareRoot())
                    inverseDeviations[c] = inverse
                    for n in 0..<batch {
                        let base = (n * channels + c) * plane
                        for p in base..<(base + plane) { target[p] = (source[p] - mean) * inverse }
                    }
                }
            }
        }
        let input = self, output = values
        return .result(shape: shape, data: values, parents: [input]) { gradient in
            var local = [Float](repeating: 0, count: input.count)
            gradient.withUnsafeBufferPointer { g in
                output.withUnsafeBufferPointer { y in
                    local.withUnsafeMutableBufferPointer { dx in
                        for c in 0..<channels {
                            var sumG = 0.0, sumGY = 0.0
                            for n in 0..<batch {
                                let base = (n * channels + c) * plane
                                sumG += Double(laneSum(g.baseAddress! + base, plane) { $0 })
                                sumGY += Double(laneSum(g.baseAddress! + base, plane, times: y.baseAddress! + base))
                            }
                            let (meanG, meanGY, inverse) = (Float(sumG / count), Float(sumGY / count), inverseDeviations[c])
                            for n in 0..<batch {
                                let base = (n * channels + c) * plane
                                for p in base..<(base + plane) { dx[p] = inverse * (g[p] - meanG - y[p] * meanGY) }
                            }
                        }
                    }
                }
            }
            input.accumulateGrad(local)
        }
    }
}

/// Σ f(x) over `count` floats, eight lanes at a time (one plane of a feature map: short enough that
/// Float lanes lose nothing that matters; planes are added in Double by the caller).
@inline(__always)
private func laneSum(_ x: UnsafePointer<Float>, _ count: Int, _ f: (SIMD8<Float>) -> SIMD8<Float>) -> Float {
    var lanes = SIMD8<Float>(repeating: 0)
    var i = 0
    while i + 8 <= count {
        lanes += f(UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<Float>.self))
        i += 8
    }
    var total = lanes.sum()
    while i < count {
        total += f(SIMD8(repeating: x[i]))[0]
        i += 1
    }
    return total
}

/// Σ x·y over `count` floats, eight lanes at a time.
@inline(__always)
private func laneSum(_ x: UnsafePointer<Float>, _ count: Int, times y: UnsafePointer<Float>) -> Float {
    var lanes = SIMD8<Float>(repeating: 0)
    var i = 0
    while i + 8 <= count {
        lanes += UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<Float>.self) * UnsafeRawPointer(y + i).loadUnaligned(as: SIMD8<Float>.self)
        i += 8
    }
    var total = lanes.sum()
    while i < count {
        total += x[i] * y[i]
        i += 1
    }
    return total
}
