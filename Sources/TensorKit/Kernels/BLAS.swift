import CBLAS

/// Dense matrix multiply, the one place the engine calls into OpenBLAS.
///
/// OpenBLAS picks its CPU kernel from `OPENBLAS_CORETYPE` when the library loads, and on some
/// machines its own detection falls back to the slowest kernel ("Prescott"). The C shim reads the
/// CPU's feature flags, sets the best supported kernel unless the user already chose one, and only
/// then opens the library. On first use the results are checked against `ReferenceGEMM`; if
/// OpenBLAS is missing or wrong, the engine keeps working on the reference kernel and says so.
public enum BLAS {
    /// What was loaded and how it checked out.
    public struct Status: Sendable {
        /// The kernel family OpenBLAS runs ("Haswell", "SkylakeX"...), or "reference".
        public var kernel: String
        /// The `OPENBLAS_CORETYPE` in force at load ("" when OpenBLAS chose by itself).
        public var requestedCoreType: String
        /// True when the workbench chose the core type from the CPU flags.
        public var coreTypeChosenByWorkbench: Bool
        /// Largest relative difference from the reference kernel in the load-time check.
        public var verificationError: Float
        /// Why OpenBLAS is not used, when it is not.
        public var problem: String?
        public var usesOpenBLAS: Bool { problem == nil }
    }

    /// Loads and verifies OpenBLAS once (thread-safe: a global `let` is initialised once).
    public static var status: Status { loaded }

    private static let loaded: Status = {
        if wb_blas_load() != 0 {
            let reason = wb_blas_error().map { String(cString: $0) } ?? "unknown error"
            return Status(kernel: "reference", requestedCoreType: "", coreTypeChosenByWorkbench: false,
                          verificationError: 0, problem: reason)
        }
        var status = Status(kernel: String(cString: wb_blas_corename()),
                            requestedCoreType: String(cString: wb_blas_requested_coretype()),
                            coreTypeChosenByWorkbench: wb_blas_coretype_was_chosen() != 0,
                            verificationError: 0, problem: nil)
        status.verificationError = verifyAgainstReference()
        if !(status.verificationError < 1e-4) {
            status.problem = "OpenBLAS (\(status.kernel)) disagrees with the reference GEMM "
                + "(relative error \(status.verificationError)); using the reference kernel"
        }
        return status
    }()

    /// The number of threads the engine uses (all cores unless set; `WORKBENCH_THREADS`).
    /// OpenBLAS itself runs on one thread: products of at least `smallProduct` multiply-adds are
    /// split by `gemm` into one block per thread, and the ops split their own loops
    /// (`forEachChunk`), all on one pool of worker threads.
    public static var threadCount: Int {
        get { _ = status; return Int(wb_blas_get_threads()) }
        set { _ = status; wb_blas_set_threads(Int32(newValue)) }
    }

    /// The CPUs this process may run on: its affinity mask (`taskset`, Slurm's `--cpus-per-task`),
    /// not every core of the machine. A Kubernetes CPU limit is a quota, which this does not see.
    public static var availableCPUs: Int { Int(wb_available_cpus()) }

    /// Products with fewer multiply-adds (m·n·k) than this run on one thread whatever
    /// `threadCount` says: for them waking a second thread costs more than it saves.
    public static var smallProduct: Int {
        get { _ = status; return Int(wb_blas_small_product()) }
        set { _ = status; wb_blas_set_small_product(newValue) }
    }

    /// Runs `body(worker, items)` over `0..<count` cut into at most `threadCount` contiguous
    /// chunks of at least `minimumChunk` items, one worker thread per chunk (the engine's pool;
    /// GEMMs inside a chunk run on that worker's thread). With one thread (or one chunk) it is a
    /// plain call `body(0, 0..<count)`. Returns the number of workers used; worker indices are
    /// `0..<workers`, in item order.
    @discardableResult
    public static func forEachChunk(of count: Int, minimumChunk: Int = 1,
                                    _ body: (_ worker: Int, _ items: Range<Int>) -> Void) -> Int {
        forEachChunk(of: count, workers: workerCount(for: count, minimumChunk: minimumChunk), body)
    }

