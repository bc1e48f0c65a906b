import Lab
import TestSupport
@testable import Recommenders

/// Trains `entry` (with `settings`) for `epochs` epochs on real MovieLens data and returns the
/// metrics before training and after each epoch, with the epoch records and the session.
func train(_ entry: ExperimentEntry, _ settings: [String], epochs: Int, seed: UInt64 = 1) throws
    -> (before: [Metric], epochs: [EpochRecord], session: TrainingSession) {
    let session = try entry.session(settings, seed: seed)
    let before = try session.evaluate()
    var records: [EpochRecord] = []
    for _ in 0..<epochs { records.append(try session.runEpoch()) }
    return (before, records, session)
}

extension Array where Element == Metric {
    func value(_ name: String) -> Double? { first { $0.name == name }?.value }
}
