import Foundation

/// Softmax regression on fixed sentence features (the "classifier on top" of Socher et al.
/// 2011): features are standardised with the training mean and deviation, then
///
///     minimise  mean CE(softmax(x W + b), y) + lambda/2 |W|²
///
/// by full-batch Nesterov accelerated gradient (each iteration two GEMMs). The step is 1 / L,
/// where L = lambda_max(XᵀX / n) / 2 + lambda bounds the loss's curvature (the softmax
/// cross-entropy's Hessian in the logits is at most 1/2 in every direction), so the descent
/// cannot diverge however correlated the features are; lambda_max comes from power iteration.
public struct FeatureClassifier: Sendable {
    public let width: Int
    public let classCount: Int
    public private(set) var weight: [Float]     // [width, classes]
    public private(set) var bias: [Float]
    private var mean: [Float]
    private var deviation: [Float]

    /// Trains on `features` (`[count, width]`) with labels in 0..<classCount.
    public init(features: [Float], labels: [Int], width: Int, classCount: Int = 2, iterations: Int = 300,
                l2: Float = 1e-3) {
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
        let step = 1 / (Self.largestEigenvalue(ofGramOf: x, rows: count, width: width) / 2 + l2)
        var previousW = weight, previousB = bias
        for iteration in 0..<iterations {
            // Nesterov: evaluate the gradient at the look-ahead point y = w + mu (w - w_prev).
            let mu = Float(iteration) / Float(iteration + 3)
            let aheadW = zip(weight, previousW).map { $0 + mu * ($0 - $1) }
            let aheadB = zip(bias, previousB).map { $0 + mu * ($0 - $1) }
            var probabilities = logits(x, count: count, weight: aheadW, bias: aheadB)
            for i in 0..<count {
                softmaxRow(&probabilities, i)
                probabilities[i * classCount + labels[i]] -= 1
            }
            var gradientW = [Float](repeating: 0, count: width * classCount)
            // dW[width, classes] = xᵀ (P - Y) / count
            matrixProduct(x, probabilities, into: &gradientW, m: width, n: classCount, k: count, transposeA: true)
            var gradientB = [Float](repeating: 0, count: classCount)
            addColumnSums(probabilities, rows: count, width: classCount, to: &gradientB)
            previousW = weight
            previousB = bias
            for j in weight.indices { weight[j] = aheadW[j] - step * (gradientW[j] / Float(count) + l2 * aheadW[j]) }
            for c in bias.indices { bias[c] = aheadB[c] - step * gradientB[c] / Float(count) }
        }
    }

    /// The largest eigenvalue of XᵀX / n by power iteration (X: `[rows, width]`), with a 10 %
    /// margin for the iteration's underestimate.
    static func largestEigenvalue(ofGramOf x: [Float], rows: Int, width: Int, iterations: Int = 30) -> Float {
        guard rows > 0, width > 0 else { return 1 }
        var vector = [Float](repeating: 1 / Float(width).squareRoot(), count: width)
        var projected = [Float](repeating: 0, count: rows)
        var eigenvalue: Float = 0
        for _ in 0..<iterations {
            matrixProduct(x, vector, into: &projected, m: rows, n: 1, k: width)
            var next = [Float](repeating: 0, count: width)
            matrixProduct(x, projected, into: &next, m: width, n: 1, k: rows, transposeA: true)
            let norm = next.reduce(0) { $0 + $1 * $1 }.squareRoot()
            guard norm > 0 else { return 1 }
            eigenvalue = norm / Float(rows)
            vector = next.map { $0 / norm }
        }
        return 1.1 * max(eigenvalue, 1e-6)
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

    private func logits(_ x: [Float], count: Int) -> [Float] { logits(x, count: count, weight: weight, bias: bias) }

    private func logits(_ x: [Float], count: Int, weight: [Float], bias: [Float]) -> [Float] {
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
