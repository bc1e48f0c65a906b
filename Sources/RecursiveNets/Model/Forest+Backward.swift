import Foundation

/// Gradients of the loss with respect to every weight, shaped like `WeightSnapshot`'s arrays.
public struct AutoencoderGradients: Sendable {
    public var embedding: [Float]
    public var encoderWeight: [Float]
    public var encoderBias: [Float]
    public var decoderWeight: [Float]
    public var decoderBias: [Float]
    public var classifierWeight: [Float]
    public var classifierBias: [Float]
}

/// The parts of the semi-supervised loss of one batch.
public struct LossBreakdown: Sendable, Equatable {
    /// Mean reconstruction error E over the merges of the batch.
    public var reconstruction: Float
    /// Mean cross-entropy of the sentiment softmax over all nodes (leaves and parents); 0 without labels.
    public var classification: Float
    /// alpha * reconstruction + (1 - alpha) * classification.
    public var total: Float
}

extension Forest {
    /// The loss of the built trees and its gradient, by hand-derived backpropagation through
    /// structure (Goller & Küchler 1996), batched over the sentences:
    ///
    ///     J = alpha * mean over merges of E  +  (1 - alpha) * mean over nodes of CE(softmax(Wc p + bc), label)
    ///
    /// Backward, for every merge with upstream gradient dp of its vector p = h / |h|:
    ///     dh = (dp - p (p·dp)) / |h|         da = dh ⊙ (1 - h²)
    ///     dW += da xᵀ    db += da    d[c1; c2] += Wᵀ da
    /// and for its reconstruction r = Wr p + br with target x = [c1; c2], weights w = n_i / n:
    ///     dr = -2 w ⊙ (x - r)    dWr += dr pᵀ    dbr += dr    dp += Wrᵀ dr    d[c1; c2] += 2 w ⊙ (x - r)
    /// Merges are visited parents first, one round (merge index) at a time across the batch, so
    /// each round is one GEMM. Without `labels` (or with a weight set without a sentiment
    /// layer) only the reconstruction term counts.
    public func lossAndGradients(weights: WeightSnapshot, labels: [Int]?, alpha: Float) -> (LossBreakdown, AutoencoderGradients) {
        let d = dimension, classes = weights.classCount
        let classify = labels != nil && classes > 0 && alpha < 1
        let reconstructionWeight: Float = classify ? alpha : 1
        var gradients = AutoencoderGradients(
            embedding: [Float](repeating: 0, count: weights.embedding.count),
            encoderWeight: [Float](repeating: 0, count: 2 * d * d), encoderBias: [Float](repeating: 0, count: d),
            decoderWeight: [Float](repeating: 0, count: 2 * d * d), decoderBias: [Float](repeating: 0, count: 2 * d),
            classifierWeight: [Float](repeating: 0, count: classes * d), classifierBias: [Float](repeating: 0, count: classes))
        var nodeGradients = [Float](repeating: 0, count: rowCount * d)
        var breakdown = LossBreakdown(reconstruction: 0, classification: 0, total: 0)
        let internalRows = merges.flatMap { $0 }

        if classify, let labels {
            var nodeRows: [Int] = [], nodeLabels: [Int] = []
            for s in roots.indices {
                let rows = nodes(ofSentence: s)
                nodeRows += rows
                nodeLabels += [Int](repeating: labels[s], count: rows.count)
            }
            breakdown.classification = classificationBackward(rows: nodeRows, labels: nodeLabels, scale: 1 - alpha,
                                                              weights: weights, gradients: &gradients, into: &nodeGradients)
        }
        if !internalRows.isEmpty {
            breakdown.reconstruction = reconstructionBackward(rows: internalRows, scale: reconstructionWeight,
                                                              weights: weights, gradients: &gradients, into: &nodeGradients)
            compositionBackward(weights: weights, gradients: &gradients, nodeGradients: &nodeGradients)
        }
        for row in 0..<leafCount {
            let word = words[row]
            for j in 0..<d { gradients.embedding[word * d + j] += nodeGradients[row * d + j] }
        }
        breakdown.total = reconstructionWeight * breakdown.reconstruction + (classify ? (1 - alpha) * breakdown.classification : 0)
        return (breakdown, gradients)
    }

    /// Softmax cross-entropy at the given rows; returns the mean cross-entropy.
    private func classificationBackward(rows: [Int], labels: [Int], scale: Float, weights: WeightSnapshot,
                                        gradients: inout AutoencoderGradients, into nodeGradients: inout [Float]) -> Float {
        let d = dimension, classes = weights.classCount, m = rows.count
        let gathered = gather(rows, from: vectors, width: d)
        var logits = [Float](repeating: 0, count: m * classes)
        matrixProduct(gathered, weights.classifierWeight, into: &logits, m: m, n: classes, k: d, transposeB: true)
        var total: Double = 0
        let step = scale / Float(m)
        for i in 0..<m {
            var largest = -Float.infinity
            for c in 0..<classes { logits[i * classes + c] += weights.classifierBias[c]; largest = max(largest, logits[i * classes + c]) }
            var sum: Float = 0
            for c in 0..<classes { let e = expf(logits[i * classes + c] - largest); logits[i * classes + c] = e; sum += e }
            for c in 0..<classes { logits[i * classes + c] /= sum }
            total -= Double(logf(max(logits[i * classes + labels[i]], 1e-30)))
            logits[i * classes + labels[i]] -= 1
            for c in 0..<classes { logits[i * classes + c] *= step }     // now dZ = (softmax - onehot) scale / m
        }
        matrixProduct(logits, gathered, into: &gradients.classifierWeight, m: classes, n: d, k: m, transposeA: true)
        addColumnSums(logits, rows: m, width: classes, to: &gradients.classifierBias)
        var vectorGradients = [Float](repeating: 0, count: m * d)
        matrixProduct(logits, weights.classifierWeight, into: &vectorGradients, m: m, n: d, k: classes)
        scatterAdd(vectorGradients, rows: rows, width: d, into: &nodeGradients)
        return Float(total / Double(m))
    }

