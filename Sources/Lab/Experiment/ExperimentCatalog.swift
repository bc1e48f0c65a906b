/// How to make one experiment: what it is, its settings with their defaults (the schema, read
/// without building anything), and how to prepare a run.
public struct ExperimentEntry: Sendable {
    public let descriptor: ExperimentDescriptor
    /// Every setting with its default value, in display order.
    public let settings: HyperparameterSet
    private let makeRun: @Sendable (ExperimentContext) throws -> any ExperimentRun

    public init(_ descriptor: ExperimentDescriptor, settings: [Hyperparameter],
                prepare: @escaping @Sendable (ExperimentContext) throws -> any ExperimentRun) {
        self.descriptor = descriptor
        self.settings = HyperparameterSet(settings)
        makeRun = prepare
    }

    /// Loads the data and builds the model. `context.settings` must come from this entry's schema.
    public func prepare(_ context: ExperimentContext) throws -> any ExperimentRun { try makeRun(context) }

    /// The defaults with `assignments` (`key=value`, as `--set` takes them) applied.
    public func settings(applying assignments: [String]) throws(LabError) -> HyperparameterSet {
        var settings = self.settings
        try settings.apply(assignments: assignments)
        return settings
    }
}

/// A topic of the workbench: its id, title and one-line description.
public struct Topic: Sendable, Equatable {
    public let id: String
    public let title: String
    public let summary: String
    public init(id: String, title: String, summary: String) {
        self.id = id
        self.title = title
        self.summary = summary
    }
}

/// What a topic module exports: its topic and its experiments. The executable lists the modules;
/// adding an experiment touches only its topic module (and a lesson).
public protocol TopicModule {
    static var topic: Topic { get }
    static var experiments: [ExperimentEntry] { get }
}

/// Every experiment the workbench offers, composed by the executable from the topic modules.
public struct ExperimentCatalog: Sendable {
    public let topics: [Topic]
    public let entries: [ExperimentEntry]

    public init(topics: [Topic], entries: [ExperimentEntry]) {
        let ids = entries.map(\.descriptor.id)
        precondition(Set(ids).count == ids.count, "duplicate experiment ids in \(ids)")
        self.topics = topics
        self.entries = entries
    }

    /// The catalog of these topic modules, in their order.
    public init(modules: [any TopicModule.Type]) {
        self.init(topics: modules.map { $0.topic }, entries: modules.flatMap { $0.experiments })
    }

    public var ids: [String] { entries.map(\.descriptor.id) }

    public func entry(_ id: String) throws(LabError) -> ExperimentEntry {
        guard let found = entries.first(where: { $0.descriptor.id == id }) else {
            throw .unknownExperiment(id, valid: ids)
        }
        return found
    }

    public func entries(inTopic topic: String) -> [ExperimentEntry] {
        entries.filter { $0.descriptor.topic == topic }
    }
}
