import Lab

/// The basics topic: the spine end to end on two small, real image datasets.
public enum BasicsTopic {
    public static let experiments: [ExperimentEntry] = [
        ExperimentEntry(MLPDigits.descriptor) { MLPDigits() },
        ExperimentEntry(SoftmaxFashion.descriptor) { SoftmaxFashion() },
    ]
}
