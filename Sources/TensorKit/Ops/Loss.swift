#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Losses, each the mean over the examples.
public enum Loss {
    /// Fused softmax + cross-entropy of `logits: [n, classes]` against integer labels:
    /// L = -1/n sum_r log softmax(z_r)[label_r]. Its gradient is the famous
    /// dL/dz_r = (softmax(z_r) - onehot(label_r)) / n, computed without forming the log-softmax graph.
    /// Optional per-example `weights` scale each term (and the mean divides by their sum).
    public static func softmaxCrossEntropy(_ logits: Tensor, labels: [Int], weights: [Float]? = nil) -> Tensor {
        precondition(logits.rank == 2 && logits.shape[0] == labels.count,
                     "softmaxCrossEntropy: logits \(logits.shape) and \(labels.count) labels")
        let (rows, classes) = (logits.shape[0], logits.shape[1])
        let probabilities = Tensor.rowSoftmax(logits.data, width: classes)
        let weights = weights ?? [Float](repeating: 1, count: rows)
        let normaliser = Swift.max(weights.reduce(0, +), 1e-12)
        var total: Float = 0
        for (row, label) in labels.enumerated() {
            precondition(label >= 0 && label < classes, "label \(label) outside 0..<\(classes)")
            total -= weights[row] * logf(Swift.max(probabilities[row * classes + label], 1e-30))
        }
        return .result(shape: [], data: [total / normaliser], parents: [logits]) { gradient in
            var local = probabilities
            local.withUnsafeMutableBufferPointer { buffer in
                let dz = buffer.baseAddress!
                BLAS.forEachChunk(of: rows, workers: BLAS.workerCount(rows: rows, width: classes)) { _, chunk in
                    for row in chunk {
                        dz[row * classes + labels[row]] -= 1
                        let scale = gradient[0] * weights[row] / normaliser
                        for j in 0..<classes { dz[row * classes + j] *= scale }
                    }
                }
            }
            logits.accumulateGrad(local)
        }
    }

    /// Mean squared error: L = 1/n sum (p - t)^2; dL/dp = 2 (p - t) / n.
    public static func meanSquaredError(_ predictions: Tensor, _ targets: Tensor) -> Tensor {
        precondition(predictions.shape == targets.shape, "MSE: shapes \(predictions.shape) and \(targets.shape)")
        return (predictions - targets).squared().mean()
    }

    /// Binary cross-entropy on logits, stable for any z:
    /// L = 1/n sum max(z, 0) - z t + log(1 + e^-|z|); dL/dz = (sigmoid(z) - t) / n.
    public static func binaryCrossEntropyWithLogits(_ logits: Tensor, targets: [Float]) -> Tensor {
        precondition(logits.count == targets.count, "BCE: \(logits.count) logits and \(targets.count) targets")
        let n = Float(Swift.max(targets.count, 1))
        var total: Float = 0
        for (z, t) in zip(logits.data, targets) { total += Swift.max(z, 0) - z * t + log1pf(expf(-Swift.abs(z))) }
        return .result(shape: [], data: [total / n], parents: [logits]) { gradient in
            let scale = gradient[0] / n
            logits.accumulateGrad(zip(logits.data, targets).map { z, t in scale * (Sigmoid.value(z) - t) })
        }
    }

    /// Binary cross-entropy on probabilities p in (0, 1) (for products of probabilities such as
    /// ESMM's pCTCVR): L = -1/n sum t log p + (1 - t) log(1 - p), with p clamped away from 0 and 1.
    public static func binaryCrossEntropy(_ probabilities: Tensor, targets: [Float]) -> Tensor {
        let p = probabilities.clamped(to: 1e-7...(1 - 1e-7))
        let t = Tensor(shape: p.shape, data: targets)
        let terms = t * p.log() + (1 - t) * (1 - p).log()
        return -terms.mean()
    }
}
