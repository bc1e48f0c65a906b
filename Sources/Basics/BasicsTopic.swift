import Lab

/// The basics topic: the spine end to end on two small, real image datasets.
public enum BasicsTopic: TopicModule {
    public static let topic = Topic(id: "basics", title: "Basics",
                                    summary: "Tensors, autodiff and minibatch training on digits and clothes")
    public static let experiments: [ExperimentEntry] = [MLPDigits.entry, SoftmaxFashion.entry]
}
