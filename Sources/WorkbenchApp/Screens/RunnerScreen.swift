import Foundation
import Lab
import TerminalUI

enum RunnerFocus: CaseIterable { case plot, settings, bottom }

/// Pace steps for the classroom: the delay after each training step.
let paceSteps = [0, 10, 50, 100, 250, 500, 1000]

extension WorkbenchApp {
    func handleRunner(_ key: Key) {
        guard let runner, let snapshot else { return }
        if case .diverged = snapshot.state, key == .character("r") {
            runner.send(.restartWithLowerLearningRate)
            return
        }
        switch key {
        case .escape: screen = .home
        case .character(" "):
            runner.send(snapshot.state == .running ? .pause : .resume)
        case .character("n"), .right: runner.send(.stepOnce)
        case .character("e"): runner.send(.stepEpoch)
        case .character("r"):
            finishedRuns.append(runner.record())
            runner.send(.restart)
        case .character("s"): saveRun()
        case .character("l"): plotOptions.logScale.toggle()
        case .character("m"): plotOptions.smoothing.toggle()
        case .character("z"): plotOptions.cycleZoom()
        case .character("p"): bottomTab += 1
        case .character("/"):
            if snapshot.inputPrompt != nil { typedInput = "" } else { notice = "this experiment takes no typed input" }
        case .character("c"): openCompare()
        case .tab: runnerFocus = RunnerFocus.allCases[(RunnerFocus.allCases.firstIndex(of: runnerFocus)! + 1) % 3]
        case .backTab: runnerFocus = RunnerFocus.allCases[(RunnerFocus.allCases.firstIndex(of: runnerFocus)! + 2) % 3]
        case .up, .character("k"):
            if runnerFocus == .settings { hyperparameterSelection = max(0, hyperparameterSelection - 1) }
        case .down, .character("j"):
            if runnerFocus == .settings {
                hyperparameterSelection = min(snapshot.hyperparameters.all.count - 1, hyperparameterSelection + 1)
            }
        case .enter:
            if runnerFocus == .settings, let setting = selectedSetting { editingValue = setting.value.description }
        case .character("+"), .character("="), .character("-"), .character("_"):
            let up = key == .character("+") || key == .character("=")
            if runnerFocus == .settings, let setting = selectedSetting {
                runner.send(.set(key: setting.key, value: setting.nudged(up: up)))
                notice = setting.isLiveEditable ? nil : "\(setting.key) applies at the next restart (r)"
            } else {
                let index = paceSteps.lastIndex { $0 <= snapshot.paceMilliseconds } ?? 0
                runner.send(.pace(milliseconds: paceSteps[max(0, min(paceSteps.count - 1, index + (up ? 1 : -1)))]))
            }
        default: break
        }
    }

    var selectedSetting: Hyperparameter? {
        guard let all = snapshot?.hyperparameters.all, all.indices.contains(hyperparameterSelection) else { return nil }
        return all[hyperparameterSelection]
    }

    /// Typing a new value for the selected setting: enter applies (validated), esc cancels.
    func handleEditing(_ key: Key) {
        guard var text = editingValue, let setting = selectedSetting else { editingValue = nil; return }
        switch key {
        case .escape: editingValue = nil
        case .backspace: text.removeLast(text.isEmpty ? 0 : 1); editingValue = text
        case .character(let character): editingValue = text + String(character)
        case .enter:
            do {
                let value = try setting.parse(text)
                runner?.send(.set(key: setting.key, value: value))
                notice = setting.isLiveEditable ? "\(setting.key) = \(value) from the next step"
                                                : "\(setting.key) = \(value) at the next restart (r)"
                editingValue = nil
            } catch {
                notice = "\(error)"
            }
        default: break
        }
    }

    /// Typing a text for an interactive experiment: enter shows its view, esc cancels.
    func handleTypedInput(_ key: Key) {
        guard let text = typedInput else { return }
        switch key {
        case .escape: typedInput = nil
        case .backspace: typedInput = String(text.dropLast())
        case .character(let character): typedInput = text + String(character)
        case .enter:
            runner?.send(.input(text))
            typedInput = nil
            bottomTab = 2  // the typed-input view is the first panel after inspector and model
        default: break
        }
    }

