import Foundation

/// Softmax regression on fixed sentence features (the "classifier on top" of Socher et al.
/// 2011): features are standardised with the training mean and deviation, then
///
///     minimise  mean CE(softmax(x W + b), y) + lambda/2 |W|²
///
/// by full-batch gradient descent with momentum (each iteration two GEMMs).
public struct FeatureClassifier: Sendable {
    public let width: Int
    public let classCount: Int
    public private(set) var weight: [Float]     // [width, classes]
    public private(set) var bias: [Float]
    private var mean: [Float]
    private var deviation: [Float]

    /// Trains on `features` (`[count, width]`) with labels in 0..<classCount.
    public init(features: [Float], labels: [Int], width: Int, classCount: Int = 2, iterations: Int = 300,
                learningRate: Float = 0.5, l2: Float = 1e-3) {
        self.width = width
        self.classCount = classCount
        let count = labels.count
        mean = [Float](repeating: 0, count: width)
        deviation = [Float](repeating: 0, count: width)
        for i in 0..<count { for j in 0..<width { mean[j] += features[i * width + j] / Float(count) } }
        for i in 0..<count { for j in 0..<width { let v = features[i * width + j] - mean[j]; deviation[j] += v * v / Float(count) } }
        deviation = deviation.map { max($0.squareRoot(), 1e-6) }
        weight = [Float](repeating: 0, count: width * classCount)
        bias = [Float](repeating: 0, count: classCount)
        let x = standardised(features)
        var velocityW = weight, velocityB = bias
        for _ in 0..<iterations {
            var probabilities = logits(x, count: count)
            for i in 0..<count {
                softmaxRow(&probabilities, i)
                probabilities[i * classCount + labels[i]] -= 1
            }
            var gradientW = [Float](repeating: 0, count: width * classCount)
            // dW[width, classes] = xᵀ (P - Y) / count
            matrixProduct(x, probabilities, into: &gradientW, m: width, n: classCount, k: count, transposeA: true)
            var gradientB = [Float](repeating: 0, count: classCount)
            addColumnSums(probabilities, rows: count, width: classCount, to: &gradientB)
            for j in weight.indices {
                velocityW[j] = 0.9 * velocityW[j] - learningRate * (gradientW[j] / Float(count) + l2 * weight[j])
                weight[j] += velocityW[j]
            }
            for c in bias.indices {
                velocityB[c] = 0.9 * velocityB[c] - learningRate * gradientB[c] / Float(count)
                bias[c] += velocityB[c]
            }
        }
    }

    /// Predicted class of each row of `features`.
    public func predict(_ features: [Float]) -> [Int] {
        let count = features.count / width
        let scores = logits(standardised(features), count: count)
        return (0..<count).map { i in (0..<classCount).max { scores[i * classCount + $0] < scores[i * classCount + $1] }! }
    }

    /// Fraction of rows predicted correctly.
    public func accuracy(_ features: [Float], labels: [Int]) -> Double {
        let guesses = predict(features)
        return Double(zip(guesses, labels).filter { $0 == $1 }.count) / Double(max(labels.count, 1))
    }

    private func standardised(_ features: [Float]) -> [Float] {
        var x = features
        for i in 0..<(features.count / width) { for j in 0..<width { x[i * width + j] = (x[i * width + j] - mean[j]) / deviation[j] } }
        return x
    }

    private func logits(_ x: [Float], count: Int) -> [Float] {
        var scores = [Float](repeating: 0, count: count * classCount)
        matrixProduct(x, weight, into: &scores, m: count, n: classCount, k: width)
        for i in 0..<count { for c in 0..<classCount { scores[i * classCount + c] += bias[c] } }
        return scores
    }

    private func softmaxRow(_ values: inout [Float], _ row: Int) {
        let range = (row * classCount)..<((row + 1) * classCount)
        let largest = values[range].max()!
        var sum: Float = 0
        for i in range { values[i] = expf(values[i] - largest); sum += values[i] }
        for i in range { values[i] /= sum }
    }
}
