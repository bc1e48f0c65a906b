import Foundation
import TensorKit

/// Parameters and optimizer state in one versioned file.
///
/// Layout: the 8 bytes `DWBCKPT1`, a little-endian UInt32 header length, a JSON header
/// (`version`, `metadata`, and `entries`: name, shape, offset), the Float32 values little-endian,
/// and an 8-byte FNV-1a checksum of everything before it. Loading checks the magic, version,
/// sizes, checksum and that every name and shape matches the model before it changes anything.
public enum Checkpoint {
    public static let version = 1
    static let magic = Array("DWBCKPT1".utf8)

    struct Header: Codable {
        struct Entry: Codable { var name: String; var shape: [Int]; var offset: Int }
        var version: Int
        var metadata: [String: String]
        var entries: [Entry]
    }

    public enum LoadError: Error, CustomStringConvertible, Equatable {
        case unreadable(String)
        case notACheckpoint
        case unsupportedVersion(Int)
        case truncated
        case checksumMismatch
        case mismatch(String)

        public var description: String {
            switch self {
            case .unreadable(let reason): "cannot read the checkpoint: \(reason)"
            case .notACheckpoint: "not a Deep Workbench checkpoint (bad magic bytes)"
            case .unsupportedVersion(let v): "checkpoint version \(v) is not supported (this build reads version \(Checkpoint.version))"
            case .truncated: "the checkpoint is truncated"
            case .checksumMismatch: "the checkpoint is corrupt (checksum mismatch)"
            case .mismatch(let what): "the checkpoint does not fit this model: \(what)"
            }
        }
    }

    /// Writes parameters and optimizer state atomically (temporary file, then rename).
    public static func save(parameters: [NamedParameter], optimizer: (any Optimizer)?, metadata: [String: String] = [:],
                            to url: URL) throws {
        var entries: [Header.Entry] = []
        var payload: [Float] = []
        for parameter in parameters {
            entries.append(.init(name: "parameter.\(parameter.name)", shape: parameter.tensor.shape, offset: payload.count))
            payload += parameter.tensor.data
        }
        for (name, values) in (optimizer?.state ?? [:]).sorted(by: { $0.key < $1.key }) {
            entries.append(.init(name: "optimizer.\(name)", shape: [values.count], offset: payload.count))
            payload += values
        }
        let header = try JSONEncoder().encode(Header(version: version, metadata: metadata, entries: entries))
        var bytes = magic
        bytes += withUnsafeBytes(of: UInt32(header.count).littleEndian, Array.init)
        bytes += header
        for value in payload { bytes += withUnsafeBytes(of: value.bitPattern.littleEndian, Array.init) }
        bytes += withUnsafeBytes(of: fnv1a(bytes).littleEndian, Array.init)
        try Data(bytes).write(to: url, options: .atomic)
    }

    /// Reads a checkpoint into the given parameters (and optimizer), all or nothing.
    /// Returns the metadata stored with it.
    @discardableResult
    public static func load(from url: URL, into parameters: [NamedParameter], optimizer: (any Optimizer)?) throws -> [String: String] {
        let bytes: [UInt8]
        do { bytes = try Array(Data(contentsOf: url)) } catch { throw LoadError.unreadable(error.localizedDescription) }
        guard bytes.count >= magic.count, Array(bytes.prefix(magic.count)) == magic else { throw LoadError.notACheckpoint }
        guard bytes.count >= magic.count + 4 + 8 else { throw LoadError.truncated }
        let headerLength = Int(readUInt32(bytes, at: magic.count))
        let headerStart = magic.count + 4
        guard headerStart + headerLength + 8 <= bytes.count else { throw LoadError.truncated }
        let body = bytes.count - 8
        guard fnv1a(bytes[..<body]) == readUInt64(bytes, at: body) else {
            throw LoadError.checksumMismatch
        }
        guard let header = try? JSONDecoder().decode(Header.self, from: Data(bytes[headerStart..<(headerStart + headerLength)])) else {
            throw LoadError.notACheckpoint
        }
        guard header.version == version else { throw LoadError.unsupportedVersion(header.version) }
        let valuesStart = headerStart + headerLength
        let valueCount = (body - valuesStart) / 4
        func values(of entry: Header.Entry) throws -> [Float] {
            let count = entry.shape.elementCount
            guard entry.offset >= 0, entry.offset + count <= valueCount else { throw LoadError.truncated }
            return (0..<count).map { Float(bitPattern: readUInt32(bytes, at: valuesStart + 4 * (entry.offset + $0))) }
        }
        let byName = Dictionary(header.entries.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })

        // Check and stage everything first; nothing changes unless all of it fits.
        var staged: [[Float]] = []
        for parameter in parameters {
            guard let entry = byName["parameter.\(parameter.name)"] else { throw LoadError.mismatch("no values for \(parameter.name)") }
            guard entry.shape == parameter.tensor.shape else {
                throw LoadError.mismatch("\(parameter.name) has shape \(entry.shape) in the file, \(parameter.tensor.shape) in the model")
            }
            staged.append(try values(of: entry))
        }
        let extra = header.entries.filter { $0.name.hasPrefix("parameter.") }.count - parameters.count
        guard extra == 0 else { throw LoadError.mismatch("the file has \(extra) parameters the model does not") }
        var optimizerState: [String: [Float]] = [:]
        for entry in header.entries where entry.name.hasPrefix("optimizer.") {
            optimizerState[String(entry.name.dropFirst("optimizer.".count))] = try values(of: entry)
        }
        if let optimizer {
            do { try optimizer.restore(optimizerState) } catch { throw LoadError.mismatch("\(error)") }
        }
        for (parameter, values) in zip(parameters, staged) { parameter.tensor.data = values }
        return header.metadata
    }

    /// FNV-1a, 64-bit: a fast checksum that catches truncation and flipped bytes.
    static func fnv1a<S: Sequence>(_ bytes: S) -> UInt64 where S.Element == UInt8 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash
    }

    static func readUInt32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[offset + $1]) << (8 * $1) }
    }

    static func readUInt64(_ bytes: [UInt8], at offset: Int) -> UInt64 {
        (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[offset + $1]) << (8 * $1) }
    }
}
