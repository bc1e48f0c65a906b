/// Sums of many values in eight running totals (one vector register; a single running total would
/// wait on each addition), the totals then added together in a fixed order and the tail after
/// them: the same value on every run, whatever splits the work around the call.
enum LaneSums {
    /// Σ values[i] over `count` values.
    @inline(__always)
    static func sum(_ values: UnsafePointer<Float>, count: Int) -> Float {
        var lanes = SIMD8<Float>.zero
        var i = 0
        let raw = UnsafeRawPointer(values)
        while i + 8 <= count {
            lanes += raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            i += 8
        }
        var total = combined(lanes)
        while i < count {
            total += values[i]
            i += 1
        }
        return total
    }

    /// Σ x[i]·y[i] over `count` values (each product rounded, then added: no fused multiply-add).
    @inline(__always)
    static func dot(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, count: Int) -> Float {
        var lanes = SIMD8<Float>.zero
        var i = 0
        let (rawX, rawY) = (UnsafeRawPointer(x), UnsafeRawPointer(y))
        while i + 8 <= count {
            lanes += rawX.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
                * rawY.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            i += 8
        }
        var total = combined(lanes)
        while i < count {
            total += x[i] * y[i]
            i += 1
        }
        return total
    }

    @inline(__always)
    private static func combined(_ lanes: SIMD8<Float>) -> Float {
        ((lanes[0] + lanes[1]) + (lanes[2] + lanes[3])) + ((lanes[4] + lanes[5]) + (lanes[6] + lanes[7]))
    }
}
