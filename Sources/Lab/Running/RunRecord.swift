import Datasets
import Foundation
import TensorKit

/// The result of a run, as `workbench run` prints it and the screen saves it.
public struct RunRecord: Codable, Sendable {
    /// Names this run for its whole life: a saved run and the same run still on the screen are one.
    public var id: String
    public var experiment: String
    public var seed: UInt64
    /// The settings the run started with.
    public var config: [String: String]
    /// Settings changed while it trained, with the step from which each applied.
    public var changes: [SettingChange]
    public var history: RunHistory
    public var finalMetrics: [Metric]
    public var secondsPerEpoch: Double
    public var peakMemoryBytes: Int
    public var blasKernel: String
    public var threads: Int
    /// The workbench's version and git commit (see `BuildInfo`); nil in records saved before
    /// version 0.4.0, which did not keep them.
    public var version: String?
    public var commit: String?
    /// The processor it trained on; nil in records saved before version 0.4.0.
    public var cpu: CPUInfo?
    /// Files the user supplied in place of the datasets' own, with their SHA-256 (`--data`).
    public var userData: [UserDataFile]
    /// The weights file the run started from (`--load-weights`), if any.
    public var loadedWeights: WeightsSource?
    public var startedAt: String

    /// The record of a session. `finalMetrics` default to the last epoch's; a run that only
    /// evaluated loaded weights passes that evaluation.
    public init(session: TrainingSession, id: String = UUID().uuidString, startedAt: Date, finalMetrics: [Metric]? = nil) {
        self.id = id
        experiment = session.entry.descriptor.id
        seed = session.seed
        config = session.initialSettings.dictionary
        changes = session.changes
        history = session.history
        self.finalMetrics = finalMetrics ?? session.history.epochs.last?.metrics ?? []
        let seconds = session.history.epochs.map(\.seconds)
        secondsPerEpoch = seconds.isEmpty ? 0 : seconds.reduce(0, +) / Double(seconds.count)
        peakMemoryBytes = ProcessMemory.peakResidentBytes
        blasKernel = BLAS.status.kernel
        threads = BLAS.threadCount
        version = BuildInfo.version
        commit = BuildInfo.commit
        cpu = CPUInfo.current
        userData = session.userData
        loadedWeights = session.loadedWeights
        self.startedAt = ISO8601DateFormatter().string(from: startedAt)
    }

    /// Reads run.json files of every version: those saved before runs had an id or a change log
    /// get one made of their start time, experiment and seed, and no changes; those saved before
    /// 0.4.0 have no version, commit, processor, user data or loaded weights.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        experiment = try container.decode(String.self, forKey: .experiment)
        seed = try container.decode(UInt64.self, forKey: .seed)
        startedAt = try container.decode(String.self, forKey: .startedAt)
        id = try container.decodeIfPresent(String.self, forKey: .id) ?? "\(startedAt)-\(experiment)-\(seed)"
        config = try container.decode([String: String].self, forKey: .config)
        changes = try container.decodeIfPresent([SettingChange].self, forKey: .changes) ?? []
        history = try container.decode(RunHistory.self, forKey: .history)
        finalMetrics = try container.decode([Metric].self, forKey: .finalMetrics)
        secondsPerEpoch = try container.decode(Double.self, forKey: .secondsPerEpoch)
        peakMemoryBytes = try container.decode(Int.self, forKey: .peakMemoryBytes)
        blasKernel = try container.decode(String.self, forKey: .blasKernel)
        threads = try container.decode(Int.self, forKey: .threads)
        version = try container.decodeIfPresent(String.self, forKey: .version)
        commit = try container.decodeIfPresent(String.self, forKey: .commit)
        cpu = try container.decodeIfPresent(CPUInfo.self, forKey: .cpu)
        userData = try container.decodeIfPresent([UserDataFile].self, forKey: .userData) ?? []
        loadedWeights = try container.decodeIfPresent(WeightsSource.self, forKey: .loadedWeights)
    }

    /// The keys whose value changed during the run.
    public var changedKeys: Set<String> { Set(changes.map(\.key)) }

    /// Pretty, key-sorted JSON.
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }
}
