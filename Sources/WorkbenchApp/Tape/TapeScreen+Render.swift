import Lab
import TensorKit
import TerminalUI

extension TapeScreen {
    func render(into buffer: inout ScreenBuffer, area: Rect, _ context: ScreenContext) {
        let snapshot = view.snapshot
        let title = "Tape of " + (recorded.map { "step \($0.step)" } ?? "the next step") + " — \(snapshot.experimentID)"
        let inner = context.renderChrome(into: &buffer, area: area, title: title, right: "● \(snapshot.state.label)",
                                         status: statusParts(context), hints: hints)
        guard let recorded, let rows else {
            let message: [String] = switch snapshot.state {
            case _ where runRestarted: ["The run was restarted.", "n records its next minibatch"]
            case .diverged, .failed: ["The run stopped before a tape was recorded.", "esc: back to the runner"]
            default: ["Recording the next minibatch…", "(the run pauses after it)"]
            }
            centre(message, in: inner, into: &buffer, context)
            return
        }
        if rows.rows.isEmpty {
            centre(["This step ran no op of the engine's autodiff,", "so there is nothing to show.",
                    "(Experiments that search or replay architectures", "train their children elsewhere.)"],
                   in: inner, into: &buffer, context)
            return
        }
        let selected = min(selection, rows.rows.count - 1)
        let listWidth = max(42, min(48, inner.width * 9 / 20))
        let columns = Layout(.horizontal, [.fixed(listWidth), .fill(1)], spacing: 1).split(inner)
        renderList(rows, selected: selected, into: &buffer, area: columns[0], context)
        renderDetail(rows, row: rows.rows[selected], failure: recorded.failure, into: &buffer, area: columns[1], context)
        if let openTensor {
            let tensors = rows.tensors(of: rows.rows[selected])
            if !tensors.isEmpty {
                let index = min(openTensor, tensors.count - 1)
                TensorView(title: tensors[index].title, values: tensors[index].values, position: "\(index + 1)/\(tensors.count)",
                           image: imageIndex, channel: channelIndex, rowsAsImages: rowsAsImages)
                    .render(into: &buffer, area: inner, context)
            }
        }
    }

    private var hints: [(String, String)] {
        if openTensor != nil {
            return [("tab", "next tensor"), ("←→", "image"), ("↑↓", "channel"), ("i", "rows as images"), ("esc", "close")]
        }
        return [("↑↓", "op"), ("enter", "open"), ("m", "problem"), ("n", "next step"), ("esc", "back")]
    }

    private func statusParts(_ context: ScreenContext) -> [String] {
        guard let recorded else { return ["b or n on a paused run records its next minibatch"] }
        let tape = recorded.tape
        var parts = ["\(tape.operations.count) ops forward", "\(tape.operations.filter { $0.backwardStep != nil }.count) backward",
                     "\(tape.parameters.count) parameters"]
        if !tape.gradientChecks.isEmpty {
            parts.append("finite differences: \(tape.gradientChecks.filter(\.agrees).count)/\(tape.gradientChecks.count) agree")
        }
        if let location = tape.firstNonFinite { parts.insert("non-finite first at \(TapeRows(tape).describe(location))", at: 0) }
        if tape.isTruncated { parts.append("truncated at \(tape.options.operationLimit) ops") }
        return parts
    }

    private func centre(_ lines: [String], in area: Rect, into buffer: inout ScreenBuffer, _ context: ScreenContext) {
        for (index, line) in lines.enumerated() {
            let x = area.x + max(0, (area.width - DisplayWidth.of(line)) / 2)
            buffer.set(string: line, at: (x, area.y + max(0, area.height / 2 - lines.count / 2) + index),
                       style: index == 0 ? context.theme.text : context.theme.muted, clippedTo: area)
        }
    }

    private func renderList(_ rows: TapeRows, selected: Int, into buffer: inout ScreenBuffer, area: Rect, _ context: ScreenContext) {
        let block = Block(title: "Forward, then backward", isFocused: openTensor == nil, theme: context.theme, glyphs: context.glyphs)
        block.render(in: area, into: &buffer)
        let inner = block.inner(area)
        let arrow = context.glyphs.isUnicode ? (forward: "→", backward: "←", check: "≈") : (forward: ">", backward: "<", check: "=")
        let tableRows: [[String]] = rows.rows.map { row in
            switch row {
            case .forward(let id):
                let operation = rows.tape.operations[id]
                return [arrow.forward, "\(id)", operation.name, shapeText(operation.shape), rows.mark(row)]
            case .backward(let id):
                let operation = rows.tape.operations[id]
                return [arrow.backward, "\(id)", operation.name, operation.outputGradient.map { "|g| " + normText($0.gradient.summary) } ?? "",
                        rows.mark(row)]
            case .check(let index):
                let check = rows.tape.gradientChecks[index]
                return [arrow.check, "", check.parameter, "err " + format(check.relativeError), rows.mark(row)]
            }
        }
        let visible = max(1, inner.height - 1)
        let offset = Table.scrollOffset(forSelection: selected, currentOffset: max(0, selected - visible / 2), visibleRows: visible)
        Table(columns: [Table.Column("", width: .fixed(1)), Table.Column("#", width: .fixed(4), alignment: .right),
                        Table.Column("op", truncation: .middle), Table.Column("shape/|g|", width: .fixed(11)),
                        Table.Column("mark", width: .fixed(8))],
              rows: tableRows, selectedRow: selected, scrollOffset: offset, theme: context.theme, glyphs: context.glyphs)
            .render(in: inner, into: &buffer)
    }

