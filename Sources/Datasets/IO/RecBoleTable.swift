import Foundation

/// A RecBole atomic file (`.inter`, `.item`, `.user`): tab-separated, with a header line of
/// `name:type` fields such as `user_id:token	rating:float`.
struct RecBoleTable {
    let file: String
    let data: Data
    /// Column names from the header, without their `:type`.
    let columns: [String]

    init(url: URL) throws {
        do { data = try Data(contentsOf: url) } catch {
            throw DatasetError.io(path: url.path, reason: "cannot read (\(error.localizedDescription))")
        }
        file = url.path
        var header: [String]?
        ByteText.forEachLine(in: data) { line, number in
            guard number == 1 else { return }
            header = ByteText.string(line).split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        }
        guard let header, header.allSatisfy({ $0.contains(":") }) else {
            throw DatasetError.malformed(file: file, line: 1, reason: "expected a RecBole header of name:type fields separated by tabs")
        }
        columns = header.map { String($0.split(separator: ":", maxSplits: 1)[0]) }
    }

    /// The index of each named column, or a malformed-header error naming the missing one.
    func columnIndices(_ names: [String]) throws -> [Int] {
        try names.map { name in
            guard let index = columns.firstIndex(of: name) else {
                throw DatasetError.malformed(file: file, line: 1, reason: "the header has no '\(name)' column (it has \(columns.joined(separator: ", ")))")
            }
            return index
        }
    }

    /// Calls `body(fields, lineNumber)` for every data row; blank lines are skipped and each row
    /// must have as many fields as the header.
    func forEachRow(_ body: ([ByteSlice], Int) throws -> Void) throws {
        var fields: [ByteSlice] = []
        fields.reserveCapacity(columns.count)
        try ByteText.forEachLine(in: data) { line, number in
            guard number > 1, !line.isEmpty else { return }
            ByteText.split(line, separator: ByteText.tab, into: &fields)
            guard fields.count == columns.count else {
                throw DatasetError.malformed(file: file, line: number, reason: "expected \(columns.count) tab-separated fields, found \(fields.count): \(ByteText.excerpt(line))")
            }
            try body(fields, number)
        }
    }
}
