import Lab

/// The multi-task learning topic: shared trunks, MMoE, learned task weights and ESMM.
public enum MultitaskTopic {
    public static let experiments: [ExperimentEntry] = [
        ExperimentEntry(MultiFashion.descriptor) { MultiFashion() },
        ExperimentEntry(AdultCensus.descriptor) { AdultCensus() },
        ExperimentEntry(EntireSpaceConversion.descriptor) { EntireSpaceConversion() },
    ]
}
