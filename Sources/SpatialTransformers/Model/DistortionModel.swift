import NeuralNet
import TensorKit

/// The four models of the topic (Jaderberg et al. 2015, table 1): a plain classifier, or a
/// spatial transformer followed by the same kind of classifier on its output.
public enum ModelVariant: String, CaseIterable, Sendable {
    case fcn, cnn
    case stFCN = "st-fcn"
    case stCNN = "st-cnn"

    /// The classifier kind after the (optional) transformer.
    public var classifier: ClassifierKind { self == .fcn || self == .stFCN ? .fullyConnected : .convolutional }
    /// Whether a spatial transformer comes first.
    public var hasTransformer: Bool { self == .stFCN || self == .stCNN }
    /// ST-FCN uses a fully connected localisation network, ST-CNN a convolutional one.
    public var localisation: LocalisationNetwork.Kind? {
        switch self {
        case .stFCN: .fullyConnected
        case .stCNN: .convolutional
        case .fcn, .cnn: nil
        }
    }
}

/// A model of one variant: optional spatial transformer, then the classifier.
public final class DistortionModel: ParameterContainer {
    public let transformer: SpatialTransformer?
    public let classifier: ImageClassifier

    /// A model for `side x side` inputs; the transformer (if any) outputs `outputSide x outputSide`.
    public init(_ variant: ModelVariant, side: Int, outputSide: Int, family: TransformFamily, hidden: Int,
                classes: Int, using generator: inout SeededGenerator) {
        if let kind = variant.localisation {
            transformer = SpatialTransformer(kind, inputSide: side, outputSide: outputSide, family: family, using: &generator)
        } else {
            transformer = nil
        }
        classifier = ImageClassifier(variant.classifier, side: transformer == nil ? side : outputSide,
                                     hidden: hidden, classes: classes, using: &generator)
    }

    /// Logits `[N, classes]` for `x: [N, 1, S, S]`, and what the transformer did (ST models).
    public func callAsFunction(_ x: Tensor) -> (logits: Tensor, transformed: SpatialTransformer.Output?) {
        guard let transformer else { return (classifier(x), nil) }
        let transformed = transformer(x)
        return (classifier(transformed.images), transformed)
    }

    public var parameters: [NamedParameter] {
        (transformer?.parameters.prefixed("transformer") ?? []) + classifier.parameters.prefixed("classifier")
    }
}
