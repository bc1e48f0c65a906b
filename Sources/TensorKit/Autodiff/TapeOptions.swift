/// How much a tape keeps. The defaults keep at most 16 MiB of copied values.
public struct TapeOptions: Hashable, Sendable {
    /// Tensors with more values than this are summarised but not copied.
    public var valueCap: Int
    /// Total number of values the tape may copy (forward values first, then gradients, in the
    /// order they are recorded); later tensors are summarised only.
    public var valueBudget: Int
    /// Histogram bins per summary.
    public var histogramBins: Int
    /// See ``TapeGradient``.
    public var explodingRatio: Double
    /// See ``TapeGradient``.
    public var explodingFloor: Double
    /// Ops recorded at most; later ones are not recorded (``Tape/isTruncated``). A guard against
    /// a recording wrapped around more than one minibatch.
    public var operationLimit: Int
    /// Whether ``Tape/checkGradients(_:loss:recordedLoss:limit:)`` checks the recorded step's
    /// gradients by finite differences (it costs two more forward passes per parameter).
    public var checksGradients: Bool

    public init(valueCap: Int = 65_536, valueBudget: Int = 4_194_304, histogramBins: Int = 16,
                explodingRatio: Double = 10, explodingFloor: Double = 0.1, operationLimit: Int = 20_000,
                checksGradients: Bool = false) {
        self.operationLimit = operationLimit
        self.checksGradients = checksGradients
        self.valueCap = valueCap
        self.valueBudget = valueBudget
        self.histogramBins = histogramBins
        self.explodingRatio = explodingRatio
        self.explodingFloor = explodingFloor
    }
}
