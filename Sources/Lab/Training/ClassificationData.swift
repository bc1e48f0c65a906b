import TensorKit

/// Dense examples with integer labels and a train / held-out split: the shape of every
/// classification experiment's data.
public struct ClassificationData: Sendable {
    /// Row-major `[count, featureCount]`.
    public let features: [Float]
    public let featureCount: Int
    public let labels: [Int]
    public let classCount: Int
    public let trainIndices: [Int]
    public let heldOutIndices: [Int]
    /// What the held-out part is called in metrics ("validation" or "test").
    public let heldOutName: String

    public init(features: [Float], featureCount: Int, labels: [Int], classCount: Int,
                trainIndices: [Int], heldOutIndices: [Int], heldOutName: String) {
        precondition(features.count == labels.count * featureCount, "features and labels disagree")
        self.features = features
        self.featureCount = featureCount
        self.labels = labels
        self.classCount = classCount
        self.trainIndices = trainIndices
        self.heldOutIndices = heldOutIndices
        self.heldOutName = heldOutName
    }

    /// The rows `indices` as a `[indices.count, featureCount]` tensor.
    public func batch(_ indices: [Int]) -> Tensor {
        var values = [Float](repeating: 0, count: indices.count * featureCount)
        values.withUnsafeMutableBufferPointer { target in
            features.withUnsafeBufferPointer { source in
                for (row, index) in indices.enumerated() {
                    let from = index * featureCount, to = row * featureCount
                    for j in 0..<featureCount { target[to + j] = source[from + j] }
                }
            }
        }
        return Tensor(shape: [indices.count, featureCount], data: values)
    }

    public func labels(_ indices: [Int]) -> [Int] { indices.map { labels[$0] } }

    /// Accuracy and mean cross-entropy of `logits` on the held-out rows, in batches, without a graph.
    public func evaluate(batchSize: Int = 512, logits: (Tensor) -> Tensor) -> (accuracy: Double, loss: Double, predictions: [Int]) {
        withoutGradients {
            var correct = 0, lossSum = 0.0
            var predictions: [Int] = []
            for start in stride(from: 0, to: heldOutIndices.count, by: batchSize) {
                let rows = Array(heldOutIndices[start..<min(start + batchSize, heldOutIndices.count)])
                let output = logits(batch(rows))
                let truth = labels(rows)
                lossSum += Double(Loss.softmaxCrossEntropy(output, labels: truth).scalar) * Double(rows.count)
                let guesses = output.argmaxRows()
                predictions += guesses
                correct += zip(guesses, truth).filter { $0 == $1 }.count
            }
            let count = Double(max(heldOutIndices.count, 1))
            return (Double(correct) / count, lossSum / count, predictions)
        }
    }
}
