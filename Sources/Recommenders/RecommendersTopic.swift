import Lab

/// The deep recommenders topic: rating prediction, click-through prediction and ranking on
/// MovieLens 100K, from biases to DeepFM.
public enum RecommendersTopic {
    public static let experiments: [ExperimentEntry] = [
        ExperimentEntry(BiasedMF.baselineDescriptor) { BiasedMF(baseline: true) },
        ExperimentEntry(BiasedMF.descriptor) { BiasedMF() },
        ExperimentEntry(SVDPlusPlus.descriptor) { SVDPlusPlus() },
        ExperimentEntry(AutoRec.itemDescriptor) { AutoRec(orientation: .items) },
        ExperimentEntry(AutoRec.userDescriptor) { AutoRec(orientation: .users) },
        ExperimentEntry(CDL.descriptor) { CDL() },
        ExperimentEntry(NeuMF.descriptor) { NeuMF() },
        ExperimentEntry(TwoTower.descriptor) { TwoTower() },
        ExperimentEntry(DeepCoNN.descriptor) { DeepCoNN(reviewsFile: DeepCoNN.reviewsFileFromEnvironment) },
    ] + CTRModel.Kind.allCases.map { kind in
        ExperimentEntry(CTRExperiment.describe(kind)) { CTRExperiment(kind: kind) }
    }
}
