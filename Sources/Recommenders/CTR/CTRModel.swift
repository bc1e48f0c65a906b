import NeuralNet
import TensorKit

/// The five click-through models of the topic, sharing one input layer.
///
/// Inputs: x has one active feature per single-valued field (x = 1) and the item's genres in the
/// multi-hot field, each with x = 1/|G| so that the field sums to 1, as Rendle (2010) normalises
/// multi-valued variables. With w the first-order weights and v_f the k-dimensional vector of
/// field f (the genres field: Σ_g x_g v_g, the mean of its genres' embeddings, as DeepCTR pools
/// multi-valued fields):
///
/// - LR: z = w0 + Σ_i w_i x_i
/// - FM (Rendle 2010): z = LR + Σ_{f<g} <v_f, v_g> = LR + 1/2 Σ_k ((Σ_f v_fk)² - Σ_f v_fk²)
/// - Wide & Deep (Cheng et al. 2016): z = LR (wide) + MLP(concat v_f) (deep)
/// - DeepFM (Guo et al. 2017): z = FM + MLP(concat v_f), the same embeddings feeding both parts
/// - NFM (He & Chua 2017): z = LR + MLP(f_BI), f_BI = 1/2 ((Σ_f v_f)² - Σ_f v_f²) ∈ R^k
///   (bi-interaction pooling: the FM's pairwise term before it is summed over k)
///
/// p(click) = sigmoid(z), trained on binary cross-entropy. Pooling the genres into one field
/// vector makes the FM's pairwise term Rendle's Σ_{i<j} <v_i, v_j> x_i x_j without the pairs
/// of two genres of the same movie.
final class CTRModel: ParameterContainer {
    enum Kind: String, CaseIterable, Sendable {
        case lr, fm, wideDeep = "wide-deep", deepFM = "deepfm", nfm
    }

    let kind: Kind
    let firstOrder: Tensor, bias: Tensor
    let embeddings: Tensor?
    let deep: MLP?
    let dropout: Float

    init(kind: Kind, features: Int, dimension: Int, hidden: [Int], dropout: Float, using generator: inout SeededGenerator) {
        self.kind = kind
        self.dropout = dropout
        firstOrder = Tensor.zeros([features, 1]).trainable()
        bias = Tensor.zeros([1]).trainable()
        embeddings = kind == .lr ? nil
            : Tensor.randomNormal([features, dimension], standardDeviation: 0.01, using: &generator).trainable()
        switch kind {
        case .lr, .fm: deep = nil
        case .wideDeep, .deepFM:
            deep = MLP(sizes: [CTRData.fieldCount * dimension] + hidden + [1], dropout: dropout, using: &generator)
        case .nfm:
            deep = MLP(sizes: [dimension] + hidden + [1], dropout: dropout, using: &generator)
        }
    }

    /// Logits `[rows.count]` for examples `rows` of `data`.
    func logits(_ data: CTRData, _ rows: [Int], training: Bool, using generator: inout SeededGenerator) -> Tensor {
        logits(singles: data.singleIndices(rows), bags: data.genreBags(rows), training: training, using: &generator)
    }

    /// Logits `[bags.count]` for examples given by their single-field feature indices (`[n · 6]`)
    /// and genre bags.
    func logits(singles: [Int], bags: [[Int]], training: Bool, using generator: inout SeededGenerator) -> Tensor {
        let n = bags.count, fields = CTRData.fieldCount
        // Σ_i w_i x_i: the six single fields (x = 1) plus the genres (x = 1/|G| each).
        let linear = firstOrder.gatherRows(singles).reshaped([n, CTRData.singleFieldCount]).sum(axis: 1)
            + firstOrder.embeddingBag(bags, mean: true).reshaped([n]) + bias
        guard let embeddings else { return linear }
        let k = embeddings.shape[1]
        // v: [n, fields, k]
        let fieldVectors = Tensor.concatenate([embeddings.gatherRows(singles).reshaped([n, CTRData.singleFieldCount, k]),
                                               embeddings.embeddingBag(bags, mean: true).reshaped([n, 1, k])], axis: 1)
        switch kind {
        case .lr:
            return linear
        case .fm:
            return linear + Self.biInteraction(fieldVectors).sum(axis: 1)
        case .wideDeep:
            return linear + deep!(fieldVectors.reshaped([n, fields * k]), training: training, using: &generator).reshaped([n])
        case .deepFM:
            let dnn = deep!(fieldVectors.reshaped([n, fields * k]), training: training, using: &generator).reshaped([n])
            return linear + Self.biInteraction(fieldVectors).sum(axis: 1) + dnn
        case .nfm:
            var pooled = Self.biInteraction(fieldVectors)
            if training && dropout > 0 { pooled = pooled.dropout(rate: dropout, using: &generator) }
            return linear + deep!(pooled, training: training, using: &generator).reshaped([n])
        }
    }

    /// 1/2 ((Σ_f v_f)² - Σ_f v_f²) for v: `[n, fields, k]`, giving `[n, k]`: Σ_{f<g} v_f ⊙ v_g
    /// in O(fields · k) instead of O(fields² · k).
    static func biInteraction(_ vectors: Tensor) -> Tensor {
        (vectors.sum(axis: 1).squared() - vectors.squared().sum(axis: 1)) * 0.5
    }

    var parameters: [NamedParameter] {
        var result = [NamedParameter("first_order", firstOrder), NamedParameter("bias", bias)]
        if let embeddings { result.append(NamedParameter("embeddings", embeddings)) }
        if let deep { result += deep.parameters.prefixed("deep") }
        return result
    }
}
