import Lab

/// Mini neural architecture search: strategies that pick a small convolutional network (a layer stack or
/// a NAS-Bench-201-style cell) for 8x8 digits, training each candidate or replaying a stored table.
public enum ArchitectureSearchTopic {
    public static let experiments: [ExperimentEntry] = [
        ExperimentEntry(RandomSearch.descriptor) { RandomSearch() },
        ExperimentEntry(RegularizedEvolution.descriptor) { RegularizedEvolution() },
        ExperimentEntry(ReinforceSearch.descriptor) { ReinforceSearch() },
        ExperimentEntry(ENASSearch.descriptor) { ENASSearch() },
    ]
}
