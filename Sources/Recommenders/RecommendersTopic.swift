import Lab

/// The deep recommenders topic: rating prediction, click-through prediction and ranking on
/// MovieLens 100K, from biases to DeepFM.
public enum RecommendersTopic: TopicModule {
    public static let topic = Topic(id: "recommenders", title: "Deep recommenders",
                                    summary: "From matrix factorisation to DeepFM on MovieLens 100K")
    public static let experiments: [ExperimentEntry] = [
        BiasedMF.baselineEntry,
        BiasedMF.entry,
        SVDPlusPlus.entry,
        AutoRec.itemEntry,
        AutoRec.userEntry,
        CDL.entry,
        NeuMF.entry,
        TwoTower.entry,
        YouTubeDNN.entry,
        GRU4Rec.entry,
        DeepCoNN.entry,
    ] + CTRModel.Kind.allCases.map(CTRExperiment.entry)
}