    /// `forEachChunk` with the number of workers given (from `workerCount`, so that callers can
    /// size per-worker buffers first).
    @discardableResult
    public static func forEachChunk(of count: Int, workers: Int,
                                    _ body: (_ worker: Int, _ items: Range<Int>) -> Void) -> Int {
        let workers = Swift.max(1, Swift.min(workers, count))
        guard workers > 1 else {
            if count > 0 { body(0, 0..<count) }
            return 1
        }
        withoutActuallyEscaping(body) { body in
            var job = ChunkJob(body: body, count: count, workers: workers)
            withUnsafeMutablePointer(to: &job) { pointer in
                _ = wb_parallel_run(Int32(workers), { context, worker in
                    let job = context!.assumingMemoryBound(to: ChunkJob.self).pointee
                    let index = Int(worker)
                    job.body(index, job.count * index / job.workers..<job.count * (index + 1) / job.workers)
                }, pointer)
            }
        }
        return workers
    }

    /// Element-wise loops over at least this many values are split across the threads.
    public static let parallelElements = 1 << 16

    /// Runs `body` over `0..<count` in one contiguous range per thread when `count` is at least
    /// `threshold` (element-wise loops: each range writes only its own values), else in one call.
    /// The default suits sums and comparisons; a loop whose elements cost more (libm's exp or
    /// tanh: 10-20 ns each, against well under one for a sum) passes a smaller one.
    @inline(__always)
    public static func forEachRange(_ count: Int, threshold: Int = parallelElements, _ body: (Range<Int>) -> Void) {
        guard count >= threshold else { return body(0..<count) }
        forEachChunk(of: count, minimumChunk: threshold / 2) { _, range in body(range) }
    }

    /// Workers for a row-by-row loop over `rows` rows of `width` values: one when the values are
    /// fewer than `parallelElements`, else one per thread, each with at least half that many.
    public static func workerCount(rows: Int, width: Int) -> Int {
        guard rows * width >= parallelElements else { return 1 }
        return workerCount(for: rows, minimumChunk: Swift.max(1, parallelElements / 2 / Swift.max(width, 1)))
    }

    /// How many workers `forEachChunk` uses for `count` items.
    public static func workerCount(for count: Int, minimumChunk: Int = 1) -> Int {
        guard wb_parallel_inside() == 0 else { return 1 }
        return Swift.max(1, Swift.min(threadCount, count / Swift.max(minimumChunk, 1)))
    }