    private func renderDetail(_ rows: TapeRows, row: TapeRows.Row, failure: String?, into buffer: inout ScreenBuffer,
                              area: Rect, _ context: ScreenContext) {
        let tape = rows.tape
        var lines: [(String, Style)] = []
        let text = context.theme.text, muted = context.theme.muted, warning = context.theme.warning
        var histogram: [Int] = []
        func summary(_ values: TapeValues, _ label: String) {
            let s = values.summary
            lines.append(("\(label) \(shapeText(values.shape))", text))
            lines.append(("  mean \(format(s.mean))  std \(format(s.standardDeviation))", text))
            lines.append(("  min \(format(Double(s.minimum)))  max \(format(Double(s.maximum)))  norm \(format(s.norm))", text))
            if s.hasNonFinite { lines.append(("  \(s.nanCount) NaN, \(s.infinityCount) infinite of \(s.count)", warning)) }
            histogram = s.histogram
        }
        let title: String
        switch row {
        case .forward(let id):
            let operation = tape.operations[id]
            title = "op \(id): \(operation.name)"
            if operation.isStage { lines.append((operation.note ?? "a stage of hand-written code", muted)) }
            for (index, input) in operation.inputs.enumerated() {
                lines.append(("in \(index + 1): \(rows.describe(input.source)) \(shapeText(tape.values(at: input.source).shape))",
                              input.isParameter ? context.theme.accent : text))
            }
            summary(operation.output, "out")
        case .backward(let id):
            let operation = tape.operations[id]
            title = "op \(id): \(operation.name), backward"
            if operation.isStage { lines.append((operation.note ?? "a stage of hand-written code", muted)) }
            for rule in ChainRule.note(for: operation.name) ?? [] { lines.append((rule, context.theme.accent)) }
            if let gradient = operation.outputGradient {
                summary(gradient.gradient, "∂L/∂out")
                lines.append(("  rms ratio to the values \(format(gradient.ratio))", gradient.isExploding ? warning : muted))
            }
            for (index, input) in operation.inputs.enumerated() {
                guard let gradient = input.gradient else { continue }
                let name = rows.describe(input.source)
                lines.append(("to \(index + 1) \(name): |g| \(normText(gradient.gradient.summary))"
                              + (gradient.isExploding ? " explodes" : ""), gradient.isExploding ? warning : text))
            }
        case .check(let index):
            let check = tape.gradientChecks[index]
            title = "finite-difference check: \(check.parameter)"
            lines += [("element \(check.index), ε = \(format(check.epsilon))", muted),
                      ("backprop   ∂L/∂θ = \(format(check.analytic))", text),
                      ("(L(θ+ε) - L(θ-ε)) / 2ε = \(format(check.numeric))", text),
                      ("relative error \(format(check.relativeError)): " + (check.agrees ? "they agree" : "they differ"),
                       check.agrees ? context.theme.good : warning)]
            if tape.lossIsRepeatable == false {
                lines.append(("the loss is random (dropout or sampling):", warning))
                lines.append(("the difference means little here", warning))
            }
        }
        if let failure { lines.append(("the step failed: \(failure)", warning)) }
        let block = Block(title: title, theme: context.theme, glyphs: context.glyphs)
        block.render(in: area, into: &buffer)
        let inner = block.inner(area)
        var y = inner.y
        for (line, style) in lines {
            for wrapped in context.wrap(line, width: max(1, inner.width)) where y < inner.bottom {
                buffer.set(string: wrapped, at: (inner.x, y), style: style, clippedTo: inner)
                y += 1
            }
        }
        if !histogram.isEmpty, y + 4 <= inner.bottom {
            let chart = Rect(x: inner.x, y: y + 1, width: min(inner.width, histogram.count * 2), height: 2)
            let doubled = histogram.flatMap { [Double($0), Double($0)] }
            Sparkline(values: doubled, bounds: 0...Double(max(1, histogram.max() ?? 1)), style: context.theme.accent, glyphs: context.glyphs)
                .render(in: chart, into: &buffer)
            buffer.set(string: "histogram, min to max", at: (inner.x, y + 3), style: muted, clippedTo: inner)
        }
    }
}

/// The norm of the finite values, or "NaN" / "inf" when there are others.
func normText(_ summary: TapeSummary) -> String {
    summary.nanCount > 0 ? "NaN" : summary.infinityCount > 0 ? "inf" : format(summary.norm)
}

/// "[32, 64]".
func shapeText(_ shape: [Int]) -> String { "[" + shape.map(String.init).joined(separator: ",") + "]" }

/// The chain rule at the ops a lesson walks through, as the tape view states it (G is the
/// gradient arriving at the output).
enum ChainRule {
    /// The op's formula, then the gradient of each input.
    static func note(for name: String) -> [String]? {
        switch name {
        case "matmul": ["y = A B", "∂A = G Bᵀ", "∂B = Aᵀ G"]
        case "affine": ["y = x W + b", "∂x = G Wᵀ", "∂W = xᵀ G", "∂b = Σ_rows G"]
        case "relu": ["y = max(0, x)", "∂x = G where x > 0, else 0"]
        case "sigmoid": ["y = σ(x)", "∂x = G y (1 - y)"]
        case "tanh": ["y = tanh x", "∂x = G (1 - y²)"]
        case "softmaxCrossEntropy": ["L = mean over rows of -log softmax(z)_y", "∂z = (softmax(z) - onehot(y)) / N"]
        case "add": ["y = a + b", "G goes to both (summed over broadcast axes)"]
        case "multiply": ["y = a b", "∂a = G b", "∂b = G a"]
        case "sum": ["y = Σ x", "every x gets G"]
        case "log": ["y = log x", "∂x = G / x"]
        case "exp": ["y = exp x", "∂x = G y"]
        default: nil
        }
    }
}
