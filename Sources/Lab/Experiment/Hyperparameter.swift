import Foundation

/// A value a learner can set: from the command line (`--set key=value`) or live in the screen.
public enum HyperparameterValue: Equatable, Sendable, Codable, CustomStringConvertible {
    case real(Double)
    case integer(Int)
    case choice(String)
    case flag(Bool)

    public var description: String {
        switch self {
        case .real(let value): value.compactDescription
        case .integer(let value): String(value)
        case .choice(let value): value
        case .flag(let value): value ? "true" : "false"
        }
    }

    public var asDouble: Double {
        switch self {
        case .real(let value): value
        case .integer(let value): Double(value)
        case .flag(let value): value ? 1 : 0
        case .choice: .nan
        }
    }
}

/// The allowed values of a hyperparameter.
public enum HyperparameterDomain: Equatable, Sendable {
    /// Reals in a closed range; `logarithmic` steps by factors (learning rates).
    case real(ClosedRange<Double>, logarithmic: Bool)
    case integer(ClosedRange<Int>)
    case choice([String])
    case flag

    public var explanation: String {
        switch self {
        case let .real(range, _): "a number from \(range.lowerBound.compactDescription) to \(range.upperBound.compactDescription)"
        case let .integer(range): "a whole number from \(range.lowerBound) to \(range.upperBound)"
        case let .choice(options): "one of \(options.joined(separator: ", "))"
        case .flag: "true or false"
        }
    }
}

/// One named setting of an experiment.
public struct Hyperparameter: Sendable, Equatable {
    public let key: String
    public let summary: String
    public let domain: HyperparameterDomain
    public internal(set) var value: HyperparameterValue
    /// Live-editable settings take effect at the next step; the others need a restart.
    public let isLiveEditable: Bool
    /// The setting matters only while another setting has one of some values (child training
    /// settings only in `mode=train`); nil: always.
    public private(set) var condition: (key: String, values: [String])?

    public static func == (a: Hyperparameter, b: Hyperparameter) -> Bool {
        a.key == b.key && a.summary == b.summary && a.domain == b.domain && a.value == b.value
            && a.isLiveEditable == b.isLiveEditable && a.condition?.key == b.condition?.key
            && a.condition?.values == b.condition?.values
    }

    /// The same setting, mattering only while `key` is one of `values`.
    public func only(when key: String, is values: String...) -> Hyperparameter {
        var copy = self
        copy.condition = (key, values)
        return copy
    }

    public init(_ key: String, _ value: HyperparameterValue, _ domain: HyperparameterDomain,
                live: Bool = false, summary: String) {
        self.key = key
        self.value = value
        self.domain = domain
        self.isLiveEditable = live
        self.summary = summary
    }

    public static func real(_ key: String, _ value: Double, in range: ClosedRange<Double>, logarithmic: Bool = false,
                            live: Bool = false, _ summary: String) -> Hyperparameter {
        Hyperparameter(key, .real(value), .real(range, logarithmic: logarithmic), live: live, summary: summary)
    }

    public static func integer(_ key: String, _ value: Int, in range: ClosedRange<Int>, live: Bool = false,
                               _ summary: String) -> Hyperparameter {
        Hyperparameter(key, .integer(value), .integer(range), live: live, summary: summary)
    }

    public static func choice(_ key: String, _ value: String, among options: [String], live: Bool = false,
                              _ summary: String) -> Hyperparameter {
        Hyperparameter(key, .choice(value), .choice(options), live: live, summary: summary)
    }

    public static func flag(_ key: String, _ value: Bool, live: Bool = false, _ summary: String) -> Hyperparameter {
        Hyperparameter(key, .flag(value), .flag, live: live, summary: summary)
    }

    /// Reads `text` as a value of this hyperparameter, or explains what is allowed.
    public func parse(_ text: String) throws(LabError) -> HyperparameterValue {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        switch domain {
        case let .real(range, _):
            guard let number = Double(trimmed), number.isFinite, range.contains(number) else {
                throw .badValue(key: key, value: text, expected: domain.explanation)
            }
            return .real(number)
        case let .integer(range):
            guard let number = Int(trimmed), range.contains(number) else {
                throw .badValue(key: key, value: text, expected: domain.explanation)
            }
            return .integer(number)
        case let .choice(options):
            guard options.contains(trimmed) else { throw .badValue(key: key, value: text, expected: domain.explanation) }
            return .choice(trimmed)
        case .flag:
            switch trimmed.lowercased() {
            case "true", "yes", "1", "on": return .flag(true)
            case "false", "no", "0", "off": return .flag(false)
            default: throw .badValue(key: key, value: text, expected: domain.explanation)
            }
        }
    }

    /// The next value up or down (for the screen's +/- editing): ×/÷ 2 on log scales, 1/20 of
    /// the range on linear ones, the next option for choices.
    public func nudged(up: Bool) -> HyperparameterValue {
        switch (domain, value) {
        case let (.real(range, logarithmic), .real(current)):
            let next = logarithmic ? (up ? current * 2 : current / 2)
                                   : current + (up ? 1 : -1) * (range.upperBound - range.lowerBound) / 20
            return .real(min(max(next, range.lowerBound), range.upperBound))
        case let (.integer(range), .integer(current)):
            let step = max(1, (range.upperBound - range.lowerBound) / 20)
            return .integer(min(max(current + (up ? step : -step), range.lowerBound), range.upperBound))
        case let (.choice(options), .choice(current)):
            let index = options.firstIndex(of: current) ?? 0
            return .choice(options[(index + (up ? 1 : options.count - 1)) % options.count])
        case let (.flag, .flag(current)):
            return .flag(!current)
        default:
            return value
        }
    }
}

/// An experiment's settings, in display order.
public struct HyperparameterSet: Sendable, Equatable {
    public private(set) var all: [Hyperparameter]

    public init(_ all: [Hyperparameter]) { self.all = all }

    public var keys: [String] { all.map(\.key) }

    /// The settings that matter with the current values (see `Hyperparameter.only(when:is:)`).
    public var applicable: [Hyperparameter] {
        all.filter { setting in
            guard let condition = setting.condition else { return true }
            return condition.values.contains(self[condition.key].description)
        }
    }

    public subscript(key: String) -> HyperparameterValue {
        guard let found = all.first(where: { $0.key == key }) else { preconditionFailure("no hyperparameter \(key)") }
        return found.value
    }

    public func real(_ key: String) -> Double { self[key].asDouble }
    public func float(_ key: String) -> Float { Float(self[key].asDouble) }
    public func integer(_ key: String) -> Int {
        if case .integer(let value) = self[key] { return value }
        return Int(self[key].asDouble)
    }
    public func choice(_ key: String) -> String { self[key].description }
    public func flag(_ key: String) -> Bool { self[key] == .flag(true) }

    /// Sets `key` from text, validated. Throws with the list of valid keys for an unknown key.
    public mutating func set(_ key: String, from text: String) throws(LabError) {
        guard let index = all.firstIndex(where: { $0.key == key }) else { throw .unknownKey(key, valid: keys) }
        all[index].value = try all[index].parse(text)
    }

    public mutating func set(_ key: String, to value: HyperparameterValue) throws(LabError) {
        guard let index = all.firstIndex(where: { $0.key == key }) else { throw .unknownKey(key, valid: keys) }
        _ = try all[index].parse(value.description)
        all[index].value = value
    }

    /// Parses `key=value` assignments (the `--set` flags) in order.
    public mutating func apply(assignments: [String]) throws(LabError) {
        for assignment in assignments {
            guard let equals = assignment.firstIndex(of: "="), equals != assignment.startIndex else {
                throw .badAssignment(assignment)
            }
            try set(String(assignment[..<equals]), from: String(assignment[assignment.index(after: equals)...]))
        }
    }

    /// The settings as strings, for run records.
    public var dictionary: [String: String] {
        Dictionary(uniqueKeysWithValues: all.map { ($0.key, $0.value.description) })
    }
}

extension Double {
    /// Short text for a number: 0.001 → "0.001", 1e-05 → "1e-05", 3.0 → "3".
    public var compactDescription: String {
        if self == rounded(), abs(self) < 1e9 { return String(Int(self)) }
        return String(describing: self)
    }
}