    /// Weighted reconstruction error of the merges `rows`; returns its mean.
    private func reconstructionBackward(rows: [Int], scale: Float, weights: WeightSnapshot,
                                        gradients: inout AutoencoderGradients, into nodeGradients: inout [Float]) -> Float {
        let d = dimension, m = rows.count
        let step = scale / Float(m)
        var outputGradients = [Float](repeating: 0, count: m * 2 * d)
        var total: Double = 0
        for (k, row) in rows.enumerated() {
            total += Double(errors[row])
            let leftWeight = Float(wordCounts[left[row]]) / Float(wordCounts[row])
            for j in 0..<(2 * d) {
                let weight = j < d ? leftWeight : 1 - leftWeight
                let difference = inputs[row * 2 * d + j] - reconstructions[row * 2 * d + j]
                outputGradients[k * 2 * d + j] = -2 * weight * difference * step
            }
            // The targets are the children themselves: their gradient is the opposite of dr.
            for j in 0..<d {
                nodeGradients[left[row] * d + j] -= outputGradients[k * 2 * d + j]
                nodeGradients[right[row] * d + j] -= outputGradients[k * 2 * d + d + j]
            }
        }
        let parents = gather(rows, from: vectors, width: d)
        matrixProduct(outputGradients, parents, into: &gradients.decoderWeight, m: 2 * d, n: d, k: m, transposeA: true)
        addColumnSums(outputGradients, rows: m, width: 2 * d, to: &gradients.decoderBias)
        var vectorGradients = [Float](repeating: 0, count: m * d)
        matrixProduct(outputGradients, weights.decoderWeight, into: &vectorGradients, m: m, n: d, k: 2 * d)
        scatterAdd(vectorGradients, rows: rows, width: d, into: &nodeGradients)
        return Float(total / Double(m))
    }

    /// Back through p = tanh(W x + b) / |.| for every merge, parents before children.
    private func compositionBackward(weights: WeightSnapshot, gradients: inout AutoencoderGradients,
                                     nodeGradients: inout [Float]) {
        let d = dimension
        let rounds = merges.map(\.count).max() ?? 0
        var allPreactivation: [Float] = [], allInputs: [Float] = []
        for round in stride(from: rounds - 1, through: 0, by: -1) {
            let rows = merges.compactMap { $0.count > round ? $0[round] : nil }
            let m = rows.count
            var preactivation = [Float](repeating: 0, count: m * d)
            for (k, row) in rows.enumerated() {
                var dot: Float = 0
                for j in 0..<d { dot += vectors[row * d + j] * nodeGradients[row * d + j] }
                let inverseNorm = 1 / norms[row]
                for j in 0..<d {
                    let h = hidden[row * d + j]
                    let dh = (nodeGradients[row * d + j] - vectors[row * d + j] * dot) * inverseNorm
                    preactivation[k * d + j] = dh * (1 - h * h)
                }
            }
            var inputGradients = [Float](repeating: 0, count: m * 2 * d)
            matrixProduct(preactivation, weights.encoderWeight, into: &inputGradients, m: m, n: 2 * d, k: d)
            for (k, row) in rows.enumerated() {
                for j in 0..<d {
                    nodeGradients[left[row] * d + j] += inputGradients[k * 2 * d + j]
                    nodeGradients[right[row] * d + j] += inputGradients[k * 2 * d + d + j]
                }
            }
            allPreactivation += preactivation
            allInputs += gather(rows, from: inputs, width: 2 * d)
        }
        let total = allPreactivation.count / d
        matrixProduct(allPreactivation, allInputs, into: &gradients.encoderWeight, m: d, n: 2 * d, k: total, transposeA: true)
        addColumnSums(allPreactivation, rows: total, width: d, to: &gradients.encoderBias)
    }
}

/// The rows `rows` of a `[*, width]` matrix, stacked.
func gather(_ rows: [Int], from matrix: [Float], width: Int) -> [Float] {
    var result = [Float](repeating: 0, count: rows.count * width)
    for (k, row) in rows.enumerated() {
        for j in 0..<width { result[k * width + j] = matrix[row * width + j] }
    }
    return result
}

/// Adds row k of `values` to row `rows[k]` of `target`.
func scatterAdd(_ values: [Float], rows: [Int], width: Int, into target: inout [Float]) {
    for (k, row) in rows.enumerated() {
        for j in 0..<width { target[row * width + j] += values[k * width + j] }
    }
}
