#if canImport(Synchronization)
import Synchronization
#endif

/// Builds a ``Tape`` while one is recording: `Tensor.result` reports each op here, and
/// `Tensor.backward` hands its walk over to ``backward(order:)``.
///
/// Used only by the thread (task) that runs the recording, so it needs no lock. While recording
/// it keeps every tensor it has seen alive (their identities key the maps); ``finish()`` lets go of
/// them and returns the tape, which holds only values.
final class TapeRecorder: @unchecked Sendable {
    /// The recorder of the current task or thread, if any.
    @TaskLocal static var active: TapeRecorder?

    /// ``active``, read only while some recording runs somewhere: when none does, this is one
    /// load and compare of a global counter, the whole cost of the tape (a task-local read costs
    /// about a hundred instructions, a few per cent of a small op).
    @inline(__always) static var current: TapeRecorder? {
        #if canImport(Synchronization)
        if #available(macOS 15, iOS 18, tvOS 18, watchOS 11, visionOS 2, *) {
            guard TapeGate.recordings.load(ordering: .relaxed) > 0 else { return nil }
        }
        #endif
        return active
    }

    /// Runs `body` with `recorder` as ``active``.
    static func withActive<Result>(_ recorder: TapeRecorder, _ body: () throws -> Result) rethrows -> Result {
        #if canImport(Synchronization)
        if #available(macOS 15, iOS 18, tvOS 18, watchOS 11, visionOS 2, *) {
            TapeGate.recordings.add(1, ordering: .relaxed)
        }
        defer {
            if #available(macOS 15, iOS 18, tvOS 18, watchOS 11, visionOS 2, *) {
                TapeGate.recordings.subtract(1, ordering: .relaxed)
            }
        }
        #endif
        return try $active.withValue(recorder, operation: body)
    }

    private var tape: Tape
    private var budgetLeft: Int
    private var operationOfTensor: [ObjectIdentifier: Int] = [:]
    private var leafOfTensor: [ObjectIdentifier: Int] = [:]
    private var tensorOfLeaf: [Tensor] = []
    private var tensorOfOperation: [Tensor] = []
    private var backwardSteps = 0

    init(options: TapeOptions) {
        tape = Tape(options: options)
        budgetLeft = options.valueBudget
    }

    /// The finished tape; the recorder lets go of every tensor.
    func finish() -> Tape {
        operationOfTensor = [:]
        leafOfTensor = [:]
        tensorOfLeaf = []
        tensorOfOperation = []
        return tape
    }

    // MARK: - Forward

    /// Appends the op that made `output` from `parents`.
    func recordOperation(_ op: StaticString, function: Any.Type?, output: Tensor, parents: [Tensor]) {
        guard tape.operations.count < tape.options.operationLimit else {
            tape.isTruncated = true
            return
        }
        let inputs = parents.map { parent in
            TapeInput(source: location(of: parent), isParameter: Self.isParameter(parent), gradient: nil)
        }
        let id = tape.operations.count
        let values = capture(output.data, shape: output.shape)
        tape.operations.append(TapeOperation(id: id, name: TapeRecorder.name(of: op, function: function),
                                             output: values, inputs: inputs))
        operationOfTensor[ObjectIdentifier(output)] = id
        tensorOfOperation.append(output)
        if values.summary.hasNonFinite && tape.firstNonFiniteValue == nil {
            tape.firstNonFiniteValue = .operation(id)
        }
    }

    /// Appends a stage of hand-written code (no inputs): its values and, if given, the gradient
    /// it computed for them.
    func recordStage(_ name: String, note: String?, shape: [Int], values: [Float], gradient: [Float]?) {
        guard tape.operations.count < tape.options.operationLimit else {
            tape.isTruncated = true
            return
        }
        let id = tape.operations.count
        var stage = TapeOperation(id: id, name: name, output: capture(values, shape: shape), inputs: [])
        stage.isStage = true
        stage.note = note
        if let gradient {
            stage.outputGradient = judge(gradient, shape: shape, against: stage.output.summary)
            stage.backwardStep = backwardSteps
            backwardSteps += 1
            if stage.hasExplodingGradient && tape.firstExplodingGradient == nil { tape.firstExplodingGradient = .operation(id) }
            if gradient.contains(where: { !$0.isFinite }) && tape.firstNonFiniteGradient == nil {
                tape.firstNonFiniteGradient = .operation(id)
            }
        }
        if stage.output.summary.hasNonFinite && tape.firstNonFiniteValue == nil { tape.firstNonFiniteValue = .operation(id) }
        tape.operations.append(stage)
    }

    var options: TapeOptions { tape.options }

    /// The leaf of `tensor`, if the recording has read it.
    func leaf(of tensor: Tensor) -> Int? { leafOfTensor[ObjectIdentifier(tensor)] }

    func name(_ tensor: Tensor, _ name: String) {
        if let id = leaf(of: tensor), tape.leaves[id].name == nil { tape.leaves[id].name = name }
    }

    func addGradientCheck(_ check: TapeGradientCheck) { tape.gradientChecks.append(check) }

    func setLossIsRepeatable(_ repeatable: Bool) { tape.lossIsRepeatable = repeatable }

    /// The op that made `tensor`, or its leaf (added on first sight).
    private func location(of tensor: Tensor) -> TapeLocation {
        let key = ObjectIdentifier(tensor)
        if let id = operationOfTensor[key] { return .operation(id) }
        if let id = leafOfTensor[key] { return .leaf(id) }
        let id = tape.leaves.count
        let values = capture(tensor.data, shape: tensor.shape)
        tape.leaves.append(TapeLeaf(id: id, name: tensor.name, isParameter: Self.isParameter(tensor), value: values))
        leafOfTensor[key] = id
        tensorOfLeaf.append(tensor)
        if values.summary.hasNonFinite && tape.firstNonFiniteValue == nil {
            tape.firstNonFiniteValue = .leaf(id)
        }
        return .leaf(id)
    }

    private static func isParameter(_ tensor: Tensor) -> Bool { tensor.requiresGrad && !tensor.isGraphNode }

    // MARK: - Backward

    /// `Tensor.backward`'s walk with the tape watching: the same steps in the same order, so every
    /// gradient comes out bit for bit as without a tape. Before each recorded step it notes the
    /// inputs' gradients so far; the gradient sent to an input is the difference after the step
    /// (exactly the step's gradient when the input had none yet).
    func backward(order: [Tensor]) {
        tape.backwardPasses += 1
        for node in order.reversed() {
            guard let step = node.backwardFunction else { continue }
            if let gradient = node.grad {
                if let id = operationOfTensor[ObjectIdentifier(node)] {
                    let parents = node.parents
                    let before = parents.map(\.grad)
                    step(gradient)
                    recordGradients(of: id, arriving: gradient, parents: parents, before: before)
                } else {
                    step(gradient)
                }
            }
            node.releaseGraph()
        }
        for (id, tensor) in tensorOfLeaf.enumerated() where tape.leaves[id].isParameter {
            guard let gradient = tensor.grad else { continue }
            let judged = judge(gradient, shape: tensor.shape, against: tape.leaves[id].value.summary)
            tape.leaves[id].gradient = judged
            if judged.isExploding && tape.firstExplodingGradient == nil { tape.firstExplodingGradient = .leaf(id) }
            if judged.gradient.summary.hasNonFinite && tape.firstNonFiniteGradient == nil {
                tape.firstNonFiniteGradient = .leaf(id)
            }
        }
    }

    private func recordGradients(of id: Int, arriving: [Float], parents: [Tensor], before: [[Float]?]) {
        var operation = tape.operations[id]
        operation.backwardStep = backwardSteps
        backwardSteps += 1
        operation.outputGradient = judge(arriving, shape: operation.shape, against: operation.output.summary)
        for (index, parent) in parents.enumerated() where parent.requiresGrad {
            guard let after = parent.grad else { continue }
            let sent = before[index].map { old in zip(after, old).map { $0 - $1 } } ?? after
            let value = tape.values(at: operation.inputs[index].source).summary
            operation.inputs[index].gradient = judge(sent, shape: parent.shape, against: value)
        }
        let gradients = [operation.outputGradient] + operation.inputs.map(\.gradient)
        if tape.firstNonFiniteGradient == nil, gradients.contains(where: { $0?.gradient.summary.hasNonFinite == true }) {
            tape.firstNonFiniteGradient = .operation(id)
        }
        if tape.firstExplodingGradient == nil, operation.hasExplodingGradient {
            tape.firstExplodingGradient = .operation(id)
        }
        tape.operations[id] = operation
    }

    // MARK: - Capture

    private func judge(_ gradient: [Float], shape: [Int], against value: TapeSummary) -> TapeGradient {
        TapeGradient(gradient: capture(gradient, shape: shape), of: value, options: tape.options)
    }

    /// Summary, plus the values themselves while they fit the caps. The copy shares the array's
    /// storage (copy on write), so it costs nothing unless the tensor is later changed in place.
    private func capture(_ data: [Float], shape: [Int]) -> TapeValues {
        let summary = TapeSummary(of: data, bins: tape.options.histogramBins)
        var kept: [Float]?
        if data.count <= tape.options.valueCap && data.count <= budgetLeft {
            kept = data
            budgetLeft -= data.count
            tape.storedValueCount += data.count
        }
        return TapeValues(shape: shape, summary: summary, values: kept)
    }
}

#if canImport(Synchronization)
/// How many recordings run, in all threads. Relaxed ordering is enough: the thread that records
/// raises the count before it binds its recorder, so it always sees its own count; another
/// thread that sees a stale count only reads its own (empty) task-local.
@available(macOS 15, iOS 18, tvOS 18, watchOS 11, visionOS 2, *)
enum TapeGate {
    static let recordings = Atomic<Int>(0)
}
#endif
