import TensorKit
@testable import RecursiveNets

/// The recursive autoencoder's loss written with the autodiff engine's ops, over the trees a
/// `Forest` chose: the yardstick for the hand-written backward pass.
struct AutodiffReference {
    let embedding: Tensor, encoderWeight: Tensor, encoderBias: Tensor
    let decoderWeight: Tensor, decoderBias: Tensor, classifierWeight: Tensor, classifierBias: Tensor

    init(_ weights: WeightSnapshot) {
        let d = weights.dimension, c = weights.classCount
        embedding = Tensor(shape: [weights.embedding.count / d, d], data: weights.embedding).trainable()
        encoderWeight = Tensor(shape: [d, 2 * d], data: weights.encoderWeight).trainable()
        encoderBias = Tensor(shape: [d], data: weights.encoderBias).trainable()
        decoderWeight = Tensor(shape: [2 * d, d], data: weights.decoderWeight).trainable()
        decoderBias = Tensor(shape: [2 * d], data: weights.decoderBias).trainable()
        classifierWeight = Tensor(shape: [c, d], data: weights.classifierWeight).trainable()
        classifierBias = Tensor(shape: [c], data: weights.classifierBias).trainable()
    }

    var all: [Tensor] { [embedding, encoderWeight, encoderBias, decoderWeight, decoderBias, classifierWeight, classifierBias] }

    /// p = tanh(W [c1; c2] + b) / |.|, its reconstruction and weighted error.
    static func compose(_ c1: Tensor, _ c2: Tensor, leftWords: Int, rightWords: Int, encoderWeight: Tensor, encoderBias: Tensor,
                        decoderWeight: Tensor, decoderBias: Tensor) -> (parent: Tensor, error: Tensor) {
        let d = c1.shape[1]
        let x = Tensor.concatenate([c1, c2], axis: 1)
        let h = (x.matmul(encoderWeight, transposeOther: true) + encoderBias).tanh()
        let p = h / h.squared().sum().sqrt()
        let r = p.matmul(decoderWeight, transposeOther: true) + decoderBias
        let total = Float(leftWords + rightWords)
        let leftError = (c1 - r.sliced(axis: 1, 0..<d)).squared().sum() * (Float(leftWords) / total)
        let rightError = (c2 - r.sliced(axis: 1, d..<(2 * d))).squared().sum() * (Float(rightWords) / total)
        return (p, leftError + rightError)
    }

    /// alpha * mean merge error + (1 - alpha) * mean node cross-entropy, over `forest`'s trees.
    func loss(_ forest: Forest, labels: [Int]?, alpha: Float) -> Tensor {
        var node: [Int: Tensor] = [:]
        var errors: [Tensor] = [], vectors: [Tensor] = [], nodeLabels: [Int] = []
        for s in forest.roots.indices {
            for row in forest.leaves[s] { node[row] = embedding.gatherRows([forest.words[row]]) }
            for row in forest.merges[s] {
                let (l, r) = (forest.left[row], forest.right[row])
                let (parent, error) = Self.compose(node[l]!, node[r]!, leftWords: forest.wordCounts[l], rightWords: forest.wordCounts[r],
                                                   encoderWeight: encoderWeight, encoderBias: encoderBias,
                                                   decoderWeight: decoderWeight, decoderBias: decoderBias)
                node[row] = parent
                errors.append(error)
            }
            for row in forest.nodes(ofSentence: s) { vectors.append(node[row]!); nodeLabels.append(labels?[s] ?? 0) }
        }
        let reconstruction = Tensor.stack(errors).mean()
        guard labels != nil else { return reconstruction }
        let logits = Tensor.concatenate(vectors, axis: 0).matmul(classifierWeight, transposeOther: true) + classifierBias
        return reconstruction * alpha + Loss.softmaxCrossEntropy(logits, labels: nodeLabels) * (1 - alpha)
    }
}
