import Foundation

/// Joins the shard files of one benchmark table (`workbench nas merge`): shards built on several
/// machines (Slurm array tasks, Kubernetes Indexed Job pods, GNU parallel over SSH) each write their
/// own file, and one merge checks them and writes one table.
///
/// What it checks, file by file and line by line:
/// - every file starts with the table's header (otherwise it is not a shard: an error);
/// - a line that does not parse is *torn* (a build killed mid-write, a file cut short in a copy): it
///   is skipped and reported with its file and line number;
/// - an index seen twice with the same measurement (a shard resumed or merged twice) is a
///   *duplicate*: one is kept;
/// - an index seen twice with different measurements, or rows trained for a different number of
///   epochs or from a different base seed (seed − index), are *conflicts*: the tables were not built
///   alike, and the merge refuses rather than pick one;
/// - the OpenBLAS kernel of each row is counted: rows trained by different kernels round
///   differently (a different accuracy for the same seed), which is worth knowing, not an error.
public struct ShardMerge {
    /// One input: a name to report (its path) and its text.
    public struct Shard {
        public let name: String
        public let text: String
        public init(name: String, text: String) {
            self.name = name
            self.text = text
        }
    }

    /// A place in an input: file name and 1-based line number.
    public struct Place: Equatable, CustomStringConvertible {
        public let file: String
        public let line: Int
        public var description: String { "\(file):\(line)" }
    }

    /// Why shards cannot be merged.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case notATable(file: String)
        case conflicts([String])

        public var description: String {
            switch self {
            case .notATable(let file): "\(file) is not a benchmark table: its first line is not the header (index, encoding, ...)"
            case .conflicts(let lines):
                "the shards disagree, nothing was written:\n" + lines.prefix(10).map { "  " + $0 }.joined(separator: "\n")
                    + (lines.count > 10 ? "\n  ... and \(lines.count - 10) more" : "")
            }
        }
    }

    /// The merged rows (ascending index) and what was found on the way.
    public let rows: [BenchmarkTable.Row]
    public let duplicates: [Place]
    public let tornLines: [Place]
    /// Rows per OpenBLAS kernel ("unrecorded" for rows of tables made before the kernel was kept).
    public let kernels: [String: Int]

    /// Merges `shards` in order; throws `Failure` on a file without the header or on any conflict.
    public init(_ shards: [Shard]) throws {
        var byIndex: [Int: (row: BenchmarkTable.Row, place: Place)] = [:]
        var duplicates: [Place] = [], torn: [Place] = [], conflicts: [String] = []
        for shard in shards {
            // \.isNewline also splits CRLF files ("\r\n" is one Character to Swift, not a "\n").
            let lines = shard.text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
            guard let header = lines.first, BenchmarkTable.isHeader(header) else { throw Failure.notATable(file: shard.name) }
            // A last line without its newline was cut off, even where what is left still parses
            // (a seed or kernel cut short would pass for another seed or kernel).
            let cut = shard.text.last.map { !$0.isNewline } ?? false ? lines.count - 1 : nil
            for (offset, line) in lines.enumerated().dropFirst() where !line.isEmpty {
                let place = Place(file: shard.name, line: offset + 1)
                guard offset != cut, let row = BenchmarkTable.Row(line: line) else {
                    torn.append(place)
                    continue
                }
                if let earlier = byIndex[row.index] {
                    if earlier.row.measuresTheSame(as: row) {
                        duplicates.append(place)
                    } else {
                        conflicts.append("index \(row.index): \(earlier.place) has \(earlier.row.encoding) "
                                         + String(format: "%.6f", earlier.row.accuracy) + ", \(place) has \(row.encoding) "
                                         + String(format: "%.6f", row.accuracy))
                    }
                    continue
                }
                byIndex[row.index] = (row, place)
            }
        }
        let rows = byIndex.values.sorted { $0.row.index < $1.row.index }
        // One build: one epoch count and one base seed (row i trains with seed + i).
        let settings: [(name: String, value: (BenchmarkTable.Row) -> String)] = [
            ("epochs", { String($0.epochs) }), ("base seed", { String($0.seed &- UInt64($0.index)) })]
        for setting in settings {
            let groups = Dictionary(grouping: rows, by: { setting.value($0.row) })
            guard groups.count > 1 else { continue }
            let described = groups.sorted { $0.key < $1.key }.map { key, members -> String in
                let first: Place = members.map(\.place).min(by: Self.earlier)!
                return "\(setting.name) \(key): \(members.count) rows (first at \(first))"
            }
            conflicts.append("rows were built with different \(setting.name)s: " + described.joined(separator: "; "))
        }
        guard conflicts.isEmpty else { throw Failure.conflicts(conflicts) }
        self.rows = rows.map(\.row)
        self.duplicates = duplicates
        self.tornLines = torn
        self.kernels = Dictionary(grouping: self.rows, by: { $0.kernel ?? "unrecorded" }).mapValues(\.count)
    }

    /// Whether `a` comes before `b` (file name, then line).
    private static func earlier(_ a: Place, _ b: Place) -> Bool { a.file == b.file ? a.line < b.line : a.file < b.file }

    /// The merged table's text: the header, then one line per row by index.
    public var text: String { ([BenchmarkTable.header] + rows.map(\.line)).joined(separator: "\n") + "\n" }

    /// One paragraph for the user: counts, skipped lines, kernels.
    public func summary(inputs: Int, output: String) -> String {
        var lines = ["merged \(inputs) file(s) into \(output): \(rows.count) rows"
                     + (rows.isEmpty ? "" : " (indices \(rows.first!.index) to \(rows.last!.index))")]
        if !duplicates.isEmpty { lines.append("\(duplicates.count) duplicate row(s) kept once (first at \(duplicates[0]))") }
        if !tornLines.isEmpty {
            lines.append("\(tornLines.count) torn line(s) skipped: " + tornLines.prefix(5).map(\.description).joined(separator: ", ")
                         + (tornLines.count > 5 ? ", ..." : "") + " (run bench-build again on that shard to train them)")
        }
        lines.append("kernels: " + kernels.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
                     + (kernels.count > 1 ? " (rows from different kernels round differently)" : ""))
        return lines.joined(separator: "\n")
    }
}
