import Lab
import TensorKit
import TopicViews

/// Where a run stands.
public enum RunState: Sendable, Equatable {
    case preparing
    case paused
    case running
    /// The epoch budget is used up.
    case finished
    /// The loss became NaN or infinite; the message explains the likely cause.
    case diverged(String)
    /// Preparing or stepping threw (missing data, ...).
    case failed(String)

    public var label: String {
        switch self {
        case .preparing: "preparing"
        case .paused: "paused"
        case .running: "running"
        case .finished: "finished"
        case .diverged: "diverged"
        case .failed: "failed"
        }
    }

    public var isActive: Bool { self == .running || self == .preparing }
}

/// A tape of one training step of the run, for the tape view.
public struct RecordedTape: Sendable {
    /// The step recorded (1 is the run's first).
    public let step: Int
    public let tape: Tape
    /// Why the step failed, if it did (the tape then ends where it stopped).
    public let failure: String?
}

/// What the step-through inspector shows for one parameter.
public struct ParameterStats: Sendable, Equatable {
    public let name: String
    public let shape: [Int]
    /// L2 norm of the values.
    public let valueNorm: Double
    /// L2 norm of the last step's gradient (nil: the step gave this parameter none).
    public let gradientNorm: Double?
    /// L2 norm of the last update (nil: the parameter is new since the step began).
    public let updateNorm: Double?
    /// |update| / |values|: around 1e-3 is healthy; much larger means a too-high learning rate.
    public var updateRatio: Double? { updateNorm.map { valueNorm > 0 ? $0 / valueNorm : 0 } }
    /// A sample of the values (at most 4,096) for a histogram.
    public let sample: [Float]
}

/// Everything the screen shows of a run, copied out of the training thread. The step losses
/// are not in it: they grow with every step, so `BackgroundRunner` hands over only the new ones.
public struct RunSnapshot: Sendable {
    /// The run's id (a restart starts a new run).
    public var runID: String
    public var experimentID: String
    public var title: String
    public var seed: UInt64
    public var state: RunState = .preparing
    public var stepCount = 0
    public var completedEpochs = 0
    public var stepInEpoch = 0
    public var stepsPerEpoch = 0
    public var epochBudget: Int
    /// How many times continuing past the budget extended it.
    public var budgetExtensions = 0
    public var epochs: [EpochRecord] = []
    /// Settings changed while the run trains, with their steps.
    public var changes: [SettingChange] = []
    /// Seconds spent in training steps.
    public var trainingSeconds: Double = 0
    public var stepsPerSecond: Double = 0
    public var hyperparameters: HyperparameterSet
    /// Restart-only settings changed since the model was built.
    public var pendingRestartKeys: [String] = []
    public var modelSummary: [ModelSummaryRow] = []
    public var parameterCount = 0
    public var inspector: [ParameterStats] = []
    public var panels: [any TopicPanel] = []
    /// Whether `panels` were made for this snapshot (else the previous ones still stand).
    public var hasPanels = false
    /// Steps at which the loss became NaN or infinite.
    public var divergenceSteps: [Int] = []
    public var paceMilliseconds = 0
    /// What an interactive experiment asks the learner to type (nil: not interactive).
    public var inputPrompt: String?
    /// The last minibatch recorded on a tape (key b), if any.
    public var tape: RecordedTape?

    /// Estimated seconds to the end of the epoch budget.
    public var secondsRemaining: Double? {
        guard stepsPerSecond > 0, stepsPerEpoch > 0 else { return nil }
        let remaining = epochBudget * stepsPerEpoch - stepCount
        return Double(max(remaining, 0)) / stepsPerSecond
    }

    public var bestMetrics: [Metric] { RunHistory.bestOf(epochs) }
}

extension RunHistory {
    /// The best value of each metric over `epochs` (max or min by its direction).
    public static func bestOf(_ epochs: [EpochRecord]) -> [Metric] {
        var history = RunHistory()
        history.epochs = epochs
        return history.bestMetrics
    }
}
