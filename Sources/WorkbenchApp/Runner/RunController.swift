import Datasets
import Foundation
import Lab
import NeuralNet
import TensorKit

/// The training side of one run, synchronous and single-threaded: it takes commands, does one
/// unit of work at a time and describes itself as a `RunSnapshot`. `BackgroundRunner` drives it
/// on a thread; tests drive it directly.
public final class RunController {
    public let entry: ExperimentEntry
    public let seed: UInt64
    public let store: DataStore
    public let epochBudget: Int

    private var settings: HyperparameterSet
    private var preparedSettings: HyperparameterSet
    private var experiment: any Experiment
    private var session: TrainingSession
    private(set) var state: RunState = .preparing
    private var pendingSteps = 0
    private var stepsUntilEpochEnd = false
    private var paceMilliseconds = 0
    private var divergenceSteps: [Int] = []
    private var inspector: [ParameterStats] = []
    private var watch = ParameterWatch()
    private var lastCapture = DispatchTime(uptimeNanoseconds: 0)
    private var recentStepTimes: [Double] = []
    private var inputPanel: (any TopicPanel)?

    /// Builds the run paused (`startRunning` false) or running.
    public init(entry: ExperimentEntry, settings: HyperparameterSet? = nil, seed: UInt64, store: DataStore,
                epochBudget: Int, startRunning: Bool) {
        self.entry = entry
        self.seed = seed
        self.store = store
        self.epochBudget = max(1, epochBudget)
        experiment = entry.make()
        self.settings = settings ?? experiment.hyperparameters
        preparedSettings = self.settings
        session = TrainingSession(experiment: experiment, seed: seed, store: store)
        stateAfterPrepare = startRunning ? .running : .paused
        needsPrepare = true
    }

    private var needsPrepare: Bool
    /// Where the run goes once prepared (commands that arrive while preparing change it).
    private var stateAfterPrepare: RunState
    /// Text typed before the model existed, shown once it does.
    private var pendingInput: String?

    /// Whether `advance()` has work to do now.
    public var wantsWork: Bool {
        needsPrepare || (state == .running) || pendingSteps > 0 || stepsUntilEpochEnd
    }

    public var pace: Int { paceMilliseconds }

    public func perform(_ command: RunCommand) {
        if state == .preparing {
            switch command {
            case .resume: stateAfterPrepare = .running; return
            case .pause: stateAfterPrepare = .paused; return
            case .stepOnce: stateAfterPrepare = .paused; pendingSteps += 1; return
            case .stepEpoch: stateAfterPrepare = .paused; stepsUntilEpochEnd = true; return
            case .input(let text): pendingInput = text; return
            default: break
            }
        }
        switch command {
        case .resume:
            if state == .paused || state == .finished { state = .running }
        case .pause:
            if state == .running { state = .paused }
            pendingSteps = 0
            stepsUntilEpochEnd = false
        case .stepOnce:
            if state == .paused || state == .running || state == .finished { state = .paused; pendingSteps += 1 }
        case .stepEpoch:
            if state == .paused || state == .running || state == .finished { state = .paused; stepsUntilEpochEnd = true }
        case .restart:
            rebuild(running: state == .running)
        case .restartWithLowerLearningRate:
            if settings.keys.contains("learning-rate") {
                let lowered = settings.real("learning-rate") / 10
                try? settings.set("learning-rate", to: .real(lowered))
            }
            rebuild(running: true)
        case let .set(key, value):
            guard (try? settings.set(key, to: value)) != nil else { return }
            if let live = settings.all.first(where: { $0.key == key }), live.isLiveEditable {
                try? experiment.hyperparameters.set(key, to: value)
            }
        case let .pace(milliseconds):
            paceMilliseconds = max(0, min(milliseconds, 5_000))
        case let .input(text):
            if session.isPrepared, let interactive = experiment as? any InteractiveExperiment {
                inputPanel = interactive.panel(forInput: text)
            }
        }
    }

    private func rebuild(running: Bool) {
        experiment = entry.make()
        session = TrainingSession(experiment: experiment, seed: seed, store: store)
        divergenceSteps = []
        inspector = []
        watch = ParameterWatch()
        recentStepTimes = []
        inputPanel = nil
        pendingSteps = 0
        stepsUntilEpochEnd = false
        needsPrepare = true
        state = .preparing
        stateAfterPrepare = running ? .running : .paused
    }

