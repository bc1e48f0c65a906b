import Datasets
import Foundation

/// Drives one experiment through steps and epochs, recording the history. The command line
/// runs it directly; the screen runs it on a background thread and posts its events.
public final class TrainingSession {
    public let experiment: any Experiment
    public let seed: UInt64
    public private(set) var history = RunHistory()
    /// Steps taken so far (over all epochs).
    public private(set) var stepCount = 0
    public private(set) var isPrepared = false
    private var epochLosses: [Float] = []
    private var epochSeconds: Double = 0
    private let store: DataStore

    public init(experiment: any Experiment, seed: UInt64, store: DataStore) {
        self.experiment = experiment
        self.seed = seed
        self.store = store
    }

    public var stepsPerEpoch: Int { max(experiment.stepsPerEpoch, 1) }
    /// Completed epochs.
    public var epoch: Int { history.epochs.count }
    /// Steps taken in the current epoch.
    public var stepInEpoch: Int { stepCount - epoch * stepsPerEpoch }

    public func prepare() throws {
        try experiment.prepare(ExperimentContext(store: store, seed: seed))
        isPrepared = true
    }

    /// One minibatch. A NaN or infinite loss throws `LabError.nonFiniteLoss` (and is not recorded).
    @discardableResult
    public func step() throws -> StepReport {
        guard isPrepared else { throw LabError.notPrepared }
        let start = DispatchTime.now()
        let report = try experiment.step()
        epochSeconds += Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        guard report.loss.isFinite else { throw LabError.nonFiniteLoss(step: stepCount + 1, value: report.loss) }
        stepCount += 1
        epochLosses.append(report.loss)
        history.steps.append(StepPoint(step: stepCount, epoch: epoch, loss: report.loss))
        return report
    }

    /// Whether the current epoch's steps are all done (time to evaluate).
    public var epochIsComplete: Bool { stepInEpoch >= stepsPerEpoch }

    /// Evaluates and closes the current epoch.
    @discardableResult
    public func finishEpoch() throws -> EpochRecord {
        let metrics = try experiment.evaluate()
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
