/// The record of one minibatch: every op that produced a tensor while the tape was recording,
/// in the order they ran, with the leaves they read, and — for each `backward()` run inside the
/// recording — the gradient that arrived at each op's output and the gradient it sent to each
/// input.
///
/// ```swift
/// let tape = Tape.record {
///     let loss = Loss.softmaxCrossEntropy(model(x), labels: labels)
///     loss.backward()
/// }
/// tape.operations.map(\.name)   // ["affine", "relu", "affine", "softmaxCrossEntropy"]
/// ```
///
/// A tape is a value: it holds copies and summaries, never the tensors, so it can be handed to
/// another thread (a screen) and costs nothing once dropped. Recording is scoped to the body and
/// to the thread (or task) that runs it. When no tape records anywhere, an op pays one load and
/// compare of a global counter; while one records on another thread, a task-local read.
public struct Tape: Sendable {
    /// The ops, in the order they ran; `operations[i].id == i`.
    public internal(set) var operations: [TapeOperation] = []
    /// The tensors the ops read that no recorded op made (data, constants, parameters), in the
    /// order they were first read; `leaves[i].id == i`.
    public internal(set) var leaves: [TapeLeaf] = []
    /// What the tape keeps.
    public let options: TapeOptions
    /// The first leaf or op, in recording order, whose values hold a NaN or an infinity: where a
    /// non-finite value entered or was made in the forward pass.
    public internal(set) var firstNonFiniteValue: TapeLocation?
    /// The first op, in the order backward visited them, whose arriving gradient or a gradient it
    /// sent to an input holds a NaN or an infinity.
    public internal(set) var firstNonFiniteGradient: TapeLocation?
    /// The first op, in the order backward visited them, with an exploding gradient (see
    /// ``TapeGradient``) arriving or leaving; a parameter whose accumulated gradient explodes
    /// when no op's did.
    public internal(set) var firstExplodingGradient: TapeLocation?
    /// How many `backward()` calls ran inside the recording.
    public internal(set) var backwardPasses = 0
    /// How many values the tape copied (at most ``TapeOptions/valueBudget``).
    public internal(set) var storedValueCount = 0
    /// Whether ops were left out after ``TapeOptions/operationLimit`` was reached.
    public internal(set) var isTruncated = false
    /// Finite-difference checks of the parameters' gradients (``TapeOptions/checksGradients``).
    public internal(set) var gradientChecks: [TapeGradientCheck] = []
    /// Whether the loss came out the same when computed again unchanged (nil: not checked).
    public internal(set) var lossIsRepeatable: Bool?

    init(options: TapeOptions) { self.options = options }

    /// Where a non-finite value first appeared: in the forward values if anywhere, else in the
    /// gradients.
    public var firstNonFinite: TapeLocation? { firstNonFiniteValue ?? firstNonFiniteGradient }

    /// The leaves that are trainable parameters.
    public var parameters: [TapeLeaf] { leaves.filter(\.isParameter) }

    /// The captured values of the leaf or op at `location`.
    public func values(at location: TapeLocation) -> TapeValues {
        switch location {
        case .leaf(let index): leaves[index].value
        case .operation(let index): operations[index].output
        }
    }
}

// MARK: - Recording

extension Tape {
    /// Runs `body` (one minibatch: forward, loss, `backward()`) and returns its tape.
    /// Ops run inside `body` on other threads are not recorded. A `record` inside another one
    /// records into the inner tape only.
    public static func record(options: TapeOptions = TapeOptions(), _ body: () throws -> Void) rethrows -> Tape {
        try recording(options: options, body).tape
    }

    /// Runs `body`, returning its result together with its tape.
    public static func recording<Result>(options: TapeOptions = TapeOptions(),
                                         _ body: () throws -> Result) rethrows -> (result: Result, tape: Tape) {
        let recorder = TapeRecorder(options: options)
        let result = try TapeRecorder.withActive(recorder, body)
        return (result, recorder.finish())
    }

