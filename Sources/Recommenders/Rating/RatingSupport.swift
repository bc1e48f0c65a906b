import Lab
import TensorKit

/// What the rating experiments (baseline, MF, SVD++, AutoRec, CDL, DeepCoNN) share.
enum RatingSupport {
    /// The `users` setting: train on the first N users only (a quick real slice).
    static let usersHyperparameter = Hyperparameter.integer(
        "users", 943, in: 20...943, "use only the ratings of the first N users (a quick slice)")

    /// Test RMSE and MAE of `predict(user, item)` (clipped to the 1...5 scale) on the test rows.
    static func testMetrics(_ data: RatingData, predict: (Int, Int) -> Float) -> [Metric] {
        let predictions = data.test.map { row in min(max(predict(data.users[row], data.items[row]), 1), 5) }
        let errors = RecommenderMetrics.ratingErrors(predictions: predictions, targets: data.test.map { data.ratings[$0] })
        return [Metric("test RMSE", errors.rmse, higherIsBetter: false), Metric("test MAE", errors.mae, higherIsBetter: false)]
    }
}

/// Dot product of two `width`-long rows of raw buffers.
@inline(__always)
func dot(_ a: UnsafeMutablePointer<Float>, _ b: UnsafeMutablePointer<Float>, _ width: Int) -> Float {
    var sum: Float = 0
    for f in 0..<width { sum += a[f] * b[f] }
    return sum
}
