import Datasets
import Foundation
import Lab

/// Runs a `RunController` on its own thread. The screen sends commands and reads the latest
/// snapshot; the training thread never touches the screen (it only publishes snapshots).
public final class BackgroundRunner: @unchecked Sendable {
    private let condition = NSCondition()
    private var commands: [RunCommand] = []
    private var latest: RunSnapshot
    private var stopping = false
    private var version = 0
    private var thread: Thread?
    private let controller: RunController
    public let startedAt = Date()

    public init(controller: RunController) {
        self.controller = controller
        latest = controller.snapshot(withPanels: false)
        let thread = Thread { [unowned self] in self.loop() }
        thread.name = "training"
        thread.stackSize = 16 << 20
        self.thread = thread
        thread.start()
    }

    /// Queues a command; it is applied before the next step.
    public func send(_ command: RunCommand) {
        condition.lock()
        commands.append(command)
        condition.signal()
        condition.unlock()
    }

    /// The latest published snapshot and a counter that changes with every publication.
    public func snapshot() -> (RunSnapshot, version: Int) {
        condition.lock()
        defer { condition.unlock() }
        return (latest, version)
    }

    /// The record of the run so far, taken between two steps (waits for the current one).
    public func record() -> RunRecord {
        condition.lock()
        defer { condition.unlock() }
        while inStep { condition.wait() }
        return controller.record(startedAt: startedAt)
    }

    /// True while the training thread runs a step without holding the lock.
    private var inStep = false

    /// Stops the thread after the current step and waits for it.
    public func stop() {
        condition.lock()
        stopping = true
        condition.signal()
        condition.unlock()
        while !finished { usleep(1_000) }
    }

    private var finished = false

    private func loop() {
        var lastPublish = DispatchTime(uptimeNanoseconds: 0)
        var lastPanels = DispatchTime(uptimeNanoseconds: 0)
        condition.lock()
        while !stopping {
            for command in commands { controller.perform(command) }
            let hadCommands = !commands.isEmpty
            commands = []
            if !controller.wantsWork {
                publish(panels: true)
                lastPublish = .now()
                condition.wait()
                continue
            }
            // Work on this thread happens with the lock held only while reading commands and
            // publishing; the step itself runs unlocked so `send` never waits for training.
            inStep = true
            condition.unlock()
            let before = controller.snapshotState
            controller.advance()
            let pace = controller.pace
            condition.lock()
            inStep = false
            condition.broadcast()
            let now = DispatchTime.now()
            let stateChanged = controller.snapshotState != before
            if hadCommands || stateChanged || now.uptimeNanoseconds - lastPublish.uptimeNanoseconds > 40_000_000 {
                let panels = stateChanged || now.uptimeNanoseconds - lastPanels.uptimeNanoseconds > 500_000_000
                publish(panels: panels)
                lastPublish = now
                if panels { lastPanels = now }
            }
            if pace > 0 {
                condition.unlock()
                usleep(UInt32(pace) * 1000)
                condition.lock()
            }
        }
        finished = true
        condition.unlock()
    }

    private func publish(panels: Bool) {
        var snapshot = controller.snapshot(withPanels: panels)
        if !panels { snapshot.panels = latest.panels }
        latest = snapshot
        version += 1
    }
}

extension RunController {
    /// A cheap fingerprint of the state, to publish at once when it changes.
    var snapshotState: String { "\(state.label)" }
}
