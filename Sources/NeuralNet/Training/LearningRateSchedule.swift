#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The learning rate as a function of the step (0-based) and the base rate.
public enum LearningRateSchedule: Sendable, Equatable {
    case constant
    /// Multiply by `factor` every `every` steps: η_t = η γ^floor(t / every).
    case step(every: Int, factor: Float)
    /// Linear warm-up for `warmup` steps, then cosine decay to `minimum` at `total` steps
    /// (Loshchilov & Hutter 2017): η_t = min + (η - min) (1 + cos(π p)) / 2.
    case cosine(total: Int, warmup: Int = 0, minimum: Float = 0)

    public func rate(base: Float, step: Int) -> Float {
        switch self {
        case .constant:
            return base
        case let .step(every, factor):
            return base * powf(factor, Float(step / max(every, 1)))
        case let .cosine(total, warmup, minimum):
            if step < warmup { return base * Float(step + 1) / Float(warmup) }
            let progress = min(1, Float(step - warmup) / Float(max(total - warmup, 1)))
            return minimum + (base - minimum) * (1 + cosf(.pi * progress)) / 2
        }
    }
}
