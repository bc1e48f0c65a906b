import Foundation
import Lab
import TerminalUI

/// The runner: the loss plot, metrics, settings and a bottom panel (inspector, model, topic
/// views) of the open run, with the keys that drive it.
struct RunnerScreen: AppScreen {
    enum Focus: CaseIterable { case plot, metrics, settings, bottom }

    /// How the loss plot is drawn (keys l, m, z).
    struct PlotOptions: Equatable {
        var logScale = false
        var smoothing = true
        /// Show only the last N steps (nil: all).
        var zoom: Int?

        mutating func cycleZoom() {
            zoom = switch zoom { case nil: 1000; case 1000: 200; default: nil }
        }
    }

    /// Pace steps for the classroom: the delay after each training step.
    static let paceSteps = [0, 10, 50, 100, 250, 500, 1000]

    let view: RunView
    var focus: Focus = .plot
    /// The selected row of the settings panel: 0 is the epoch budget, then the settings.
    var settingRow = 0
    /// Text being typed for the selected setting (enter applies, esc cancels).
    var editingValue: String?
    /// Text being typed for an interactive experiment (key `/`).
    var typedInput: String?
    var plotOptions = PlotOptions()
    var bottomTab = 0
    /// Scroll offsets of the bottom panels, by title, and of the metrics panel.
    var panelScroll: [String: Int] = [:]
    var metricsScroll = 0

    init(view: RunView) { self.view = view }

    /// Whether keys are going into a text field (global keys such as q then type letters).
    var isTyping: Bool { editingValue != nil || typedInput != nil }

    var summary: RunSummary {
        let s = view.snapshot
        return RunSummary(experimentID: s.experimentID, title: s.title, state: s.state.label,
                          epoch: min(s.completedEpochs + 1, s.epochBudget), budget: s.epochBudget)
    }

    // MARK: - Keys

    mutating func handle(_ key: Key, _ context: inout ScreenContext) {
        if editingValue != nil { handleEditing(key, &context); return }
        if typedInput != nil { handleTypedInput(key); return }
        let snapshot = view.snapshot
        let runner = view.runner
        if case .diverged = snapshot.state, key == .character("r") {
            view.restart(.restartWithLowerLearningRate)
            return
        }
        switch key {
        case .escape: context.request(.back)
        case .character(" "):
            runner.send(snapshot.state == .running ? .pause : .resume)
            if snapshot.state == .finished { context.notice = "continuing past the epoch budget extends it" }
        case .character("n"), .right: runner.send(.stepOnce)
        case .character("e"): runner.send(.stepEpoch)
        case .character("r"): view.restart()
        case .character("s"): context.request(.saveRun)
        case .character("l"): plotOptions.logScale.toggle()
        case .character("m"): plotOptions.smoothing.toggle()
        case .character("z"): plotOptions.cycleZoom()
        case .character("p"): bottomTab += 1
        case .character("/"):
            if snapshot.inputPrompt != nil { typedInput = "" } else { context.notice = "this experiment takes no typed input" }
        case .character("c"): context.request(.compare)
        case .character("b"):
            switch snapshot.state {
            case .diverged, .failed: context.notice = "the run has stopped: restart it (r), then b records a minibatch"
            default: context.request(.openTape)
            }
        case .tab: focus = Focus.allCases[(Focus.allCases.firstIndex(of: focus)! + 1) % Focus.allCases.count]
        case .backTab: focus = Focus.allCases[(Focus.allCases.firstIndex(of: focus)! + Focus.allCases.count - 1) % Focus.allCases.count]
        case .up, .character("k"): move(by: -1, context)
        case .down, .character("j"): move(by: 1, context)
        case .pageUp: move(by: -10, context)
        case .pageDown: move(by: 10, context)
        case .enter:
            if focus == .settings { editingValue = settingRow == 0 ? String(snapshot.epochBudget) : selectedSetting?.value.description }
        case .character("+"), .character("="), .character("-"), .character("_"):
            nudge(up: key == .character("+") || key == .character("="), &context)
        default: break
        }
    }

    /// Up and down: the selected setting, or the scroll of the focused panel.
    private mutating func move(by rows: Int, _ context: ScreenContext) {
        switch focus {
        case .settings:
            settingRow = min(max(0, settingRow + rows), view.snapshot.hyperparameters.applicable.count)
        case .metrics:
            metricsScroll = max(0, min(view.scrollLimits["Metrics"] ?? 0, metricsScroll + rows))
        case .bottom:
            let title = bottomPanelTitles[bottomTab % bottomPanelTitles.count]
            panelScroll[title] = max(0, min(view.scrollLimits[title] ?? 0, (panelScroll[title] ?? 0) + rows))
        case .plot:
            break
        }
    }

    private mutating func nudge(up: Bool, _ context: inout ScreenContext) {
        let snapshot = view.snapshot
        guard focus == .settings else {
            let index = Self.paceSteps.lastIndex { $0 <= snapshot.paceMilliseconds } ?? 0
            view.runner.send(.pace(milliseconds: Self.paceSteps[max(0, min(Self.paceSteps.count - 1, index + (up ? 1 : -1)))]))
            return
        }
        guard let setting = selectedSetting else {
            view.runner.send(.epochBudget(max(1, snapshot.epochBudget + (up ? 1 : -1))))
            return
        }
        view.runner.send(.set(key: setting.key, value: setting.nudged(up: up)))
        context.notice = setting.isLiveEditable ? nil : "\(setting.key) applies at the next restart (r)"
    }

    /// The setting on the selected row (nil on the epoch-budget row). Only the settings that matter
    /// with the current values are listed (a replay hides the child-training ones).
    var selectedSetting: Hyperparameter? {
        let all = view.snapshot.hyperparameters.applicable
        return settingRow >= 1 && settingRow <= all.count ? all[settingRow - 1] : nil
    }

    /// Typing a new value for the selected setting: enter applies (validated), esc cancels.
    private mutating func handleEditing(_ key: Key, _ context: inout ScreenContext) {
        guard var text = editingValue else { return }
        switch key {
        case .escape: editingValue = nil
        case .backspace: text.removeLast(text.isEmpty ? 0 : 1); editingValue = text
        case .character(let character): editingValue = text + String(character)
        case .enter:
            guard let setting = selectedSetting else {
                guard let epochs = Int(text.trimmingCharacters(in: .whitespaces)), (1...100_000).contains(epochs) else {
                    context.notice = "the epoch budget is a whole number from 1 to 100000"
                    return
                }
                view.runner.send(.epochBudget(epochs))
                context.notice = "the run trains \(epochs) epochs"
                editingValue = nil
                return
            }
            do {
                let value = try setting.parse(text)
                view.runner.send(.set(key: setting.key, value: value))
                context.notice = setting.isLiveEditable ? "\(setting.key) = \(value) from the next step"
                                                        : "\(setting.key) = \(value) at the next restart (r)"
                editingValue = nil
            } catch {
                context.notice = "\(error)"
            }
        default: break
        }
    }

    /// Typing a text for an interactive experiment: enter shows its view, esc cancels.
    private mutating func handleTypedInput(_ key: Key) {
        guard let text = typedInput else { return }
        switch key {
        case .escape: typedInput = nil
        case .backspace: typedInput = String(text.dropLast())
        case .character(let character): typedInput = text + String(character)
        case .enter:
            view.runner.send(.input(text))
            typedInput = nil
            bottomTab = 2  // the typed text's view is the first panel after the inspector and the model
        default: break
        }
    }
}