    /// One unit of work: prepare, or one step (closing the epoch when it completes).
    public func advance() {
        if needsPrepare {
            needsPrepare = false
            state = .preparing
            do {
                experiment.hyperparameters = settings
                try session.prepare()
                preparedSettings = settings
                state = stateAfterPrepare
                if let text = pendingInput {
                    pendingInput = nil
                    perform(.input(text))
                }
            } catch {
                state = .failed("\(error)")
            }
            return
        }
        guard wantsWork, state == .running || state == .paused else { return }
        // The inspector measures stepped minibatches, the last step of the run, and otherwise at
        // most two steps a second (copying every parameter each step would slow training).
        let endsRun = state == .running && session.stepInEpoch + 1 >= session.stepsPerEpoch
            && session.epoch + 1 >= epochBudget
        let capture = pendingSteps > 0 || stepsUntilEpochEnd || endsRun
            || DispatchTime.now().uptimeNanoseconds - lastCapture.uptimeNanoseconds > 500_000_000
        if capture { watch.remember(experiment.parameters) }
        let start = DispatchTime.now()
        do {
            try session.step()
        } catch let error as LabError {
            if case .nonFiniteLoss(let step, _) = error { divergenceSteps.append(step) }
            state = .diverged(error.description)
            pendingSteps = 0
            stepsUntilEpochEnd = false
            return
        } catch {
            state = .failed("\(error)")
            return
        }
        recordTiming(since: start)
        if capture { captureInspector() }
        if pendingSteps > 0 { pendingSteps -= 1 }
        if session.epochIsComplete {
            do { try session.finishEpoch() } catch { state = .failed("\(error)"); return }
            stepsUntilEpochEnd = false
            if session.epoch >= epochBudget && state == .running { state = .finished }
        }
    }

    private func recordTiming(since start: DispatchTime) {
        recentStepTimes.append(Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9)
        if recentStepTimes.count > 50 { recentStepTimes.removeFirst(recentStepTimes.count - 50) }
    }

    private func captureInspector() {
        lastCapture = .now()
        guard watch.isArmed else { return }
        inspector = watch.stats(experiment.parameters)
    }

    /// The run as the screen shows it. Panels are asked of the experiment only when `withPanels`.
    public func snapshot(withPanels: Bool) -> RunSnapshot {
        var snapshot = RunSnapshot(experimentID: entry.descriptor.id, title: entry.descriptor.title, seed: seed,
                                   epochBudget: epochBudget, hyperparameters: settings)
        snapshot.state = state
        snapshot.stepCount = session.stepCount
        snapshot.completedEpochs = session.epoch
        snapshot.stepInEpoch = session.isPrepared ? session.stepInEpoch : 0
        snapshot.stepsPerEpoch = session.isPrepared ? session.stepsPerEpoch : 0
        snapshot.stepLosses = session.history.steps.map(\.loss)
        snapshot.epochs = session.history.epochs
        snapshot.trainingSeconds = session.history.epochs.reduce(0) { $0 + $1.seconds }
        let mean = recentStepTimes.isEmpty ? 0 : recentStepTimes.reduce(0, +) / Double(recentStepTimes.count)
        snapshot.stepsPerSecond = mean > 0 ? 1 / (mean + Double(paceMilliseconds) / 1000) : 0
        snapshot.pendingRestartKeys = settings.all.filter { !$0.isLiveEditable && $0.value != preparedSettings[$0.key] }.map(\.key)
        if session.isPrepared {
            snapshot.modelSummary = experiment.modelSummary
            snapshot.parameterCount = experiment.parameters.reduce(0) { $0 + $1.tensor.count }
            if withPanels { snapshot.panels = experiment.panels() }
        }
        snapshot.inspector = inspector
        snapshot.divergenceSteps = divergenceSteps
        snapshot.paceMilliseconds = paceMilliseconds
        snapshot.inputPrompt = (experiment as? any InteractiveExperiment)?.inputPrompt
        snapshot.inputPanel = inputPanel
        return snapshot
    }

    /// The run record (for saving), from the session's history.
    public func record(startedAt: Date) -> RunRecord { RunRecord(session: session, startedAt: startedAt) }
}
