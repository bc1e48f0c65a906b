import ArgumentParser
import CLISupport
import Foundation
import Lab

struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the topics and their experiments.")

    @Flag(help: "Also list each experiment's hyperparameters.")
    var verbose = false

    @Flag(help: "Print the topics and experiments, with their datasets and settings, as JSON.")
    var json = false

    func run() throws {
        if json {
            try Console.userErrors { FileHandle.standardOutput.write(try CatalogListing(catalog).json() + Data("\n".utf8)) }
            return
        }
        for topic in catalog.topics {
            let entries = catalog.entries(inTopic: topic.id)
            print("\(topic.title) — \(topic.summary)")
            if entries.isEmpty { print("  (coming soon)") }
            for entry in entries {
                let id = entry.descriptor.id.padding(toLength: 26, withPad: " ", startingAt: 0)
                let descriptor = entry.descriptor
                print("  \(id) \(descriptor.summary)  [data: \(descriptor.datasets.joined(separator: ", "))]")
                if verbose {
                    print("      defaults: \(descriptor.epochs) epochs"
                          + (descriptor.reproduces.map { "; reproduces \($0.description) (seed 1)" } ?? ""))
                }
                if verbose {
                    for parameter in entry.settings.all {
                        let live = parameter.isLiveEditable ? "live" : "restart"
                        print("      \(parameter.key)=\(parameter.value)  (\(parameter.domain.explanation); \(live)) \(parameter.summary)")
                    }
                }
            }
        }
    }
}
