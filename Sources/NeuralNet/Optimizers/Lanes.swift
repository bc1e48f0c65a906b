/// Sixteen-wide loads and stores for the optimizers' element-wise updates. Each update is
/// written once for `SIMD16<Float>` and once for the scalar tail with the same operations in the
/// same order; SIMD arithmetic is element-wise IEEE arithmetic, so both give the values of a
/// scalar loop, bit for bit, while the compiler emits vector square roots and divisions (which it
/// does not do for the scalar loop).
typealias Lanes = SIMD16<Float>

extension UnsafeMutableBufferPointer where Element == Float {
    @inline(__always) func lanes(at index: Int) -> Lanes {
        UnsafeRawPointer(baseAddress! + index).loadUnaligned(as: Lanes.self)
    }

    @inline(__always) func setLanes(_ value: Lanes, at index: Int) {
        UnsafeMutableRawPointer(baseAddress! + index).storeBytes(of: value, as: Lanes.self)
    }
}

extension UnsafeBufferPointer where Element == Float {
    @inline(__always) func lanes(at index: Int) -> Lanes {
        UnsafeRawPointer(baseAddress! + index).loadUnaligned(as: Lanes.self)
    }
}

/// Calls `vector(i)` for i = 0, 16, 32, ... while 16 values remain, then `scalar(i)` for the rest.
@inline(__always)
func forEachLane(_ count: Int, vector: (Int) -> Void, scalar: (Int) -> Void) {
    var i = 0
    while i + Lanes.scalarCount <= count {
        vector(i)
        i += Lanes.scalarCount
    }
    while i < count {
        scalar(i)
        i += 1
    }
}
