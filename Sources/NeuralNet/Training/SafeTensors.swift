import Foundation

/// The safetensors file format (Hugging Face, https://github.com/huggingface/safetensors), which
/// PyTorch, JAX, numpy and most model hubs read. A file is:
///
///     8 bytes     N, the header's length, an unsigned 64-bit little-endian integer
///     N bytes     the header: UTF-8 JSON, one object
///                   { "<name>": { "dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end] }, ...,
///                     "__metadata__": { "<key>": "<string value>", ... } }
///                 padded with spaces (0x20) so that N is a multiple of 8
///     the rest    the data section: each tensor's values, row-major, little-endian, at
///                 [begin, end) counted from the start of the data section
///
/// The format's rules, which `read` enforces: the header starts with `{`; the tensors tile the
/// data section exactly (no gaps, no overlaps, nothing after the last); end - begin is the
/// element count times the dtype's size; metadata values are strings; the header is at most
/// 100 MB. The writer puts tensors in the order given, one after another.
public enum SafeTensors {
    /// One tensor's header entry.
    public struct Entry: Equatable, Sendable {
        public var name: String
        /// "F32", "F64", "I64", … (the format's names).
        public var dtype: String
        public var shape: [Int]
        /// Byte range inside the data section.
        public var offsets: Range<Int>
    }

    /// A parsed file: its entries in data order, its metadata, and the data section.
    public struct File: Sendable {
        public var entries: [Entry]
        public var metadata: [String: String]
        public var data: Data

