/// How to make one experiment.
public struct ExperimentEntry: Sendable {
    public let descriptor: ExperimentDescriptor
    public let make: @Sendable () -> any Experiment

    public init(_ descriptor: ExperimentDescriptor, make: @escaping @Sendable () -> any Experiment) {
        self.descriptor = descriptor
        self.make = make
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

    public var ids: [String] { entries.map(\.descriptor.id) }

    public func entry(_ id: String) throws(LabError) -> ExperimentEntry {
        guard let found = entries.first(where: { $0.descriptor.id == id }) else {
            throw .unknownExperiment(id, valid: ids)
        }
        return found
    }

    /// A new experiment with default settings.
    public func make(_ id: String) throws(LabError) -> any Experiment { try entry(id).make() }

    public func entries(inTopic topic: String) -> [ExperimentEntry] {
        entries.filter { $0.descriptor.topic == topic }
    }
}

extension Topic {
    /// The workbench's topics, in teaching order.
    public static let all: [Topic] = [
        Topic(id: "basics", title: "Basics", summary: "Tensors, autodiff and minibatch training on digits and clothes"),
        Topic(id: "recommenders", title: "Deep recommenders", summary: "From matrix factorisation to DeepFM on MovieLens 100K"),
        Topic(id: "recursive-nets", title: "Recursive neural networks", summary: "Recursive autoencoders build trees over sentences"),
        Topic(id: "spatial-transformers", title: "Spatial transformers", summary: "Networks that learn to undo rotation, scale and shift"),
        Topic(id: "multitask", title: "Multi-task learning", summary: "Shared trunks, MMoE, ESMM and learned task weights"),
        Topic(id: "nas", title: "Architecture search", summary: "RL controllers, evolution and weight sharing on a small space"),
    ]
}
