/// The loss of one training step.
public struct StepPoint: Codable, Sendable, Equatable {
    public let step: Int
    /// The epoch the step belongs to, counted from 1 as in `EpochRecord.epoch`.
    public let epoch: Int
    public let loss: Float
    /// The step's named parts (`StepReport.components`: a multi-task step's task losses, weights
    /// and gradient cosine); nil when it has none (and in records written before they were kept).
    public let components: [String: Float]?

    public init(step: Int, epoch: Int, loss: Float, components: [String: Float]? = nil) {
        self.step = step
        self.epoch = epoch
        self.loss = loss
        self.components = components?.isEmpty == true ? nil : components
    }
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

    /// The history with at most `maxSteps` step points: consecutive steps averaged in equal buckets,
    /// each shown at its last step (a bucket with a non-finite loss keeps it, so a divergence stays
    /// visible). A fast model left running for hours takes millions of steps, whose records would
    /// fill hundreds of megabytes and take minutes to read back; charts draw a few hundred columns.
    public func compacted(maxSteps: Int = 20_000) -> RunHistory {
        guard maxSteps > 0, steps.count > maxSteps else { return self }
        let size = (steps.count + maxSteps - 1) / maxSteps
        var result = self
        result.steps = stride(from: 0, to: steps.count, by: size).map { start in
            let bucket = steps[start..<Swift.min(start + size, steps.count)]
            func mean(_ value: (StepPoint) -> Float) -> Float {
                Float(bucket.reduce(0.0) { $0 + Double(value($1)) } / Double(bucket.count))
            }
            // A component is averaged over the bucket where every step has it.
            func names(_ point: StepPoint) -> Set<String> { Set(point.components.map { Array($0.keys) } ?? []) }
            let shared = bucket.dropFirst().reduce(names(bucket.first!)) { $0.intersection(names($1)) }
            let components = Dictionary(uniqueKeysWithValues: shared.map { name in (name, mean { $0.components![name]! }) })
            return StepPoint(step: bucket.last!.step, epoch: bucket.last!.epoch, loss: mean(\.loss), components: components)
        }
        return result
    }

    /// The names of the steps' components, in the order they first appear (each step's sorted).
    public var componentNames: [String] {
        var names: [String] = []
        for step in steps { for name in (step.components ?? [:]).keys.sorted() where !names.contains(name) { names.append(name) } }
        return names
    }

    /// `step,epoch,loss` lines with a header, then a column for each component the steps report
    /// (a step without one leaves its cell empty).
    public var lossCSV: String {
        let names = componentNames
        let header = (["step", "epoch", "loss"] + names).map(Self.csvField).joined(separator: ",")
        let rows = steps.map { point in
            (["\(point.step)", "\(point.epoch)", "\(point.loss)"] + names.map { name in point.components?[name].map { "\($0)" } ?? "" })
                .joined(separator: ",")
        }
        return ([header] + rows).joined(separator: "\n") + "\n"
    }

    /// A CSV field, quoted where it holds a comma, quote or newline (RFC 4180).
    private static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// One row per epoch: `epoch,train loss,<each metric by name>,seconds`, with a header row.
    /// Metric columns follow the order in which metrics first appear; an epoch without one
    /// leaves its cell empty. Fields with a comma, quote or newline are quoted (RFC 4180).
    public var metricsCSV: String {
        var names: [String] = []
        for record in epochs { for metric in record.metrics where !names.contains(metric.name) { names.append(metric.name) } }
        let header = (["epoch", "train loss"] + names + ["seconds"]).map(Self.csvField).joined(separator: ",")
        let rows = epochs.map { record in
            ([String(record.epoch), "\(record.trainLoss)"] + names.map { name in record.metric(name).map { "\($0)" } ?? "" }
                + ["\(record.seconds)"]).joined(separator: ",")
        }
        return ([header] + rows).joined(separator: "\n") + "\n"
    }
}
