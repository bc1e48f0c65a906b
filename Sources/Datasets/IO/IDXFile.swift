import Foundation

/// The IDX format of MNIST and Fashion-MNIST (LeCun et al.): a big-endian header
/// `00 00 08 D` (unsigned bytes, D dimensions), D big-endian UInt32 sizes, then the bytes
/// in row-major order. Files may be gzip-compressed.
public struct IDXFile: Sendable {
    /// Sizes of each dimension, e.g. `[60000, 28, 28]` for images, `[60000]` for labels.
    public let dimensions: [Int]
    /// The values, row-major; `bytes.count` is the product of `dimensions` (or less with a limit).
    public let bytes: [UInt8]

    /// Reads a (possibly gzipped) IDX file. `expectedDimensionCount` is 3 for images, 1 for
    /// labels; `limit` keeps only the first items along the first dimension.
    public static func read(_ url: URL, expectedDimensionCount: Int? = nil, limit: Int? = nil) throws -> IDXFile {
        let data = try Gzip.readMaybeCompressed(url)
        return try parse(data, file: url.path, expectedDimensionCount: expectedDimensionCount, limit: limit)
    }

    /// Parses IDX bytes; checks the magic number, the dimension count and the data size.
    public static func parse(_ data: Data, file: String, expectedDimensionCount: Int? = nil, limit: Int? = nil) throws -> IDXFile {
        try withValues(data, file: file, expectedDimensionCount: expectedDimensionCount, limit: limit) { dimensions, values in
            IDXFile(dimensions: dimensions, bytes: Array(values))
        }
    }

    /// Checks the header and hands the (limited) dimensions and values to `body` without copying.
    static func withValues<T>(_ data: Data, file: String, expectedDimensionCount: Int?, limit: Int?,
                              _ body: ([Int], UnsafeBufferPointer<UInt8>) throws -> T) throws -> T {
        func fail(_ reason: String) -> DatasetError { .malformed(file: file, line: 1, reason: reason) }
        return try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> T in
            let bytes = raw.bindMemory(to: UInt8.self)
            guard bytes.count >= 4 else { throw fail("too short for an IDX header (\(bytes.count) bytes)") }
            guard bytes[0] == 0, bytes[1] == 0 else {
                throw fail(String(format: "bad IDX magic number %02x %02x %02x %02x (expected 00 00 08 0N)", bytes[0], bytes[1], bytes[2], bytes[3]))
            }
            guard bytes[2] == 0x08 else { throw fail(String(format: "IDX element type 0x%02x is not unsigned bytes (0x08)", bytes[2])) }
            let dimensionCount = Int(bytes[3])
            if let expected = expectedDimensionCount, expected != dimensionCount {
                throw fail("IDX file has \(dimensionCount) dimensions, expected \(expected) (magic 0x0000080\(expected))")
            }
            let headerSize = 4 + 4 * dimensionCount
            guard dimensionCount > 0, bytes.count >= headerSize else { throw fail("IDX header is truncated") }
            var dimensions: [Int] = []
            for index in 0..<dimensionCount {
                let offset = 4 + 4 * index
                dimensions.append(Int(bytes[offset]) << 24 | Int(bytes[offset + 1]) << 16 | Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3]))
            }
            let itemSize = dimensions.dropFirst().reduce(1, *)
            let expectedSize = dimensions[0] * itemSize
            guard bytes.count - headerSize == expectedSize else {
                throw fail("IDX header promises \(dimensions.map(String.init).joined(separator: " x ")) = \(expectedSize) bytes of data, found \(bytes.count - headerSize)")
            }
            var kept = dimensions
            if let limit { kept[0] = min(max(limit, 0), dimensions[0]) }
            return try body(kept, UnsafeBufferPointer(rebasing: bytes[headerSize..<(headerSize + kept[0] * itemSize)]))
        }
    }
}
