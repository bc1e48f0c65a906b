import Datasets
import Foundation

/// A setting changed while a run trained: from which step on it applied.
public struct SettingChange: Codable, Sendable, Equatable {
    /// The first step that used the new value (steps are counted from 1).
    public let step: Int
    public let key: String
    public let from: String
    public let to: String

    public init(step: Int, key: String, from: String, to: String) {
        self.step = step
        self.key = key
        self.from = from
        self.to = to
    }
}

/// Drives one prepared run through steps and epochs, recording the history and every live
/// change of a setting. The command line runs it directly; the screen runs it on a background
/// thread. It holds the run's current settings: the one place they live.
public final class TrainingSession {
    public let entry: ExperimentEntry
    public let seed: UInt64
    /// The settings the run was built with.
    public let initialSettings: HyperparameterSet
    /// The run's current settings: the initial ones with every live change applied.
    public private(set) var settings: HyperparameterSet
    public let run: any ExperimentRun
    public private(set) var history = RunHistory()
    /// Live changes of settings, in order.
    public private(set) var changes: [SettingChange] = []
    /// Steps taken so far (over all epochs).
    public private(set) var stepCount = 0
    /// Files the user supplied in place of the datasets' own (from the store the run read).
    public let userData: [UserDataFile]
    /// The weights file the run started from (`loadWeights(from:)`), if any.
    public internal(set) var loadedWeights: WeightsSource?
    private var epochLosses: [Float] = []
    private var epochSeconds: Double = 0

    /// Prepares the run: loads its data and builds its model (this is where missing data throws).
    public init(entry: ExperimentEntry, settings: HyperparameterSet, seed: UInt64, store: DataStore) throws {
        self.entry = entry
        self.seed = seed
        initialSettings = settings
        self.settings = settings
        userData = store.userFiles
        run = try entry.prepare(ExperimentContext(store: store, seed: seed, settings: settings))
    }

    public var stepsPerEpoch: Int { max(run.stepsPerEpoch, 1) }
    /// Completed epochs.
    public var epoch: Int { history.epochs.count }
    /// Steps taken in the current epoch.
    public var stepInEpoch: Int { stepCount - epoch * stepsPerEpoch }

    /// Changes a live setting from the next step on (logged with that step). A restart-only
    /// setting throws `LabError.notLive`: it needs a new run.
    public func change(_ key: String, to value: HyperparameterValue) throws(LabError) {
        guard let setting = settings.all.first(where: { $0.key == key }) else { throw .unknownKey(key, valid: settings.keys) }
        guard setting.isLiveEditable else { throw .notLive(key) }
        guard setting.value != value else { return }
        try settings.set(key, to: value)
        changes.append(SettingChange(step: stepCount + 1, key: key, from: setting.value.description, to: value.description))
    }

    /// One minibatch. A NaN or infinite loss throws `LabError.nonFiniteLoss` (and is not recorded).
    @discardableResult
    public func step() throws -> StepReport {
        let start = DispatchTime.now()
        let report = try run.step(settings)
        epochSeconds += Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        guard report.loss.isFinite else { throw LabError.nonFiniteLoss(step: stepCount + 1, value: report.loss) }
        stepCount += 1
        epochLosses.append(report.loss)
        history.steps.append(StepPoint(step: stepCount, epoch: epoch + 1, loss: report.loss, components: report.components))
        return report
    }

    /// Whether the current epoch's steps are all done (time to evaluate).
    public var epochIsComplete: Bool { stepInEpoch >= stepsPerEpoch }

    /// Evaluates and closes the current epoch.
    @discardableResult
    public func finishEpoch() throws -> EpochRecord {
        let metrics = try run.evaluate(settings)
        let meanLoss = epochLosses.isEmpty ? .nan : epochLosses.reduce(0.0) { $0 + Double($1) } / Double(epochLosses.count)
        let record = EpochRecord(epoch: epoch + 1, trainLoss: meanLoss, metrics: metrics, seconds: epochSeconds)
        history.epochs.append(record)
        epochLosses = []
        epochSeconds = 0
        return record
    }

    /// Runs the rest of the current epoch and evaluates it.
    @discardableResult
    public func runEpoch(onStep: (StepReport) -> Void = { _ in }) throws -> EpochRecord {
        while !epochIsComplete { onStep(try step()) }
        return try finishEpoch()
    }
}
