import Datasets
import Foundation
import Lab
import NeuralNet
import TensorKit
import TopicViews

/// The training side of one run, synchronous and single-threaded: it takes commands, does one
/// unit of work at a time and describes itself as a `RunSnapshot`. `BackgroundRunner` drives it
/// on a thread; tests drive it directly.
///
/// Settings live in two places with two meanings: the session's (what the run in progress uses,
/// live edits applied at once and logged) and `nextSettings` (what the next restart builds with:
/// the same plus restart-only edits waiting for `r`).
public final class RunController {
    public let entry: ExperimentEntry
    public let seed: UInt64
    public let store: DataStore
    /// Names the run across restarts' records (each restart is a new run with a new id).
    public private(set) var runID = UUID().uuidString
    public private(set) var startedAt = Date()
    /// Epochs the run trains before it stops by itself (the screen may change it).
    public private(set) var epochBudget: Int
    /// How far the budget was extended by continuing past it.
    public private(set) var budgetExtensions = 0
    private let initialBudget: Int

    private var nextSettings: HyperparameterSet
    private var session: TrainingSession?
    private(set) var state: RunState = .preparing
    private var pendingSteps = 0
    private var stepsUntilEpochEnd = false
    private var paceMilliseconds = 0
    private var divergenceSteps: [Int] = []
    private var inspector: [ParameterStats] = []
    private var watch = ParameterWatch()
    private var lastCapture = DispatchTime(uptimeNanoseconds: 0)
    private var recentStepTimes: [Double] = []
    private var needsPrepare = true
    /// Where the run goes once prepared (commands that arrive while preparing change it).
    private var stateAfterPrepare: RunState
    /// The text typed for an interactive experiment: its view is remade as the model trains.
    private var typedInput: String?
    /// Whether the next step is recorded on a tape.
    private var recordsNextStep = false
    private var lastTape: RecordedTape?

    /// Builds the run paused (`startRunning` false) or running, with `settings` (the entry's
    /// defaults when nil).
    public init(entry: ExperimentEntry, settings: HyperparameterSet? = nil, seed: UInt64, store: DataStore,
                epochBudget: Int, startRunning: Bool) {
        self.entry = entry
        self.seed = seed
        self.store = store
        self.epochBudget = max(1, epochBudget)
        initialBudget = self.epochBudget
        nextSettings = settings ?? entry.settings
        stateAfterPrepare = startRunning ? .running : .paused
    }

    /// Whether `advance()` has work to do now.
    public var wantsWork: Bool {
        needsPrepare || (state == .running) || pendingSteps > 0 || stepsUntilEpochEnd
    }

    public var pace: Int { paceMilliseconds }

    /// The settings the run uses now, with restart-only edits shown at their new values.
    public var settings: HyperparameterSet { nextSettings }

    public func perform(_ command: RunnerCommand) {
        if state == .preparing {
            switch command {
            case .resume: stateAfterPrepare = .running; return
            case .pause: stateAfterPrepare = .paused; return
            case .stepOnce: stateAfterPrepare = .paused; pendingSteps += 1; return
            case .stepRecordingTape: stateAfterPrepare = .paused; pendingSteps += 1; recordsNextStep = true; return
            case .stepEpoch: stateAfterPrepare = .paused; stepsUntilEpochEnd = true; return
            default: break
            }
        }
        switch command {
        case .resume:
            if state == .finished {
                // Continuing past the budget extends it by the budget the run started with.
                epochBudget += initialBudget
                budgetExtensions += 1
            }
            if state == .paused || state == .finished { state = .running }
        case .pause:
            if state == .running { state = .paused }
            pendingSteps = 0
            stepsUntilEpochEnd = false
        case .stepOnce:
            if state == .paused || state == .running || state == .finished { state = .paused; pendingSteps += 1 }
        case .stepRecordingTape:
            if state == .paused || state == .running || state == .finished {
                state = .paused
                pendingSteps = 1
                stepsUntilEpochEnd = false
                recordsNextStep = true
            }
        case .stepEpoch:
            if state == .paused || state == .running || state == .finished { state = .paused; stepsUntilEpochEnd = true }
        case .restart:
            rebuild(running: state == .running)
        case .restartWithLowerLearningRate:
            if nextSettings.has("learning-rate") {
                try? nextSettings.set("learning-rate", to: .real(nextSettings.real("learning-rate") / 10))
            }
            rebuild(running: true)
        case let .set(key, value):
            guard (try? nextSettings.set(key, to: value)) != nil else { return }
            if let session, nextSettings.all.first(where: { $0.key == key })?.isLiveEditable == true {
                try? session.change(key, to: value)
            }
        case let .pace(milliseconds):
            paceMilliseconds = max(0, min(milliseconds, 5_000))
        case let .epochBudget(epochs):
            epochBudget = max(1, epochs)
            if state == .finished, (session?.epoch ?? 0) < epochBudget { state = .paused }
        case let .input(text):
            typedInput = text
        }
    }

