import Lab

/// Recursive neural networks and recursive autoencoders for sentences (Socher et al. 2011).
public enum RecursiveNetsTopic: TopicModule {
    public static let topic = Topic(id: "recursive-nets", title: "Recursive neural networks",
                                    summary: "Recursive autoencoders build trees over sentences")
    public static let experiments: [ExperimentEntry] = [
        AutoencoderExperiment.entry(.unsupervised),
        AutoencoderExperiment.entry(.semiSupervised),
        AutoencoderExperiment.entry(.fixedTree),
        BagOfWords.entry,
    ]
}
