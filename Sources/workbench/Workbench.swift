import ArgumentParser
import Basics
import Datasets
import Foundation
import Lab
import RecursiveNets
import Multitask
import SpatialTransformers
import Recommenders
import ArchitectureSearch
import TensorKit

@main
struct Workbench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workbench",
        abstract: "Deep Workbench: train real models on real data and watch them learn.",
        discussion: "Run without a subcommand for the full-screen workbench; the subcommands run the same experiments headless.",
        subcommands: [ScreenCommand.self, OpenCommand.self, ListCommand.self, RunCommand.self, LessonsCommand.self, DataCommand.self,
                      BenchCommand.self, NASCommand.self],
        defaultSubcommand: ScreenCommand.self)
}

/// Every experiment of every topic.
let catalog = ExperimentCatalog(topics: Topic.all, entries: [
    BasicsTopic.experiments,
    RecursiveNetsTopic.experiments,
    MultitaskTopic.experiments,
    SpatialTransformersTopic.experiments,
    RecommendersTopic.experiments,
    ArchitectureSearchTopic.experiments,
].flatMap { $0 })

/// Options every training command shares.
struct EngineOptions: ParsableArguments {
    @Option(help: "BLAS threads (default: all cores; also WORKBENCH_THREADS).")
    var threads: Int?

    func apply() throws {
        MemoryTuning.keepLargeBuffers()
        let requested = threads ?? ProcessInfo.processInfo.environment["WORKBENCH_THREADS"].flatMap(Int.init)
        if let requested {
            guard requested >= 1 && requested <= 256 else { throw UsageError("--threads must be from 1 to 256, got \(requested)") }
            BLAS.threadCount = requested
        }
        if let problem = BLAS.status.problem { Console.warn(problem) }
    }
}

/// A mistake in how the command was called: printed plainly, exit status 2.
struct UsageError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

enum Console {
    static func warn(_ message: String) { FileHandle.standardError.write(Data("warning: \(message)\n".utf8)) }
    static func error(_ message: String) { FileHandle.standardError.write(Data("error: \(message)\n".utf8)) }
    static var stderrIsTerminal: Bool { isatty(2) != 0 }

    /// Runs `body`, turning the errors a user can fix into a message and exit status 2.
    static func userErrors(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as LabError {
            self.error(error.description)
            throw ExitCode(2)
        } catch let error as UsageError {
            self.error(error.description)
            throw ExitCode(2)
        } catch let error as DatasetError {
            self.error(error.description)
            throw ExitCode(1)
        }
    }
}

var projectRoot: URL? { ProjectLocator.projectRoot() }

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
