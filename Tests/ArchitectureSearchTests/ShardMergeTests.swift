import Testing
@testable import ArchitectureSearch

/// `ShardMerge`: what joins the shard files of a benchmark table built on several machines.
struct ShardMergeTests {
    static let header = BenchmarkTable.header
    static let oldHeader = "index\tencoding\tvalidation_accuracy\tparameters\ttrain_seconds\tepochs\tseed"

    static func row(_ index: Int, _ accuracy: Double, epochs: Int = 5, seed: UInt64 = 1, kernel: String? = "Haswell",
                    seconds: Double = 1.5) -> String {
        BenchmarkTable.Row(index: index, encoding: "arch-\(index)", accuracy: accuracy, parameters: 100 + index, seconds: seconds,
                           epochs: epochs, seed: seed + UInt64(index), kernel: kernel).line
    }

    static func shard(_ name: String, _ lines: [String], finalNewline: Bool = true) -> ShardMerge.Shard {
        ShardMerge.Shard(name: name, text: ([header] + lines).joined(separator: "\n") + (finalNewline ? "\n" : ""))
    }

    @Test func shardsInterleaveIntoOneTableByIndex() throws {
        let merged = try ShardMerge([Self.shard("a", [Self.row(2, 0.5), Self.row(0, 0.7)]), Self.shard("b", [Self.row(1, 0.6), Self.row(3, 0.8)])])
        #expect(merged.rows.map(\.index) == [0, 1, 2, 3])
        #expect(merged.duplicates.isEmpty && merged.tornLines.isEmpty && merged.kernels == ["Haswell": 4])
        // The text is a table that reads back row for row.
        let table = BenchmarkTable(text: merged.text)
        #expect(table.rows.count == 4 && table.rows[3]?.accuracy == 0.8 && table.rows[3]?.kernel == "Haswell")
        #expect(merged.text.hasPrefix(Self.header + "\n"))
    }

    @Test func theSameMeasurementTwiceIsADuplicateEvenIfTimedDifferently() throws {
        let merged = try ShardMerge([Self.shard("a", [Self.row(0, 0.7, seconds: 1)]),
                                     Self.shard("b", [Self.row(0, 0.7, kernel: "SkylakeX", seconds: 2), Self.row(1, 0.6)])])
        #expect(merged.rows.map(\.index) == [0, 1])
        #expect(merged.duplicates == [ShardMerge.Place(file: "b", line: 2)])
        #expect(merged.rows[0].kernel == "Haswell")  // the first file wins
    }

    @Test func tornLinesAreSkippedAndPlaced() throws {
        let cut = String(Self.row(3, 0.9).prefix(12))
        let merged = try ShardMerge([Self.shard("a", [Self.row(0, 0.7), "garbage", Self.row(2, 0.5), cut], finalNewline: false)])
        #expect(merged.rows.map(\.index) == [0, 2])
        #expect(merged.tornLines.map(\.description) == ["a:3", "a:5"])
        #expect(merged.summary(inputs: 1, output: "t.tsv").contains("2 torn line(s) skipped: a:3, a:5"))
    }

    /// A last line without its newline is torn even when what is left parses (a seed cut short).
    @Test func aLastLineWithoutItsNewlineIsTornEvenIfItParses() throws {
        let whole = Self.row(1, 0.6)
        let cut = String(whole.dropLast(1))  // "...\t1\tHaswel": still eight fields
        #expect(BenchmarkTable.Row(line: Substring(cut)) != nil)
        let merged = try ShardMerge([Self.shard("a", [Self.row(0, 0.7), cut], finalNewline: false)])
        #expect(merged.rows.map(\.index) == [0])
        #expect(merged.tornLines.map(\.description) == ["a:3"])
    }

    /// CRLF files (a table edited on Windows) merge like LF files.
    @Test func windowsLineEndingsMergeToo() throws {
        let text = ([Self.header, Self.row(0, 0.7), Self.row(1, 0.6)]).joined(separator: "\r\n") + "\r\n"
        let merged = try ShardMerge([ShardMerge.Shard(name: "crlf", text: text)])
        #expect(merged.rows.map(\.index) == [0, 1] && merged.tornLines.isEmpty)
        #expect(BenchmarkTable(text: text).rows.count == 2)
    }

    @Test func differentMeasurementsOfOneIndexStopTheMerge() {
        #expect(throws: ShardMerge.Failure.self) {
            try ShardMerge([Self.shard("a", [Self.row(0, 0.7)]), Self.shard("b", [Self.row(0, 0.71)])])
        }
        do {
            _ = try ShardMerge([Self.shard("a", [Self.row(0, 0.7)]), Self.shard("b", [Self.row(0, 0.71)])])
        } catch {
            #expect("\(error)".contains("index 0: a:2 has arch-0 0.700000, b:2 has arch-0 0.710000"), "\(error)")
        }
    }

    @Test func rowsBuiltWithOtherEpochsOrSeedsStopTheMerge() {
        for other in [Self.row(1, 0.6, epochs: 3), Self.row(1, 0.6, seed: 7)] {
            #expect(throws: ShardMerge.Failure.self) { try ShardMerge([Self.shard("a", [Self.row(0, 0.7)]), Self.shard("b", [other])]) }
        }
    }

    @Test func aFileWithoutTheHeaderIsNotAShard() {
        #expect(throws: ShardMerge.Failure.notATable(file: "x")) {
            try ShardMerge([ShardMerge.Shard(name: "x", text: Self.row(0, 0.7) + "\n")])
        }
    }

    @Test func tablesFromBeforeTheKernelColumnStillMerge() throws {
        let old = ShardMerge.Shard(name: "old", text: Self.oldHeader + "\n" + Self.row(0, 0.7, kernel: nil) + "\n")
        let merged = try ShardMerge([old, Self.shard("new", [Self.row(1, 0.6)])])
        #expect(merged.rows.map(\.index) == [0, 1])
        #expect(merged.kernels == ["unrecorded": 1, "Haswell": 1])
        #expect(merged.summary(inputs: 2, output: "t").contains("rows from different kernels round differently"))
    }
}
