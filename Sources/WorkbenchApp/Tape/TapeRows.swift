import TensorKit

/// The tape as the tape view lists it: the forward pass in order, then the backward pass in the
/// order it ran (from the loss back to the inputs), then the finite-difference checks.
struct TapeRows {
    enum Row: Equatable {
        /// Op `id` (or a stage of hand-written code) in the forward pass.
        case forward(Int)
        /// Op `id` in the backward pass: the gradient arriving and the gradients it sends.
        case backward(Int)
        /// Finite-difference check `index`.
        case check(Int)
    }

    let tape: Tape
    let rows: [Row]

    init(_ tape: Tape) {
        self.tape = tape
        let backward = tape.operations.filter { $0.backwardStep != nil }
            .sorted { $0.backwardStep! < $1.backwardStep! }
        // A stage that carries a gradient is a step of a hand-written backward pass: listed there only.
        let forward = tape.operations.filter { !($0.isStage && $0.outputGradient != nil) }
        rows = forward.map { .forward($0.id) } + backward.map { .backward($0.id) }
            + tape.gradientChecks.indices.map { .check($0) }
    }

    /// The row of the first problem: where a NaN or infinity appeared, else the first exploding
    /// gradient (nil when the step was healthy).
    var markedRow: Int? {
        func row(of location: TapeLocation?, backward: Bool) -> Int? {
            guard case .operation(let id)? = location else { return nil }
            return rows.firstIndex(of: backward ? .backward(id) : .forward(id))
        }
        if case .operation(let id)? = tape.firstNonFiniteValue { return rows.firstIndex(of: .forward(id)) }
        if case .leaf? = tape.firstNonFiniteValue, let first = rows.indices.first { return first }
        return row(of: tape.firstNonFiniteGradient, backward: true) ?? row(of: tape.firstExplodingGradient, backward: true)
    }

    /// A one-line mark for a row: "NaN", "inf", "explodes" or "" (a check: "ok" or "differs").
    func mark(_ row: Row) -> String {
        switch row {
        case .forward(let id):
            let summary = tape.operations[id].output.summary
            return summary.nanCount > 0 ? "NaN" : summary.infinityCount > 0 ? "inf" : ""
        case .backward(let id):
            let operation = tape.operations[id]
            let gradients = [operation.outputGradient] + operation.inputs.map(\.gradient)
            if gradients.contains(where: { $0?.gradient.summary.nanCount ?? 0 > 0 }) { return "NaN" }
            if gradients.contains(where: { $0?.gradient.summary.infinityCount ?? 0 > 0 }) { return "inf" }
            return operation.hasExplodingGradient ? "explodes" : ""
        case .check(let index):
            let check = tape.gradientChecks[index]
            return check.relativeError.isNaN ? "NaN" : check.agrees ? "ok" : "differs"
        }
    }

    /// The name a learner reads for an input: "x" for data, the parameter's name, or "op 3 relu".
    func describe(_ location: TapeLocation) -> String {
        switch location {
        case .leaf(let id):
            let leaf = tape.leaves[id]
            return leaf.isParameter ? "parameter \(leaf.name ?? "#\(id)")" : (leaf.name.map { "data \($0)" } ?? "data or constant")
        case .operation(let id):
            return "op \(id) \(tape.operations[id].name)"
        }
    }

    /// The tensors a row can open (enter), with their titles: for the forward pass the output,
    /// then the inputs; for the backward pass the gradient arriving, then those sent to inputs.
    func tensors(of row: Row) -> [(title: String, values: TapeValues)] {
        switch row {
        case .forward(let id):
            let operation = tape.operations[id]
            return [("output of op \(id) \(operation.name)", operation.output)]
                + operation.inputs.enumerated().map { index, input in
                    ("input \(index + 1): \(describe(input.source))", tape.values(at: input.source))
                }
        case .backward(let id):
            let operation = tape.operations[id]
            var result: [(String, TapeValues)] = []
            if let gradient = operation.outputGradient { result.append(("∂L/∂ output of op \(id) \(operation.name)", gradient.gradient)) }
            for (index, input) in operation.inputs.enumerated() {
                if let gradient = input.gradient { result.append(("∂L/∂ input \(index + 1): \(describe(input.source))", gradient.gradient)) }
            }
            return result
        case .check(let index):
            let check = tape.gradientChecks[index]
            guard let leaf = check.leaf else { return [] }
            var result: [(String, TapeValues)] = [("parameter \(check.parameter)", tape.leaves[leaf].value)]
            if let gradient = tape.leaves[leaf].gradient { result.append(("∂L/∂ \(check.parameter)", gradient.gradient)) }
            return result
        }
    }
}
