import Lab
import TerminalUI
import TopicViews

extension RunnerScreen {
    /// The bottom panel's rows: 42 % of the column, or more for a topic view that needs it (a
    /// 10-class confusion matrix needs 13 rows: at 100x30 it would otherwise lose its last row), as
    /// long as the loss plot keeps 45 % of the column and at least 10 rows.
    func bottomPanelHeight(_ snapshot: RunSnapshot, column: Rect) -> Int {
        let total = column.height, usual = total - total * 58 / 100
        let tab = bottomTab % bottomPanelTitles.count
        guard tab >= 2, tab - 2 < snapshot.panels.count,
              let wanted = snapshot.panels[tab - 2].contentHeight(width: column.width - 2) else { return usual }
        return max(usual, min(wanted + 2, total - max(10, total * 45 / 100)))
    }

    func render(into buffer: inout ScreenBuffer, area: Rect, _ context: ScreenContext) {
        let snapshot = view.snapshot
        let state = snapshot.state
        let inner = context.renderChrome(into: &buffer, area: area, title: "\(snapshot.experimentID) — \(snapshot.title)",
                                         right: "● \(state.label)", status: statusParts(snapshot),
                                         hints: hints(state))
        let columns = Layout(.horizontal, [.fill(1), .fixed(min(44, max(30, inner.width / 3)))], spacing: 1).split(inner)
        let left = Layout(.vertical, [.fill(1), .fixed(bottomPanelHeight(snapshot, column: columns[0]))]).split(columns[0])
        renderLossPlot(snapshot, into: &buffer, area: left[0], context)
        renderBottomPanel(snapshot, into: &buffer, area: left[1], context)
        let metricRows = (snapshot.epochs.last?.metrics.count ?? 0) + 1
        let metricsHeight = min(max(4, metricRows + 2), max(4, columns[1].height / 2))
        let side = Layout(.vertical, [.fixed(metricsHeight), .fill(1)]).split(columns[1])
        renderMetrics(snapshot, into: &buffer, area: side[0], context)
        renderSettings(snapshot, into: &buffer, area: side[1], context)
        // Dialogs go over the bottom panel, so the plot and its legend stay visible.
        switch state {
        case .diverged(let message):
            context.renderDialog(into: &buffer, area: left[1], title: "The loss became NaN",
                                 lines: context.wrap(message, width: max(20, left[1].width - 6))
                                    + ["", "r: restart with the learning rate ÷ 10    esc: look around"])
        case .failed(let message):
            context.renderDialog(into: &buffer, area: inner, title: "The run stopped",
                                 lines: context.wrap(message, width: max(20, min(70, inner.width - 6))) + ["", "esc: back"])
        default: break
        }
        if let text = typedInput, let prompt = snapshot.inputPrompt {
            context.renderDialog(into: &buffer, area: inner, title: "Your input",
                                 lines: [prompt, "", "\(text)_", "", "enter: show    esc: cancel"])
        }
        if let text = editingValue {
            let (name, explanation, when) = selectedSetting.map { ($0.key, $0.domain.explanation,
                                                                  $0.isLiveEditable ? "applies at the next step" : "applies at the next restart") }
                ?? ("epochs", "a whole number from 1 to 100000", "the run stops by itself after this many epochs")
            context.renderDialog(into: &buffer, area: inner, title: "Set \(name)",
                                 lines: ["\(text)_", "", explanation, when, "enter: apply    esc: cancel"])
        }
    }

    /// The status line's parts, most important first (those that do not fit are left out).
    private func statusParts(_ s: RunSnapshot) -> [String] {
        let epoch = min(s.completedEpochs + 1, s.epochBudget)
        let eta = s.state == .running ? s.secondsRemaining.map(clock) ?? "—" : "—"
        var parts = ["epoch \(epoch)/\(s.epochBudget)" + (s.budgetExtensions > 0 ? " (extended)" : ""),
                     "step \(s.stepCount) (\(s.stepInEpoch)/\(s.stepsPerEpoch))"]
        if let change = s.changes.last {
            parts.append("\(change.key) \(change.from)→\(change.to) at step \(change.step)")
        }
        parts += ["\(Int(s.stepsPerSecond.rounded())) steps/s", "elapsed \(clock(s.trainingSeconds))", "ETA \(eta)",
                  "seed \(s.seed)", "pace \(s.paceMilliseconds) ms"]
        return parts
    }

    private func hints(_ state: RunState) -> [(String, String)] {
        if case .diverged = state {
            return [("r", "restart, rate ÷ 10"), ("tab", "focus"), ("enter", "edit setting"), ("s", "save"), ("c", "compare"),
                    ("esc", "back")]
        }
        let start = state == .running ? "pause" : state == .finished ? "go on" : "start"
        return [("space", start), ("n", "step"), ("e", "epoch"), ("r", "restart"), ("p", "panel"), ("b", "tape"), ("tab", "focus"),
                ("+/-", focus == .settings ? "value" : "pace"), ("s", "save"), ("c", "compare"), ("esc", "back")]
            + (view.snapshot.inputPrompt != nil ? [("/", "type")] : [])
    }
}