    /// Runs `body` and returns its tape whether or not it throws: the step that fails is often
    /// the one to look at.
    public static func capturing<Value>(options: TapeOptions = TapeOptions(),
                                        _ body: () throws -> Value) -> (result: Swift.Result<Value, any Error>, tape: Tape) {
        let recorder = TapeRecorder(options: options)
        let result = TapeRecorder.withActive(recorder) { Swift.Result { try body() } }
        return (result, recorder.finish())
    }

    /// Whether a tape is recording on this thread (task).
    public static var isRecording: Bool { TapeRecorder.current != nil }

    /// Names the leaves of these parameters (tensors rarely carry their own names; the optimizer
    /// knows them). Does nothing when no tape records.
    public static func nameParameters(_ parameters: [(name: String, tensor: Tensor)]) {
        guard let recorder = TapeRecorder.current else { return }
        for (name, tensor) in parameters { recorder.name(tensor, name) }
    }

    /// Records a stage of code that computes without the engine's ops (a hand-written forward or
    /// backward pass): `values` of `shape`, and the `gradient` it computed for them, if any.
    /// Does nothing when no tape records; pass the values in a closure so that building them
    /// costs nothing then.
    public static func stage(_ name: String, note: String? = nil, shape: [Int], values: @autoclosure () -> [Float],
                             gradient: @autoclosure () -> [Float]? = nil) {
        guard let recorder = TapeRecorder.current else { return }
        recorder.recordStage(name, note: note, shape: shape, values: values(), gradient: gradient())
    }
}

// MARK: - Entries

/// A place on the tape: a leaf or an op, by index.
public enum TapeLocation: Hashable, Sendable {
    case leaf(Int)
    case operation(Int)
}

/// One op on the tape: what ran, what it produced, what it read, and the gradients it saw.
public struct TapeOperation: Hashable, Sendable, Identifiable {
    /// Its index in ``Tape/operations``.
    public let id: Int
    /// The op's name: the TensorKit function that made it ("matmul", "affine", "sum",
    /// "softmaxCrossEntropy"), or for element-wise ops the function applied ("relu", "add").
    public let name: String
    /// The output: shape, summary and (capped) values.
    public internal(set) var output: TapeValues
    /// The inputs, in the op's order.
    public internal(set) var inputs: [TapeInput]
    /// The gradient that arrived at the output during backward (nil if none reached it).
    public internal(set) var outputGradient: TapeGradient?
    /// Position in the order backward visited the recorded ops (0 = first, the loss).
    public internal(set) var backwardStep: Int?
    /// Whether this is a stage of hand-written code (``Tape/stage(_:shape:values:gradient:)``)
    /// rather than an op of the engine.
    public internal(set) var isStage = false
    /// What a stage computes, in a line (nil for ops).
    public internal(set) var note: String?

    /// The output's shape.
    public var shape: [Int] { output.shape }
    /// Whether the arriving gradient or any leaving gradient explodes.
    public var hasExplodingGradient: Bool {
        outputGradient?.isExploding == true || inputs.contains { $0.gradient?.isExploding == true }
    }
}

/// One input of an op.
public struct TapeInput: Hashable, Sendable {
    /// Which op made it, or which leaf it is.
    public let source: TapeLocation
    /// Whether it is a trainable leaf (a parameter).
    public let isParameter: Bool
    /// The gradient this op sent to the input during backward (nil if it needs none). When the
    /// same tensor is several inputs of one op (x * x), each shows their sum.
    public internal(set) var gradient: TapeGradient?
}

/// A tensor that ops read but no recorded op made: input data, a constant, or a parameter.
public struct TapeLeaf: Hashable, Sendable, Identifiable {
    /// Its index in ``Tape/leaves``.
    public let id: Int
    /// The tensor's `name`, or the name ``Tape/nameParameters(_:)`` gave it.
    public internal(set) var name: String?
    /// Whether it is trainable (gradients accumulate into it).
    public let isParameter: Bool
    /// Its values when first read.
    public let value: TapeValues
    /// For parameters: the tensor's accumulated `grad` after the last backward of the recording.
    public internal(set) var gradient: TapeGradient?

    /// The leaf's shape.
    public var shape: [Int] { value.shape }
}
