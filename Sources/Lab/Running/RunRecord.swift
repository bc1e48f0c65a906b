import Foundation
import TensorKit

/// The result of a run, as `workbench run` prints it and the screen saves it.
public struct RunRecord: Codable, Sendable {
    public var experiment: String
    public var seed: UInt64
    public var config: [String: String]
    public var history: RunHistory
    public var finalMetrics: [Metric]
    public var secondsPerEpoch: Double
    public var peakMemoryBytes: Int
    public var blasKernel: String
    public var threads: Int
    public var startedAt: String

    public init(session: TrainingSession, startedAt: Date) {
        experiment = session.experiment.descriptor.id
        seed = session.seed
        config = session.experiment.hyperparameters.dictionary
        history = session.history
        finalMetrics = session.history.epochs.last?.metrics ?? []
        let seconds = session.history.epochs.map(\.seconds)
        secondsPerEpoch = seconds.isEmpty ? 0 : seconds.reduce(0, +) / Double(seconds.count)
        peakMemoryBytes = ProcessMemory.peakResidentBytes
        blasKernel = BLAS.status.kernel
        threads = BLAS.threadCount
        self.startedAt = ISO8601DateFormatter().string(from: startedAt)
    }

    /// Pretty, key-sorted JSON.
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }
}
