/// Errors a learner can act on, each with a message that says what to do.
public enum LabError: Error, Equatable, CustomStringConvertible {
    case unknownExperiment(String, valid: [String])
    case unknownKey(String, valid: [String])
    case badValue(key: String, value: String, expected: String)
    case badAssignment(String)
    /// The loss became NaN or infinite at this step.
    case nonFiniteLoss(step: Int, value: Float)
    /// A restart-only setting was changed while the run trains.
    case notLive(String)

    public var description: String {
        switch self {
        case let .unknownExperiment(id, valid):
            "unknown experiment '\(id)'\(Suggestion.phrase(for: id, among: valid)); valid ids: \(valid.joined(separator: ", "))"
        case let .unknownKey(key, valid):
            "unknown hyperparameter '\(key)'\(Suggestion.phrase(for: key, among: valid)); valid keys: \(valid.joined(separator: ", "))"
        case let .badValue(key, value, expected):
            "bad value '\(value)' for \(key): expected \(expected)"
        case let .badAssignment(text):
            "expected key=value, got '\(text)'"
        case let .nonFiniteLoss(step, value):
            "the loss became \(value.readable) at step \(step). Likely cause: the learning rate is too high "
                + "(updates overshoot and the weights blow up). Restart with a lower learning rate."
        case .notLive(let key):
            "\(key) cannot change while the run trains; it applies when the run restarts"
        }
    }
}
