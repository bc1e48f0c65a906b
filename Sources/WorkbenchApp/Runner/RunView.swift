import Lab

/// The screen's side of a run: its runner, the latest snapshot and every step loss so far, with
/// the loss's moving average kept as steps arrive (never recomputed per frame).
final class RunView {
    let runner: BackgroundRunner
    /// The settings the run was opened with (opening the same again returns to this run).
    let openedWith: HyperparameterSet
    private(set) var snapshot: RunSnapshot
    /// Every step's loss, in order, for the run in progress (a restart starts them again).
    private(set) var losses: [Double] = []
    /// The exponential moving average of `losses` (β = 0.9), one per step.
    private(set) var smoothedLosses: [Double] = []
    private var version = -1
    /// The largest useful scroll offset of each panel at the last frame, by title (keys clamp to it).
    var scrollLimits: [String: Int] = [:]
    /// Records of this view's earlier runs, closed by a restart (compare lists them).
    private(set) var restartedRecords: [RunRecord] = []

    /// The smoothing factor of the plotted training loss.
    static let smoothing = 0.9

    init(runner: BackgroundRunner, openedWith: HyperparameterSet) {
        self.runner = runner
        self.openedWith = openedWith
        snapshot = runner.snapshot
    }

    var experimentID: String { snapshot.experimentID }

    /// Restarts the run, keeping the record of the one it ends.
    func restart(_ command: RunnerCommand = .restart) {
        if let record = runner.record(), !record.history.steps.isEmpty { restartedRecords.append(record) }
        runner.send(command)
    }

    /// Takes the training thread's latest snapshot and new steps.
    func update() {
        let update = runner.takeUpdate()
        guard update.version != version else { return }
        version = update.version
        if update.snapshot.runID != snapshot.runID {
            losses = []
            smoothedLosses = []
        }
        snapshot = update.snapshot
        for step in update.newSteps {
            let value = Double(step.loss)
            let average = smoothedLosses.last.map { Self.smoothing * $0 + (1 - Self.smoothing) * value } ?? value
            losses.append(value)
            smoothedLosses.append(average)
        }
    }
}
