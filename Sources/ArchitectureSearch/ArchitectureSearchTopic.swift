import ArgumentParser
import CLISupport
import Lab

/// Mini neural architecture search: strategies that pick a small convolutional network (a layer stack or
/// a NAS-Bench-201-style cell) for 8x8 digits, training each candidate or replaying a stored table.
public enum ArchitectureSearchTopic: TopicModule, TopicCommands {
    public static let topic = Topic(id: "nas", title: "Architecture search",
                                    summary: "RL controllers, evolution and weight sharing on a small space")
    public static let experiments: [ExperimentEntry] = StrategyKind.allCases.map(SearchRun.entry) + [ENASSearch.entry, TransferRun.entry]
    /// `workbench nas …`: build the tabular benchmark, compare strategies, rank ENAS, measure speed.
    public static let commands: [any ParsableCommand.Type] = [NASCommand.self]
}
