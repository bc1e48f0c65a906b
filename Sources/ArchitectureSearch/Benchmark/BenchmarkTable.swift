import Foundation
import Lab

/// A tabular NAS benchmark of our own (after NAS-Bench-101 / 201): every architecture of a space trained
/// once, stand-alone. A plain TSV file with one header line:
///
///     index  encoding  validation_accuracy  parameters  train_seconds  epochs  seed  kernel
///
/// `index` is the architecture's mixed-radix index in its space (`SearchSpace.index(of:)`);
/// `kernel` is the OpenBLAS kernel that trained the row (rows of tables built before it was
/// recorded have seven fields and no kernel).
public struct BenchmarkTable: Sendable {
    /// One measured architecture.
    public struct Row: Sendable, Equatable {
        public let index: Int
        public let encoding: String
        public let accuracy: Double
        public let parameters: Int
        public let seconds: Double
        public let epochs: Int
        public let seed: UInt64
        /// The OpenBLAS kernel that trained it (nil in tables built before it was recorded).
        public let kernel: String?

        public init(index: Int, encoding: String, accuracy: Double, parameters: Int, seconds: Double, epochs: Int, seed: UInt64,
                    kernel: String? = nil) {
            self.index = index
            self.encoding = encoding
            self.accuracy = accuracy
            self.parameters = parameters
            self.seconds = seconds
            self.epochs = epochs
            self.seed = seed
            self.kernel = kernel
        }

        /// The row as one TSV line (no newline).
        public var line: String {
            ([String(index), encoding, String(format: "%.6f", accuracy), String(parameters), String(format: "%.4f", seconds),
              String(epochs), String(seed)] + (kernel.map { [$0] } ?? [])).joined(separator: "\t")
        }

        /// Whether `other` is the same measurement: everything but the time taken and the kernel.
        public func measuresTheSame(as other: Row) -> Bool {
            index == other.index && encoding == other.encoding && line(of: accuracy) == line(of: other.accuracy)
                && parameters == other.parameters && epochs == other.epochs && seed == other.seed
        }

        private func line(of accuracy: Double) -> String { String(format: "%.6f", accuracy) }

        /// Parses a TSV line; nil for a malformed (e.g. truncated) one.
        public init?(line: Substring) {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 7 || (fields.count == 8 && !fields[7].isEmpty), let index = Int(fields[0]), let accuracy = Double(fields[2]), let parameters = Int(fields[3]),
                  let seconds = Double(fields[4]), let epochs = Int(fields[5]), let seed = UInt64(fields[6]),
                  !fields[1].isEmpty, (0...1).contains(accuracy) else { return nil }
            self.init(index: index, encoding: String(fields[1]), accuracy: accuracy, parameters: parameters, seconds: seconds,
                      epochs: epochs, seed: seed, kernel: fields.count == 8 ? String(fields[7]) : nil)
        }
    }

    public static let header = "index\tencoding\tvalidation_accuracy\tparameters\ttrain_seconds\tepochs\tseed\tkernel"

    /// Whether `line` is a table's header (with or without the kernel column).
    public static func isHeader(_ line: Substring) -> Bool { line.hasPrefix("index\tencoding\tvalidation_accuracy") }

    /// Rows by architecture index (the first row wins if an index repeats).
    public let rows: [Int: Row]

    public init(rows: [Row]) {
        var byIndex: [Int: Row] = [:]
        for row in rows where byIndex[row.index] == nil { byIndex[row.index] = row }
        self.rows = byIndex
    }

    /// Parses a table's text: the header, then rows; lines that do not parse (a truncated last line of an
    /// interrupted build) are skipped.
    public init(text: String) {
        self.init(rows: text.split(whereSeparator: \.isNewline).dropFirst().compactMap { Row(line: $0) })
    }

    public init(contentsOf url: URL) throws {
        self.init(text: try String(contentsOf: url, encoding: .utf8))
    }

    public func accuracy(of index: Int) -> Double? { rows[index]?.accuracy }

    /// The most accurate row (ties: lower index).
    public var best: Row? { rows.values.max { $0.accuracy != $1.accuracy ? $0.accuracy < $1.accuracy : $0.index > $1.index } }

    /// Whether every index of `space` has a row.
    public func covers(_ space: SearchSpace) -> Bool { rows.count >= space.size && (0..<space.size).allSatisfy { rows[$0] != nil } }

    /// The committed table of the benchmark cell space on UCI digits, found from the project root.
    public static func committedCellTableURL(root: URL? = nil) -> URL? {
        (root ?? ProjectLocator.projectRoot()).map { $0.appendingPathComponent("data/nas/cell-digits.tsv") }
    }
}