        /// The values of an F32 entry.
        public func floats(_ entry: Entry) -> [Float] {
            precondition(entry.dtype == "F32", "only F32 tensors are read as Float")
            let bytes = data[data.startIndex + entry.offsets.lowerBound ..< data.startIndex + entry.offsets.upperBound]
            return stride(from: bytes.startIndex, to: bytes.endIndex, by: 4).map { index in
                let bits = (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[index + $1]) << (8 * $1) }
                return Float(bitPattern: bits)
            }
        }
    }

    /// Bytes per element of the format's dtypes.
    public static let dtypeSizes: [String: Int] = [
        "BOOL": 1, "U8": 1, "I8": 1, "F8_E5M2": 1, "F8_E4M3": 1,
        "I16": 2, "U16": 2, "F16": 2, "BF16": 2,
        "I32": 4, "U32": 4, "F32": 4,
        "I64": 8, "U64": 8, "F64": 8,
    ]

    /// The largest header the format allows.
    public static let maximumHeaderLength = 100_000_000

    public enum FormatError: Error, Equatable, CustomStringConvertible {
        /// The bytes do not follow the layout; the reason says where.
        case notSafeTensors(String)
        case duplicateName(String)

        public var description: String {
            switch self {
            case .notSafeTensors(let reason): "not a safetensors file: \(reason)"
            case .duplicateName(let name): "two tensors are named '\(name)'"
            }
        }
    }

    // MARK: - Writing

    /// The file holding `tensors` as F32 in the given order, with `metadata`.
    public static func encode(_ tensors: [(name: String, shape: [Int], values: [Float])],
                              metadata: [String: String]) throws -> Data {
        var seen = Set<String>()
        var fields: [String] = []
        var offset = 0
        for tensor in tensors {
            guard seen.insert(tensor.name).inserted, tensor.name != "__metadata__" else { throw FormatError.duplicateName(tensor.name) }
            precondition(tensor.shape.reduce(1, *) == tensor.values.count, "\(tensor.name): shape and values disagree")
            let end = offset + 4 * tensor.values.count
            fields.append("\(quoted(tensor.name)):{\"dtype\":\"F32\",\"shape\":[\(tensor.shape.map(String.init).joined(separator: ","))],"
                          + "\"data_offsets\":[\(offset),\(end)]}")
            offset = end
        }
        let pairs = metadata.sorted { $0.key < $1.key }.map { "\(quoted($0.key)):\(quoted($0.value))" }
        fields.append("\"__metadata__\":{\(pairs.joined(separator: ","))}")
        var header = Array("{\(fields.joined(separator: ","))}".utf8)
        header += [UInt8](repeating: 0x20, count: (8 - header.count % 8) % 8)

        var bytes = [UInt8]()
        bytes.reserveCapacity(8 + header.count + offset)
        bytes += withUnsafeBytes(of: UInt64(header.count).littleEndian, Array.init)
        bytes += header
        for tensor in tensors {
            for value in tensor.values { bytes += withUnsafeBytes(of: value.bitPattern.littleEndian, Array.init) }
        }
        return Data(bytes)
    }

    /// A JSON string literal (JSONEncoder escapes it; no slash escaping).
    private static func quoted(_ text: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        return String(decoding: try! encoder.encode(text), as: UTF8.self)
    }

    // MARK: - Reading

    /// Parses and checks a file's layout (see the type's documentation).
    public static func decode(_ bytes: Data) throws -> File {
        let bytes = Data(bytes)  // indices from 0
        guard bytes.count >= 8 else { throw FormatError.notSafeTensors("it is \(bytes.count) bytes long, shorter than the 8-byte header length") }
        let length = (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[$1]) << (8 * UInt64($1)) }
        guard length <= UInt64(maximumHeaderLength), length <= UInt64(bytes.count - 8) else {
            throw FormatError.notSafeTensors("the header length \(length) does not fit in the file (\(bytes.count) bytes)")
        }
        let headerBytes = bytes[8..<(8 + Int(length))]
        guard headerBytes.first == UInt8(ascii: "{") else { throw FormatError.notSafeTensors("the header does not start with '{'") }
        let header: Header
        do { header = try JSONDecoder().decode(Header.self, from: headerBytes) } catch let error as FormatError { throw error } catch {
            throw FormatError.notSafeTensors("the header is not the expected JSON (\(error))")
        }
        let data = bytes[(8 + Int(length))...]
        var position = 0
        for entry in header.entries.sorted(by: { ($0.offsets.lowerBound, $0.offsets.upperBound) < ($1.offsets.lowerBound, $1.offsets.upperBound) }) {
            guard let size = dtypeSizes[entry.dtype] else { throw FormatError.notSafeTensors("\(entry.name) has the unknown dtype \(entry.dtype)") }
            guard entry.shape.allSatisfy({ $0 >= 0 }) else { throw FormatError.notSafeTensors("\(entry.name) has a negative dimension") }
            guard entry.offsets.lowerBound == position else {
                throw FormatError.notSafeTensors("\(entry.name) starts at byte \(entry.offsets.lowerBound) of the data, expected \(position) (tensors must tile the data)")
            }
            let count = entry.shape.reduce((1, false)) { product, dimension in
                let next = product.0.multipliedReportingOverflow(by: dimension)
                return (next.partialValue, product.1 || next.overflow)
            }
            guard !count.1, entry.offsets.count == count.0 * size else {
                throw FormatError.notSafeTensors("\(entry.name) has \(entry.offsets.count) bytes for shape \(entry.shape) of \(entry.dtype)")
            }
            position = entry.offsets.upperBound
        }
        guard position == data.count else {
            throw FormatError.notSafeTensors("the tensors cover \(position) bytes of data, the file has \(data.count)")
        }
        return File(entries: header.entries.sorted { $0.offsets.lowerBound < $1.offsets.lowerBound }, metadata: header.metadata,
                    data: Data(data))
    }

    /// The header object: tensor entries under their names, and the optional `__metadata__`.
    private struct Header: Decodable {
        var entries: [Entry] = []
        var metadata: [String: String] = [:]

        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        struct Fields: Decodable {
            var dtype: String
            var shape: [Int]
            var data_offsets: [Int]
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Key.self)
            for key in container.allKeys {
                if key.stringValue == "__metadata__" {
                    metadata = try container.decode([String: String].self, forKey: key)
                    continue
                }
                let fields = try container.decode(Fields.self, forKey: key)
                guard fields.data_offsets.count == 2, fields.data_offsets[0] >= 0, fields.data_offsets[0] <= fields.data_offsets[1] else {
                    throw FormatError.notSafeTensors("\(key.stringValue) has bad data_offsets \(fields.data_offsets)")
                }
                entries.append(Entry(name: key.stringValue, dtype: fields.dtype, shape: fields.shape,
                                     offsets: fields.data_offsets[0]..<fields.data_offsets[1]))
            }
        }
    }
}
