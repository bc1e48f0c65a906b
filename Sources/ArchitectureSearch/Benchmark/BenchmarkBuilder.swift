import Foundation
import Lab
import TensorKit

/// Builds a `BenchmarkTable` file: trains each architecture of a space that the file lacks, one row per
/// architecture, appended as soon as it is measured.
///
/// - Sharding: `shard = (i, n)` takes the indices with index % n == i, so n processes (or batch jobs on
///   n machines) share a space without talking to each other.
/// - Resume: indices already in the file are skipped; a truncated last line (a killed build) is cut off
///   before appending (`repair`).
/// - Appends use one `write(2)` per line on a file opened with O_APPEND, so processes of one machine
///   writing one file at once do not interleave inside lines. NFS does not keep that promise (O_APPEND
///   is emulated by the client), so shards on several machines each write their own file and
///   `ShardMerge` joins them.
public struct BenchmarkBuilder {
    public let space: SearchSpace
    public let trainer: ChildTrainer
    /// Seed of architecture `index` is `seed + index`.
    public let seed: UInt64

    public init(space: SearchSpace, trainer: ChildTrainer, seed: UInt64 = 1) {
        self.space = space
        self.trainer = trainer
        self.seed = seed
    }

    /// The indices of `0..<min(limit, size)` (or of `sample`) in shard `shard.index` of `shard.count` that
    /// `existing` lacks.
    public static func pending(space: SearchSpace, limit: Int? = nil, sample: [Int]? = nil, shard: (index: Int, count: Int) = (0, 1),
                               existing: BenchmarkTable) -> [Int] {
        let candidates = sample ?? Array(0..<min(limit ?? space.size, space.size))
        return candidates.filter { $0 % shard.count == shard.index && existing.rows[$0] == nil }
    }

    /// `count` distinct indices of `space` drawn uniformly with `seed`, ascending: the architectures of a
    /// sampled table (for spaces too large to tabulate whole, such as NASNet's).
    public static func sampleIndices(of space: SearchSpace, count: Int, seed: UInt64) -> [Int] {
        var generator = SeededGenerator(seed: seed)
        var chosen = Set<Int>()
        while chosen.count < min(count, space.size) { chosen.insert(generator.nextInt(below: space.size)) }
        return chosen.sorted()
    }

    /// Creates the file with its header if missing; cuts a partial last line (no final newline) off.
    public static func repair(_ url: URL) throws {
        let manager = FileManager.default
        guard manager.fileExists(atPath: url.path) else {
            try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data((BenchmarkTable.header + "\n").utf8).write(to: url)
            return
        }
        let data = try Data(contentsOf: url)
        guard let last = data.last, last != UInt8(ascii: "\n") else {
            if data.isEmpty { try Data((BenchmarkTable.header + "\n").utf8).write(to: url) }
            return
        }
        let keep = data.lastIndex(of: UInt8(ascii: "\n")).map { data.prefix(through: $0) } ?? Data((BenchmarkTable.header + "\n").utf8)
        try Data(keep).write(to: url)
    }

    /// Appends one line (newline added) with a single write on an O_APPEND descriptor.
    public static func append(_ line: String, to url: URL) throws {
        let descriptor = open(url.path, O_WRONLY | O_APPEND | O_CREAT, 0o644)
        guard descriptor >= 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path]) }
        defer { close(descriptor) }
        let bytes = Array((line + "\n").utf8)
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path]) }
    }

    /// Trains every pending architecture of the shard and appends its row; `progress` sees each row.
    /// Returns the rows written.
    @discardableResult
    public func build(into url: URL, limit: Int? = nil, sample: [Int]? = nil, shard: (index: Int, count: Int) = (0, 1),
                      progress: (BenchmarkTable.Row, Int, Int) -> Void = { _, _, _ in }) throws -> [BenchmarkTable.Row] {
        try Self.repair(url)
        let todo = Self.pending(space: space, limit: limit, sample: sample, shard: shard, existing: try BenchmarkTable(contentsOf: url))
        var written: [BenchmarkTable.Row] = []
        for (done, index) in todo.enumerated() {
            let architecture = space.architecture(index: index)
            let childSeed = seed &+ UInt64(index)
            let result = trainer.train(architecture, seed: childSeed).result
            let row = BenchmarkTable.Row(index: index, encoding: architecture.encoding, accuracy: result.accuracy,
                                         parameters: result.parameterCount, seconds: result.seconds, epochs: trainer.epochs,
                                         seed: childSeed, kernel: BLAS.status.kernel)
            try Self.append(row.line, to: url)
            written.append(row)
            progress(row, done + 1, todo.count)
        }
        return written
    }
}
