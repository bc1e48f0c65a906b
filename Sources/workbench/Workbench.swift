import ArgumentParser
import Basics
import CLISupport
import Datasets
import Foundation
import Lab
import RecursiveNets
import Multitask
import SpatialTransformers
import Recommenders
import ArchitectureSearch
import TensorKit

@main
struct Workbench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workbench",
        abstract: "Deep Workbench: train real models on real data and watch them learn.",
        discussion: """
        Run without a subcommand for the full-screen workbench; the subcommands run the same experiments headless.
        Exit status: 0 success, 1 the work failed (data missing or corrupt, a weights file that does not fit, \
        the loss diverged, a file could not be read or written), 2 the command line is wrong (unknown command, \
        option, experiment, key or value; an output path that cannot be written).
        """,
        version: BuildInfo.versionLine,
        subcommands: [ScreenCommand.self, OpenCommand.self, ListCommand.self, RunCommand.self, LessonsCommand.self, DataCommand.self, ReproduceCommand.self,
                      BenchCommand.self] + topicModules.compactMap { $0 as? any TopicCommands.Type }.flatMap { $0.commands },
        defaultSubcommand: ScreenCommand.self)

    /// Parses and runs; a first word that names no command gets the closest ones suggested
    /// (the screen is the default command, so the parser alone would only say "unexpected argument").
    /// Usage errors exit with status 2, the workbench's convention (and GNU's, argparse's, clap's),
    /// not swift-argument-parser's 64 (EX_USAGE); `-V` is `--version`.
    static func main() {
        var arguments = Array(CommandLine.arguments.dropFirst())
        if arguments == ["-V"] { arguments = ["--version"] }
        let names = configuration.subcommands.compactMap { $0.configuration.commandName } + ["help"]
        if let word = arguments.first, !word.hasPrefix("-"), !names.contains(word) {
            Console.error("unknown command '\(word)'\(Suggestion.phrase(for: word, among: names)); commands: "
                          + names.joined(separator: ", ") + " (workbench --help explains them)")
            Foundation.exit(2)
        }
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch {
            guard exitCode(for: error) == .validationFailure else { exit(withError: error) }
            var message = fullMessage(for: error)
            if message.hasPrefix("Error: ") { message = "error: " + message.dropFirst("Error: ".count) }  // as the workbench's own
            FileHandle.standardError.write(Data((message + "\n").utf8))
            Foundation.exit(2)
        }
    }
}

/// The topic modules, in teaching order: the catalog and the topics' own verbs come from them.
let topicModules: [any TopicModule.Type] = [
    BasicsTopic.self,
    RecommendersTopic.self,
    RecursiveNetsTopic.self,
    SpatialTransformersTopic.self,
    MultitaskTopic.self,
    ArchitectureSearchTopic.self,
]

/// Every experiment of every topic.
let catalog = ExperimentCatalog(modules: topicModules)

/// For shell completion: every experiment id, and every setting key as `key=`.
let experimentIDs = catalog.entries.map(\.descriptor.id)
let settingKeys = Set(catalog.entries.flatMap { $0.settings.all.map { $0.key + "=" } }).sorted()
