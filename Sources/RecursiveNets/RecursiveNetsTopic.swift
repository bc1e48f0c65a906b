import Lab

/// Recursive neural networks and recursive autoencoders for sentences (Socher et al. 2011).
public enum RecursiveNetsTopic {
    public static let experiments: [ExperimentEntry] = [
        ExperimentEntry(AutoencoderExperiment.descriptor(.unsupervised)) { AutoencoderExperiment(.unsupervised) },
        ExperimentEntry(AutoencoderExperiment.descriptor(.semiSupervised)) { AutoencoderExperiment(.semiSupervised) },
        ExperimentEntry(AutoencoderExperiment.descriptor(.fixedTree)) { AutoencoderExperiment(.fixedTree) },
        ExperimentEntry(BagOfWords.descriptor) { BagOfWords() },
    ]
}
