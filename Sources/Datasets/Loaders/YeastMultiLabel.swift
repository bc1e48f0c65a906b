import Foundation

/// Yeast gene functions (Elisseeff & Weston 2001; MULAN version, shipped in river): 2,417
/// genes with 103 numeric features and 14 binary labels. CSV with a header
/// `Att1,...,Att103,Class1,...,Class14`, gzip-compressed.
public struct YeastMultiLabel: Sendable {
    public static let datasetName = "yeast"
    public static let fileName = "yeast.csv.gz"
    public static let featureCount = 103
    public static let labelCount = 14

    /// Row-major `[count, 103]`.
    public var features: [Float]
    /// One bit mask per gene: bit `j` set when the gene has label `Class(j+1)`.
    public var labelBits: [UInt16]

    public var count: Int { labelBits.count }

    /// Labels as 0/1 floats, row-major `[count, 14]` (a multi-label target).
    public var labelMatrix: [Float] {
        labelBits.flatMap { bits in (0..<Self.labelCount).map { Float((bits >> $0) & 1) } }
    }

    public static func load(store: DataStore) throws -> YeastMultiLabel {
        try load(from: store.url(of: fileName, in: datasetName))
    }

    /// Loads a CSV (gzip or plain) with a header line, 103 features then 14 labels of 0/1.
    public static func load(from url: URL) throws -> YeastMultiLabel {
        let data = try Gzip.readMaybeCompressed(url)
        let file = url.path
        let columnCount = featureCount + labelCount
        var features: [Float] = []
        var labelBits: [UInt16] = []
        features.reserveCapacity(2_500 * featureCount)
        var fields: [ByteSlice] = []
        try ByteText.forEachLine(in: data) { line, number in
            if number == 1 {
                let header = ByteText.string(line)
                guard header.hasPrefix("Att1,") else {
                    throw DatasetError.malformed(file: file, line: 1, reason: "expected a header starting 'Att1,'")
                }
                return
            }
            if line.isEmpty { return }
            ByteText.split(line, separator: ByteText.comma, into: &fields)
            guard fields.count == columnCount else {
                throw DatasetError.malformed(file: file, line: number, reason: "expected \(columnCount) values (103 features, 14 labels), found \(fields.count)")
            }
            for column in 0..<featureCount {
                guard let value = ByteText.double(fields[column]) else {
                    throw DatasetError.malformed(file: file, line: number, reason: "feature \(column + 1) \(ByteText.excerpt(fields[column])) is not a number")
                }
                features.append(Float(value))
            }
            var bits: UInt16 = 0
            for label in 0..<labelCount {
                let field = fields[featureCount + label]
                guard field.count == 1, field[0] == UInt8(ascii: "0") || field[0] == UInt8(ascii: "1") else {
                    throw DatasetError.malformed(file: file, line: number, reason: "label \(label + 1) \(ByteText.excerpt(field)) is not 0 or 1")
                }
                if field[0] == UInt8(ascii: "1") { bits |= 1 << UInt16(label) }
            }
            labelBits.append(bits)
        }
        return YeastMultiLabel(features: features, labelBits: labelBits)
    }
}
