/// Whether ops record the graph for backward. Evaluation runs inside `withoutGradients` so it
/// neither builds a graph nor keeps activations alive.
public enum GradientMode {
    @TaskLocal public static var isEnabled = true
}

/// Runs `body` without recording any graph (inference, evaluation, metric computation).
public func withoutGradients<Result>(_ body: () throws -> Result) rethrows -> Result {
    try GradientMode.$isEnabled.withValue(false, operation: body)
}