    func saveRun() {
        guard let runner else { return }
        let screenText = render(width: lastWidth, height: lastHeight).lines()
        do {
            let folder = try RunStore.save(runner.record(), screen: screenText, in: environment.runsFolder)
            notice = "saved to \(folder.path)"
        } catch {
            notice = "could not save: \(error)"
        }
    }

    func renderRunner(into buffer: inout ScreenBuffer, area: Rect) {
        guard let snapshot else { return }
        let state = snapshot.state
        let inner = renderChrome(into: &buffer, area: area, title: "\(snapshot.experimentID) — \(snapshot.title)",
                                 right: "● \(state.label)", status: runnerStatusLine(snapshot),
                                 hints: runnerHints(state))
        let columns = Layout(.horizontal, [.fill(1), .fixed(min(44, inner.width / 3))], spacing: 1).split(inner)
        let left = Layout(.vertical, [.percent(58), .fill(1)]).split(columns[0])
        renderLossPlot(snapshot, into: &buffer, area: left[0])
        renderBottomPanel(snapshot, into: &buffer, area: left[1])
        let side = Layout(.vertical, [.fixed(min(8, snapshot.epochs.last.map { $0.metrics.count + 4 } ?? 4)), .fill(1)]).split(columns[1])
        renderMetrics(snapshot, into: &buffer, area: side[0])
        renderSettings(snapshot, into: &buffer, area: side[1])
        switch state {
        case .diverged(let message):
            renderDialog(into: &buffer, area: inner, title: "The loss became NaN",
                         lines: wrap(message, width: 56) + ["", "r: restart with the learning rate ÷ 10    esc: look around"])
        case .failed(let message):
            renderDialog(into: &buffer, area: inner, title: "The run stopped", lines: wrap(message, width: 64) + ["", "esc: back"])
        default: break
        }
        if let text = typedInput, let prompt = snapshot.inputPrompt {
            renderDialog(into: &buffer, area: inner, title: "Your input",
                         lines: [prompt, "", "\(text)_", "", "enter: show    esc: cancel"])
        }
        if let text = editingValue, let setting = selectedSetting {
            renderDialog(into: &buffer, area: inner, title: "Set \(setting.key)",
                         lines: ["\(text)_", "", setting.domain.explanation, setting.isLiveEditable ? "applies at the next step" : "applies at the next restart",
                                 "enter: apply    esc: cancel"])
        }
    }

    private func runnerStatusLine(_ s: RunSnapshot) -> StyledLine {
        let epoch = min(s.completedEpochs + 1, s.epochBudget)
        let eta = s.state == .running ? s.secondsRemaining.map(clock) ?? "—" : "—"
        let text = " epoch \(epoch)/\(s.epochBudget)  step \(s.stepCount) (\(s.stepInEpoch)/\(s.stepsPerEpoch))  "
            + String(format: "%.0f steps/s", s.stepsPerSecond) + "  elapsed \(clock(s.trainingSeconds))  ETA \(eta)"
            + "  seed \(s.seed)  pace \(s.paceMilliseconds) ms  theme \(appearance.themeName)"
        return StyledLine(text, style: theme.muted)
    }

    private func runnerHints(_ state: RunState) -> [(String, String)] {
        [("space", state == .running ? "pause" : "start"), ("n", "step"), ("e", "epoch"), ("r", "restart"),
         ("tab", "focus"), ("+/-", runnerFocus == .settings ? "value" : "pace"), ("s", "save"), ("c", "compare"), ("esc", "home")]
            + (snapshot?.inputPrompt != nil ? [("/", "type")] : [])
    }

    func clock(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        return String(format: "%d:%02d", total / 60, total % 60)
    }

    func wrap(_ text: String, width: Int) -> [String] {
        WordWrap.wrap(StyledLine(text), width: width).map(\.text)
    }
}
