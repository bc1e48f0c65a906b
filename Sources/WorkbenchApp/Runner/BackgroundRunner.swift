import Datasets
import Foundation
import Lab

/// What the screen takes from the training thread each frame: the latest snapshot and the step
/// losses recorded since it last took them.
public struct RunUpdate: Sendable {
    public let snapshot: RunSnapshot
    public let newSteps: [StepPoint]
    /// Changes with every publication (compare to skip work when nothing happened).
    public let version: Int
}

/// Runs a `RunController` on its own thread. The screen sends commands and takes updates; the
/// training thread never touches the screen.
///
/// The lock guards only the command queue and the published state. The controller belongs to the
/// training thread while `working` is true (a step, then building the snapshot and its topic
/// panels), so the screen never waits for training; `record()` waits until the thread is between
/// two units of work.
public final class BackgroundRunner: @unchecked Sendable {
    private let condition = NSCondition()
    private var commands: [RunnerCommand] = []
    private var latest: RunSnapshot
    private var unsentSteps: [StepPoint] = []
    private var publishedStepCount = 0
    private var version = 0
    private var stopping = false
    private var finished = false
    /// True while the training thread works on the controller without the lock.
    private var working = false
    /// Callers of `betweenSteps` waiting for the controller. The training thread keeps the lock
    /// from the end of one unit of work to the start of the next, so without this a waiter would
    /// never see `working` false while a fast run keeps stepping (s and c froze the screen).
    private var waiters = 0
    private let controller: RunController

    public init(controller: RunController) {
        self.controller = controller
        latest = controller.snapshot(withPanels: false)
        let thread = Thread { [unowned self] in self.loop() }
        thread.name = "training"
        thread.stackSize = 16 << 20
        thread.start()
    }

    /// Queues a command; it is applied before the next step.
    public func send(_ command: RunnerCommand) {
        condition.withLock {
            commands.append(command)
            condition.broadcast()
        }
    }

    /// The latest snapshot and the steps recorded since the last call (which it hands over).
    public func takeUpdate() -> RunUpdate {
        condition.withLock {
            defer { unsentSteps = [] }
            return RunUpdate(snapshot: latest, newSteps: unsentSteps, version: version)
        }
    }

    /// The latest snapshot, without taking the new steps.
    public var snapshot: RunSnapshot { condition.withLock { latest } }

    /// The record of the run so far (nil before it is prepared), taken between two units of work.
    public func record() -> RunRecord? { betweenSteps { $0.record() } }

    /// The record and the parameters as a safetensors file, of the same step (nil before the run
    /// is prepared), taken between two units of work, so training cannot change them meanwhile.
    public func recordAndWeights() throws -> (record: RunRecord, weights: Data)? {
        try betweenSteps { controller in
            guard let record = controller.record(), let weights = try controller.weightsFile() else { return nil }
            return (record, weights)
        }
    }

    /// Runs `body` on the controller while the training thread waits between two units of work.
    private func betweenSteps<T>(_ body: (RunController) throws -> T) rethrows -> T {
        condition.lock()
        defer { condition.unlock() }
        waiters += 1
        defer {
            waiters -= 1
            condition.broadcast()
        }
        while working { condition.wait() }
        return try body(controller)
    }

    /// Stops the thread after the current unit of work and waits for it to end.
    public func stop() {
        condition.withLock {
            stopping = true
            condition.broadcast()
            while !finished { condition.wait() }
        }
    }

    private func loop() {
        var lastPublish = DispatchTime(uptimeNanoseconds: 0)
        var lastPanels = DispatchTime(uptimeNanoseconds: 0)
        condition.lock()
        while !stopping {
            let queued = commands
            commands = []
            for command in queued { controller.perform(command) }
            if !controller.wantsWork && !queued.isEmpty {
                publish(controller.snapshot(withPanels: true))
            }
            guard controller.wantsWork else {
                condition.wait()
                continue
            }
            // The step and the snapshot (with its topic panels) are made without the lock, so
            // neither `send` nor the screen's `takeUpdate` waits for training.
            working = true
            condition.unlock()
            let before = controller.state
            controller.advance()
            let now = DispatchTime.now()
            let stateChanged = controller.state != before
            var snapshot: RunSnapshot?
            if !queued.isEmpty || stateChanged || !controller.wantsWork
                || now.uptimeNanoseconds - lastPublish.uptimeNanoseconds > 40_000_000 {
                let panels = stateChanged || !controller.wantsWork
                    || now.uptimeNanoseconds - lastPanels.uptimeNanoseconds > 500_000_000
                snapshot = controller.snapshot(withPanels: panels)
                lastPublish = now
                if panels { lastPanels = now }
            }
            let pace = controller.pace
            condition.lock()
            working = false
            if let snapshot { publish(snapshot) }
            condition.broadcast()
            while waiters > 0 && !stopping { condition.wait() }  // hand the controller to `betweenSteps`
            if pace > 0 && controller.wantsWork {
                condition.unlock()
                usleep(UInt32(pace) * 1000)
                condition.lock()
            }
        }
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// Publishes `snapshot` and the steps taken since the last publication (lock held).
    private func publish(_ snapshot: RunSnapshot) {
        var snapshot = snapshot
        let sameRun = snapshot.runID == latest.runID
        if !snapshot.hasPanels { snapshot.panels = sameRun ? latest.panels : [] }
        if !sameRun {  // a restart: the old run's steps are gone
            publishedStepCount = 0
            unsentSteps = []
        }
        let steps = controller.lossesSince(publishedStepCount)
        unsentSteps += steps
        publishedStepCount += steps.count
        latest = snapshot
        version += 1
    }
}
