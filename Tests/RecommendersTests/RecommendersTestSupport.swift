import Lab
import TestSupport
@testable import Recommenders

/// Trains `experiment` (with `settings`) for `epochs` epochs on real MovieLens data and returns
/// the metrics before training and after each epoch, with the epoch records.
func train(_ experiment: any Experiment, _ settings: [String], epochs: Int, seed: UInt64 = 1) throws
    -> (before: [Metric], epochs: [EpochRecord]) {
    try experiment.hyperparameters.apply(assignments: settings)
    let session = TrainingSession(experiment: experiment, seed: seed, store: try RealData.store())
    try session.prepare()
    let before = try experiment.evaluate()
    var records: [EpochRecord] = []
    for _ in 0..<epochs { records.append(try session.runEpoch()) }
    return (before, records)
}

extension Array where Element == Metric {
    func value(_ name: String) -> Double? { first { $0.name == name }?.value }
}
