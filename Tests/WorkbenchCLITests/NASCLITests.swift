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

    /// The scale-out recipe of the README in small: GNU parallel runs two shards, each into its own
    /// file (as machines of a cluster would), and `nas merge` checks and joins them.
    @Test func twoShardsRunThroughGNUParallelAndMerge() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nas-shards-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["parallel", "--will-cite", "--halt", "now,fail=1", Workbench.executable.path, "nas", "bench-build", "--space", "macro",
                             "--limit", "6", "--jobs", "1", "--epochs", "1", "--quiet", "--shard", "{}/2",
                             "--out", folder.appendingPathComponent("shard-{}.tsv").path, ":::", "0", "1"]
        process.currentDirectoryURL = RealData.projectRoot
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "GNU parallel (make test installs it) failed")
        let shards = ["shard-0.tsv", "shard-1.tsv"].map { folder.appendingPathComponent($0).path }
        for (i, shard) in shards.enumerated() {
            let rows = try String(contentsOfFile: shard, encoding: .utf8).split(separator: "\n").dropFirst()
            #expect(rows.map { Int($0.split(separator: "\t")[0])! % 2 } == [i, i, i], "\(rows)")
            #expect(rows.allSatisfy { $0.split(separator: "\t").count == 8 })  // the kernel is recorded
        }
        // A killed worker leaves a torn line: skipped and named.
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: shards[1]))
        handle.seekToEndOfFile()
        handle.write(Data("5\tc3-16 c".utf8))
        try handle.close()
        let merged = folder.appendingPathComponent("table.tsv")
        let merge = try Workbench.run(["nas", "merge"] + shards + ["--out", merged.path])
        #expect(merge.status == 0, "\(merge.stderr)")
        #expect(merge.stdout.contains("6 rows (indices 0 to 5)") && merge.stdout.contains("1 torn line(s) skipped: \(shards[1]):5"),
                "\(merge.stdout)")
        let table = try String(contentsOf: merged, encoding: .utf8).split(separator: "\n")
        #expect(table.dropFirst().map { Int($0.split(separator: "\t")[0])! } == Array(0..<6))
        // Merging a shard again into the table finds its rows there: duplicates, not new rows.
        let again = try Workbench.run(["nas", "merge", shards[0], "--out", merged.path])
        #expect(again.status == 0 && again.stdout.contains("6 rows") && again.stdout.contains("3 duplicate row(s)"), "\(again.stdout)")
        // A shard built with other epochs conflicts: exit status 1 and the table is left as it was.
        let before = try String(contentsOf: merged, encoding: .utf8)
        let other = folder.appendingPathComponent("other.tsv")
        let build = try Workbench.run(["nas", "bench-build", "--space", "macro", "--limit", "1", "--jobs", "1", "--epochs", "2", "--quiet",
                                       "--out", other.path])
        #expect(build.status == 0, "\(build.stderr)")
        let conflict = try Workbench.run(["nas", "merge", other.path, "--out", merged.path])
        #expect(conflict.status == 1 && conflict.stderr.contains("the shards disagree"), "\(conflict.stderr)")
        #expect(try String(contentsOf: merged, encoding: .utf8) == before)
        #expect(try Workbench.run(["nas", "merge", "--out", merged.path]).status == 2)
    }

    /// `--jobs` defaults to the CPUs of the affinity mask: under `taskset -c 0`, one worker.
    @Test func benchBuildJobsFollowTheAffinityMask() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("nas-affinity-\(UUID()).tsv")
        defer { try? FileManager.default.removeItem(at: out) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["taskset", "-c", "0", Workbench.executable.path, "nas", "bench-build", "--space", "macro", "--limit", "1",
                             "--epochs", "1", "--quiet", "--out", out.path]
        process.currentDirectoryURL = RealData.projectRoot
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(output.contains("with 1 job(s)"), "\(output)")
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
        #expect(last.components(separatedBy: "±").count == 6)  // five strategies, mean ± s.e. each
    }
}
