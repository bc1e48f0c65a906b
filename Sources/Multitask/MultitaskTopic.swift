import Lab

/// The multi-task learning topic: shared trunks, MMoE, learned task weights and ESMM.
public enum MultitaskTopic: TopicModule {
    public static let topic = Topic(id: "multitask", title: "Multi-task learning",
                                    summary: "Shared trunks, MMoE, ESMM and learned task weights")
    public static let experiments: [ExperimentEntry] = [MultiFashion.entry, AdultCensus.entry, EntireSpaceConversion.entry]
}
