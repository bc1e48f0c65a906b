import Foundation
import TensorKit

/// The engine's thread count is one setting for the whole process, and the tests of a suite run
/// in parallel: a test that sets it holds a lease, so no other such test changes it meanwhile.
public final class ThreadCountLease {
    private static let lock = NSRecursiveLock()
    private let previous: Int

    /// Sets `BLAS.threadCount` to `threads` until `end()`, waiting for any other lease to end.
    public init(_ threads: Int) {
        Self.lock.lock()
        previous = BLAS.threadCount
        BLAS.threadCount = threads
    }

    /// Restores the thread count and lets the next lease begin.
    public func end() {
        BLAS.threadCount = previous
        Self.lock.unlock()
    }
}