    /// Row-major `C = alpha * op(A) * op(B) + beta * C`, where `op` transposes when asked.
    /// `A` is `m x k` after `op`, `B` is `k x n` after `op`, `C` is `m x n`.
    @inline(__always)
    public static func gemm(transposeA: Bool = false, transposeB: Bool = false,
                            m: Int, n: Int, k: Int, alpha: Float = 1,
                            a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                            beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int) {
        guard m > 0, n > 0 else { return }
        wb_flops_add(Int64(2 * m * n * k))
        guard status.usesOpenBLAS, k > 0 else {
            ReferenceGEMM.gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                               alpha: alpha, a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
            return
        }
        let (tA, tB) = (Int32(transposeA ? 1 : 0), Int32(transposeB ? 1 : 0))
        let threads = m * n * k >= smallProduct && wb_parallel_inside() == 0 ? threadCount : 1
        // A large product: one block of C's columns (or rows, when C is tall) per thread, each a
        // single-threaded GEMM. Every value of C is the same sum as in one call.
        let splitColumns = n >= m
        let parts = Swift.min(threads, Swift.max(1, (splitColumns ? n : m) / 16))
        guard parts > 1 else {
            wb_sgemm(tA, tB, Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
            return
        }
        forEachChunk(of: (splitColumns ? n : m) / 16, workers: parts) { _, blocks in
            // Blocks of 16 columns or rows (the last chunk takes the remainder).
            let last = blocks.upperBound == (splitColumns ? n : m) / 16
            let first = blocks.lowerBound * 16, end = last ? (splitColumns ? n : m) : blocks.upperBound * 16
            if splitColumns {
                wb_sgemm(tA, tB, Int32(m), Int32(end - first), Int32(k), alpha, a, Int32(lda),
                         b + (transposeB ? first * ldb : first), Int32(ldb), beta, c + first, Int32(ldc))
            } else {
                wb_sgemm(tA, tB, Int32(end - first), Int32(n), Int32(k), alpha, a + (transposeA ? first : first * lda), Int32(lda),
                         b, Int32(ldb), beta, c + first * ldc, Int32(ldc))
            }
        }
    }

    /// Floating-point operations done by the engine's matrix products since the process
    /// started (2·m·n·k per product, from every thread): convolutions, affine layers and
    /// matmuls all count through `gemm`; element-wise ops do not. `workbench bench train`
    /// divides the difference over an epoch by its seconds.
    public static var floatingPointOperations: Int { Int(wb_flops_read()) }

    /// Multiplies seeded random matrices of awkward sizes with every transpose combination and
    /// returns the largest relative error against `ReferenceGEMM`.
    public static func verifyAgainstReference(seed: UInt64 = 7) -> Float {
        var generator = SeededGenerator(seed: seed)
        var worst: Float = 0
        for (m, n, k) in [(1, 1, 1), (7, 13, 5), (64, 33, 70), (129, 65, 97)] {
            for transposeA in [false, true] {
                for transposeB in [false, true] {
                    let a = (0..<(m * k)).map { _ in generator.nextUniform() - 0.5 }
                    let b = (0..<(k * n)).map { _ in generator.nextUniform() - 0.5 }
                    let start = (0..<(m * n)).map { _ in generator.nextUniform() - 0.5 }
                    var fast = start, slow = start
                    let lda = transposeA ? m : k, ldb = transposeB ? k : n
                    wb_sgemm(transposeA ? 1 : 0, transposeB ? 1 : 0, Int32(m), Int32(n), Int32(k), 0.5,
                             a, Int32(lda), b, Int32(ldb), 0.25, &fast, Int32(n))
                    ReferenceGEMM.gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                                       alpha: 0.5, a: a, lda: lda, b: b, ldb: ldb, beta: 0.25,
                                       c: &slow, ldc: n)
                    let scale = slow.map(abs).max() ?? 1
                    for i in fast.indices {
                        let error = abs(fast[i] - slow[i]) / max(scale, 1e-6)
                        if !(error <= worst) { worst = error.isNaN ? .infinity : error }
                    }
                }
            }
        }
        return worst
    }
}

/// The plain triple loop, accumulated in Double: the yardstick OpenBLAS is checked against and
/// the fallback when no BLAS library can be opened.
public enum ReferenceGEMM {
    public static func gemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
                            alpha: Float, a: UnsafePointer<Float>, lda: Int,
                            b: UnsafePointer<Float>, ldb: Int,
                            beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        for i in 0..<m {
            for j in 0..<n {
                var sum = 0.0
                for p in 0..<k {
                    let left = transposeA ? a[p * lda + i] : a[i * lda + p]
                    let right = transposeB ? b[j * ldb + p] : b[p * ldb + j]
                    sum += Double(left) * Double(right)
                }
                let previous = beta == 0 ? 0 : Double(beta) * Double(c[i * ldc + j])
                c[i * ldc + j] = Float(Double(alpha) * sum + previous)
            }
        }
    }
}

extension BLAS {
    /// The OpenBLAS kernel family this CPU's feature flags support best ("" when no better than
    /// OpenBLAS's own choice).
    public static var bestCoreTypeForThisCPU: String { String(cString: wb_blas_best_coretype()) }
}

/// What `forEachChunk` hands to the pool's C callback: the callers give each worker disjoint output.
private struct ChunkJob {
    let body: (Int, Range<Int>) -> Void
    let count: Int, workers: Int
}
