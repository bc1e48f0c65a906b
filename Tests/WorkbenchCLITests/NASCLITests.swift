import Foundation
import Testing
import TestSupport

/// `workbench nas …` as a user runs it.
@Suite(.serialized) struct NASCLITests {
    @Test func benchBuildWithTwoJobsWritesEveryRowOnceAndResumes() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("nas-cli-\(UUID()).tsv")
        defer { try? FileManager.default.removeItem(at: out) }
        let arguments = ["nas", "bench-build", "--space", "macro", "--limit", "4", "--jobs", "2", "--epochs", "1", "--quiet", "--out", out.path]
        let first = try Workbench.run(arguments)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("4 rows"), "\(first.stdout)")
        let lines = try String(contentsOf: out, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 5 && lines[0].hasPrefix("index\tencoding"))
        #expect(Set(lines.dropFirst().map { $0.split(separator: "\t")[0] }) == ["0", "1", "2", "3"])
        let again = try Workbench.run(arguments)
        #expect(again.status == 0)
        #expect(try String(contentsOf: out, encoding: .utf8).split(separator: "\n").count == 5)  // nothing retrained
        #expect(try Workbench.run(["nas", "bench-build", "--shard", "3/2", "--out", out.path]).status == 2)
    }

    @Test func benchNasCountsChildrenPerMinute() throws {
        let outcome = try Workbench.run(["bench", "nas", "--only", "mlp", "--children", "1", "--epochs", "1", "--jobs", "1", "--threads", "1"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.hasPrefix("mlp: 1 children of 1 epochs") && outcome.stdout.contains("per minute (target 180)"), "\(outcome.stdout)")
        #expect(try Workbench.run(["bench", "nas", "--only", "rnn"]).status == 2)
    }

    @Test func compareReplaysTheCommittedTable() throws {
        let outcome = try Workbench.run(["nas", "compare", "--seeds", "3", "--evaluations", "20"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("729 cells"))
        let last = try #require(outcome.stdout.split(separator: "\n").first { $0.hasPrefix("20 ") })
        #expect(last.components(separatedBy: "±").count == 4)  // three strategies, mean ± s.e. each
    }
}
