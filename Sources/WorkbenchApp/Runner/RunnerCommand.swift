import Lab

/// What the screen asks of a run (sent to the training thread).
public enum RunnerCommand: Sendable, Equatable {
    /// Train continuously; after the epoch budget is used up this extends it.
    case resume
    case pause
    /// One minibatch, then pause.
    case stepOnce
    /// One minibatch recorded on a tape (its ops, values and gradients), then pause.
    case stepRecordingTape
    /// The rest of the current epoch (or a whole one), then pause.
    case stepEpoch
    /// Rebuild the model and start over with the current settings.
    case restart
    /// Divide the learning rate by 10 and restart (offered after a divergence).
    case restartWithLowerLearningRate
    /// Change a setting; live ones apply at the next step, others at the next restart.
    case set(key: String, value: HyperparameterValue)
    /// Delay after each step, for classroom speed.
    case pace(milliseconds: Int)
    /// Epochs the run trains before it stops by itself.
    case epochBudget(Int)
    /// Show the experiment's view of a typed text (interactive experiments only).
    case input(String)
}
