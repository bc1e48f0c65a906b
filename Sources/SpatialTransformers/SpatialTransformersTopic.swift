import Lab

/// The spatial transformers topic (Jaderberg et al. 2015): FCN, CNN, ST-FCN and ST-CNN on
/// distorted MNIST-5k and Fashion-MNIST.
public enum SpatialTransformersTopic: TopicModule {
    public static let topic = Topic(id: "spatial-transformers", title: "Spatial transformers",
                                    summary: "Networks that learn to undo rotation, scale and shift")
    /// stn.fcn, stn.cnn, stn.st-fcn, stn.st-cnn.
    public static let experiments: [ExperimentEntry] = ModelVariant.allCases.map(DistortionExperiment.entry)
}