    private func rebuild(running: Bool) {
        session = nil
        runID = UUID().uuidString
        startedAt = Date()
        divergenceSteps = []
        inspector = []
        watch = ParameterWatch()
        recentStepTimes = []
        pendingSteps = 0
        stepsUntilEpochEnd = false
        recordsNextStep = false
        lastTape = nil
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
                session = try TrainingSession(entry: entry, settings: nextSettings, seed: seed, store: store)
                state = stateAfterPrepare
            } catch {
                state = .failed("\(error)")
            }
            return
        }
        guard let session, wantsWork, state == .running || state == .paused else { return }
        // The inspector measures stepped minibatches, the last step of the run, and otherwise at
        // most two steps a second (copying every parameter each step would slow training).
        let endsRun = state == .running && session.stepInEpoch + 1 >= session.stepsPerEpoch
            && session.epoch + 1 >= epochBudget
        let capture = pendingSteps > 0 || stepsUntilEpochEnd || endsRun
            || DispatchTime.now().uptimeNanoseconds - lastCapture.uptimeNanoseconds > 500_000_000
        if capture { watch.remember(session.run.parameters) }
        let start = DispatchTime.now()
        do {
            if recordsNextStep {
                recordsNextStep = false
                let step = session.stepCount + 1
                let (result, tape) = Tape.capturing(options: TapeOptions(checksGradients: true)) { try session.step() }
                var failure: String?
                if case .failure(let error) = result { failure = "\(error)" }
                lastTape = RecordedTape(step: step, tape: tape, failure: failure)
                _ = try result.get()
            } else {
                try session.step()
            }
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
        if capture {
            lastCapture = .now()
            inspector = watch.stats(session.run.parameters)
        }
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

    /// Steps taken so far (0 before the run is prepared).
    public var stepCount: Int { session?.stepCount ?? 0 }

    /// The run as the screen shows it, without the step losses (`BackgroundRunner` hands those
    /// over incrementally; see `lossesSince`). Panels are asked of the run only when `withPanels`.
    public func snapshot(withPanels: Bool) -> RunSnapshot {
        var snapshot = RunSnapshot(runID: runID, experimentID: entry.descriptor.id, title: entry.descriptor.title, seed: seed,
                                   epochBudget: epochBudget, hyperparameters: nextSettings)
        snapshot.budgetExtensions = budgetExtensions
        snapshot.state = state
        snapshot.inspector = inspector
        snapshot.divergenceSteps = divergenceSteps
        snapshot.paceMilliseconds = paceMilliseconds
        snapshot.tape = lastTape
        let mean = recentStepTimes.isEmpty ? 0 : recentStepTimes.reduce(0, +) / Double(recentStepTimes.count)
        snapshot.stepsPerSecond = mean > 0 ? 1 / (mean + Double(paceMilliseconds) / 1000) : 0
        guard let session else { return snapshot }
        snapshot.stepCount = session.stepCount
        snapshot.completedEpochs = session.epoch
        snapshot.stepInEpoch = session.stepInEpoch
        snapshot.stepsPerEpoch = session.stepsPerEpoch
        snapshot.epochs = session.history.epochs
        snapshot.changes = session.changes
        snapshot.trainingSeconds = session.history.epochs.reduce(0) { $0 + $1.seconds }
        snapshot.pendingRestartKeys = nextSettings.all.filter { $0.value != session.settings[$0.key] }.map(\.key)
        snapshot.modelSummary = session.run.modelSummary
        snapshot.parameterCount = session.run.parameters.reduce(0) { $0 + $1.tensor.count }
        snapshot.inputPrompt = (session.run as? any InteractiveRun)?.inputPrompt
        if withPanels {
            var panels = (session.run as? any PanelProviding)?.panels(session.settings) ?? []
            if let text = typedInput, let interactive = session.run as? any InteractiveRun {
                panels.insert(contentsOf: interactive.panels(forInput: text, settings: session.settings), at: 0)
            }
            snapshot.panels = panels
            snapshot.hasPanels = true
        }
        return snapshot
    }

    /// The step losses from step `start` (counted from 0) on.
    public func lossesSince(_ start: Int) -> ArraySlice<StepPoint> {
        guard let steps = session?.history.steps, start < steps.count else { return [] }
        return steps[max(0, start)...]
    }

    /// The run record (for saving and comparing), nil before the run is prepared.
    public func record() -> RunRecord? {
        session.map { RunRecord(session: $0, id: runID, startedAt: startedAt) }
    }

    /// The run's parameters as a safetensors file (see `TrainingSession.weightsFile()`), nil
    /// before the run is prepared.
    public func weightsFile() throws -> Data? { try session?.weightsFile() }
}
