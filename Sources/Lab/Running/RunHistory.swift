/// The loss of one training step.
public struct StepPoint: Codable, Sendable, Equatable {
    public let step: Int
    /// The epoch the step belongs to, counted from 1 as in `EpochRecord.epoch`.
    public let epoch: Int
    public let loss: Float
}

/// What one epoch measured.
public struct EpochRecord: Codable, Sendable, Equatable {
    public let epoch: Int
    /// Mean training loss over the epoch's steps.
    public let trainLoss: Double
    public let metrics: [Metric]
    public let seconds: Double

    public func metric(_ name: String) -> Double? { metrics.first { $0.name == name }?.value }
}

/// Everything a run has recorded so far.
public struct RunHistory: Codable, Sendable, Equatable {
    public var steps: [StepPoint] = []
    public var epochs: [EpochRecord] = []
    public init() {}

    /// The best value of each metric so far (max or min by its direction).
    public var bestMetrics: [Metric] {
        guard let names = epochs.last?.metrics else { return [] }
        return names.map { latest in
            let values = epochs.compactMap { $0.metric(latest.name) }
            let best = latest.higherIsBetter ? values.max()! : values.min()!
            return Metric(latest.name, best, higherIsBetter: latest.higherIsBetter)
        }
    }

    /// `step,epoch,loss` lines with a header.
    public var lossCSV: String {
        (["step,epoch,loss"] + steps.map { "\($0.step),\($0.epoch),\($0.loss)" }).joined(separator: "\n") + "\n"
    }
}
