import Foundation

/// One person in the UCI Adult census data.
public struct AdultRecord: Sendable, Equatable {
    /// Values of `UCIAdult.numericColumns`, in that order; nil where the file has `?`.
    public var numeric: [Double?]
    /// Values of `UCIAdult.categoricalColumns`, in that order; nil where the file has `?`.
    public var categorical: [String?]
    /// The label: income above $50K a year.
    public var incomeAbove50K: Bool
}

/// UCI Adult / census income (Becker & Kohavi 1996): 32,561 training and 16,281 test rows of
/// 14 attributes and an income label, comma-and-space separated. `adult.test` starts with a
/// junk line (`|1x3 Cross validator`) and its labels end in `.` (`>50K.`).
public enum UCIAdult {
    public static let datasetName = "uci-adult"
    public static let trainFileName = "adult.data"
    public static let testFileName = "adult.test"

    /// The 15 columns of a line, in file order.
    public static let columns = ["age", "workclass", "fnlwgt", "education", "education-num", "marital-status",
                                 "occupation", "relationship", "race", "sex", "capital-gain", "capital-loss",
                                 "hours-per-week", "native-country", "income"]
    public static let numericColumns = ["age", "fnlwgt", "education-num", "capital-gain", "capital-loss", "hours-per-week"]
    public static let categoricalColumns = ["workclass", "education", "marital-status", "occupation",
                                            "relationship", "race", "sex", "native-country"]

    public enum Split: Sendable, CaseIterable {
        case train
        case test

        public var fileName: String { self == .train ? UCIAdult.trainFileName : UCIAdult.testFileName }
    }

    public static func load(_ split: Split, store: DataStore) throws -> [AdultRecord] {
        try load(from: store.url(of: split.fileName, in: datasetName))
    }

    /// Loads an adult.data / adult.test file. Blank lines and lines starting with `|` are skipped.
    public static func load(from url: URL) throws -> [AdultRecord] {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw DatasetError.io(path: url.path, reason: "cannot read (\(error.localizedDescription))")
        }
        let numericPositions = numericColumns.map { columns.firstIndex(of: $0)! }
        let categoricalPositions = categoricalColumns.map { columns.firstIndex(of: $0)! }
        let labelPosition = columns.count - 1
        var records: [AdultRecord] = []
        records.reserveCapacity(data.count / 100)
        var fields: [ByteSlice] = []
        try ByteText.forEachLine(in: data) { line, number in
            let content = ByteText.trimmed(line)
            if content.isEmpty || content[0] == UInt8(ascii: "|") { return }
            ByteText.split(content, separator: ByteText.comma, into: &fields)
            guard fields.count == columns.count else {
                throw DatasetError.malformed(file: url.path, line: number, reason: "expected \(columns.count) comma-separated fields, found \(fields.count)")
            }
            var numeric: [Double?] = []
            numeric.reserveCapacity(numericPositions.count)
            for position in numericPositions {
                let field = ByteText.trimmed(fields[position])
                if isMissing(field) { numeric.append(nil); continue }
                guard let value = ByteText.double(field) else {
                    throw DatasetError.malformed(file: url.path, line: number, reason: "\(columns[position]) \(ByteText.excerpt(field)) is not a number")
                }
                numeric.append(value)
            }
            let categorical: [String?] = categoricalPositions.map { position in
                let field = ByteText.trimmed(fields[position])
                return isMissing(field) ? nil : ByteText.string(field)
            }
            var label = ByteText.trimmed(fields[labelPosition])
            if label.last == UInt8(ascii: ".") { label = ByteSlice(rebasing: label.dropLast()) }
            let above: Bool
            if ByteText.equals(label, ">50K") { above = true } else if ByteText.equals(label, "<=50K") { above = false } else {
                throw DatasetError.malformed(file: url.path, line: number, reason: "income \(ByteText.excerpt(label)) is neither >50K nor <=50K")
            }
            records.append(AdultRecord(numeric: numeric, categorical: categorical, incomeAbove50K: above))
        }
        return records
    }

    private static func isMissing(_ field: ByteSlice) -> Bool {
        field.count == 1 && field[0] == UInt8(ascii: "?")
    }
}
