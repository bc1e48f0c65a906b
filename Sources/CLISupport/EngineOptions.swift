import ArgumentParser
import Foundation
import TensorKit

/// Options every training command shares.
public struct EngineOptions: ParsableArguments {
    @Option(help: "BLAS threads (default: all cores; also WORKBENCH_THREADS).")
    public var threads: Int?

    public init() {}

    public func apply() throws {
        MemoryTuning.keepLargeBuffers()
        let requested = threads ?? ProcessInfo.processInfo.environment["WORKBENCH_THREADS"].flatMap(Int.init)
        if let requested {
            guard requested >= 1 && requested <= 256 else { throw UsageError("--threads must be from 1 to 256, got \(requested)") }
            BLAS.threadCount = requested
        }
        if let problem = BLAS.status.problem { Console.warn(problem) }
    }
}

/// Training allocates and frees the same large arrays every step. glibc returns blocks above
/// 128 KiB to the kernel each time (mmap / munmap, then page faults on reuse), which measured as
/// much system time as compute in the text models. Raising the mmap and trim thresholds keeps
/// those blocks in the heap for reuse.
enum MemoryTuning {
    static func keepLargeBuffers() {
        #if os(Linux)
        _ = glibcMallopt(-3, 32 << 20)  // M_MMAP_THRESHOLD: glibc's maximum on 64-bit
        _ = glibcMallopt(-1, 1 << 30)   // M_TRIM_THRESHOLD
        #endif
    }
}

#if os(Linux)
/// glibc's `mallopt` (declared in malloc.h, which the Glibc module does not import).
@_silgen_name("mallopt")
private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif
