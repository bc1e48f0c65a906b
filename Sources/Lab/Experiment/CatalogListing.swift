import Foundation

/// The catalog as `workbench list --json` prints it: the topics, and every experiment with its
/// datasets and settings (key, default, domain, live, help), for scripts and other tools.
public struct CatalogListing: Encodable {
    public struct TopicItem: Encodable {
        public let id: String, title: String, summary: String
    }

    public struct ExperimentItem: Encodable {
        public let id: String, title: String, topic: String, summary: String
        public let datasets: [String]
        public let settings: [SettingItem]
    }

    public struct SettingItem: Encodable {
        public let key: String
        /// The default value, typed: a number, a string (choices) or a boolean (flags).
        public let `default`: HyperparameterValue
        public let domain: HyperparameterDomain
        /// Whether it can change while the run trains (else it applies at the next restart).
        public let live: Bool
        public let help: String
        /// The setting matters only while another setting has one of these values.
        public let when: Condition?

        public struct Condition: Encodable {
            public let key: String
            public let values: [String]
        }

        enum CodingKeys: String, CodingKey { case key, `default`, domain, live, help, when }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(key, forKey: .key)
            switch `default` {
            case .real(let value): try container.encode(value, forKey: .default)
            case .integer(let value): try container.encode(value, forKey: .default)
            case .choice(let value): try container.encode(value, forKey: .default)
            case .flag(let value): try container.encode(value, forKey: .default)
            }
            try container.encode(domain, forKey: .domain)
            try container.encode(live, forKey: .live)
            try container.encode(help, forKey: .help)
            try container.encodeIfPresent(when, forKey: .when)
        }
    }

    public let topics: [TopicItem]
    public let experiments: [ExperimentItem]

    public init(_ catalog: ExperimentCatalog) {
        topics = catalog.topics.map { TopicItem(id: $0.id, title: $0.title, summary: $0.summary) }
        experiments = catalog.entries.map { entry in
            let descriptor = entry.descriptor
            return ExperimentItem(
                id: descriptor.id, title: descriptor.title, topic: descriptor.topic, summary: descriptor.summary,
                datasets: descriptor.datasets,
                settings: entry.settings.all.map { setting in
                    SettingItem(key: setting.key, default: setting.value, domain: setting.domain, live: setting.isLiveEditable,
                                help: setting.summary,
                                when: setting.condition.map { SettingItem.Condition(key: $0.key, values: $0.values) })
                })
        }
    }

    /// Pretty, key-sorted JSON.
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}

extension HyperparameterDomain: Encodable {
    /// `{"kind": "real", "min": …, "max": …, "logarithmic": …}`, `{"kind": "integer", "min", "max"}`,
    /// `{"kind": "choice", "options": […]}` or `{"kind": "flag"}`.
    public func encode(to encoder: any Encoder) throws {
        enum Keys: String, CodingKey { case kind, min, max, logarithmic, options }
        var container = encoder.container(keyedBy: Keys.self)
        switch self {
        case let .real(range, logarithmic):
            try container.encode("real", forKey: .kind)
            try container.encode(range.lowerBound, forKey: .min)
            try container.encode(range.upperBound, forKey: .max)
            try container.encode(logarithmic, forKey: .logarithmic)
        case let .integer(range):
            try container.encode("integer", forKey: .kind)
            try container.encode(range.lowerBound, forKey: .min)
            try container.encode(range.upperBound, forKey: .max)
        case let .choice(options):
            try container.encode("choice", forKey: .kind)
            try container.encode(options, forKey: .options)
        case .flag:
            try container.encode("flag", forKey: .kind)
        }
    }
}
