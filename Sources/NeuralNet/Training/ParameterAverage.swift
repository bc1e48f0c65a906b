import TensorKit

/// An exponential moving average of a model's parameters, evaluated in place of the last ones
/// (Polyak & Juditsky 1992; the exponential form as in TensorFlow's ExponentialMovingAverage):
///
///     ā_t = β ā_{t-1} + (1 - β) w_t        after every optimizer step, ā_1 = w_1
///
/// The last weights jump with every minibatch; their average over the last ~1 / (1 - β) steps
/// sits nearer the bottom of the valley, so the accuracy measured with it is both higher and
/// steadier from epoch to epoch. Training itself never sees the average.
public final class ParameterAverage {
    /// β: 0 keeps no history (the average is the last weights).
    public var decay: Float
    public let parameters: [NamedParameter]
    private var averages: [[Float]]?

    public init(_ parameters: [NamedParameter], decay: Float) {
        precondition((0..<1).contains(decay), "the decay must lie in [0, 1)")
        self.parameters = parameters
        self.decay = decay
    }

    /// Blends the current weights in (call after each optimizer step).
    public func update() {
        guard var averages else {
            averages = parameters.map(\.tensor.data)
            return
        }
        self.averages = nil     // keep the arrays uniquely referenced while they are blended
        for (index, parameter) in parameters.enumerated() {
            Self.blend(&averages[index], parameter.tensor.data, decay: decay)
        }
        self.averages = averages
    }

    /// ā = β ā + (1 - β) w, element by element (also for weights kept outside tensors).
    public static func blend(_ average: inout [Float], _ weights: [Float], decay beta: Float) {
        precondition(average.count == weights.count, "an average and its weights differ in size")
        let alpha = 1 - beta
        average.withUnsafeMutableBufferPointer { average in
            weights.withUnsafeBufferPointer { weights in
                for i in 0..<average.count { average[i] = beta * average[i] + alpha * weights[i] }
            }
        }
    }

    /// The averaged values of parameter `index` (the current weights before the first update).
    public func average(of index: Int) -> [Float] { averages?[index] ?? parameters[index].tensor.data }

    /// Runs `body` with the averaged weights in the parameters, then puts the trained weights
    /// back (also when `body` throws).
    public func withAveragedWeights<T>(_ body: () throws -> T) rethrows -> T {
        guard let averages else { return try body() }
        let trained = parameters.map(\.tensor.data)
        for (parameter, average) in zip(parameters, averages) { parameter.tensor.data = average }
        defer { for (parameter, weights) in zip(parameters, trained) { parameter.tensor.data = weights } }
        return try body()
    }
}
