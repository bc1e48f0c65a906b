import Lab

/// Mini neural architecture search: strategies that pick a small convolutional network for 8x8 digits,
/// each step training one candidate from scratch.
public enum ArchitectureSearchTopic {
    public static let experiments: [ExperimentEntry] = [
        ExperimentEntry(RandomSearch.descriptor) { RandomSearch() },
        ExperimentEntry(RegularizedEvolution.descriptor) { RegularizedEvolution() },
        ExperimentEntry(ReinforceSearch.descriptor) { ReinforceSearch() },
    ]
}
