import CZlib
import Foundation

/// gzip (RFC 1952) decompression through zlib's `inflate`.
public enum Gzip {
    /// True when `data` starts with the gzip magic bytes 1f 8b.
    public static func isGzip(_ data: Data) -> Bool {
        data.count >= 2 && data[data.startIndex] == 0x1F && data[data.startIndex + 1] == 0x8B
    }

    /// Inflates gzip data. Concatenated members (as `cat a.gz b.gz` makes) are all inflated;
    /// zero padding after the last member is ignored. Truncated or damaged input throws
    /// `DatasetError.corruptGzip`.
    public static func decompress(_ data: Data) throws -> Data {
        guard isGzip(data) else { throw DatasetError.corruptGzip(reason: "not gzip data (missing the 1f 8b header)") }
        var stream = z_stream()
        // windowBits 16 + MAX_WBITS: expect a gzip header and trailer (CRC-32 and length are checked).
        var status = inflateInit2_(&stream, 16 + MAX_WBITS, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { throw DatasetError.corruptGzip(reason: "zlib initialisation failed (\(status))") }
        defer { inflateEnd(&stream) }

        // Inflate straight into the result, doubling it when full (no chunk copies).
        var output = Data(count: expectedSize(of: data))
        var produced = 0
        try data.withUnsafeBytes { (input: UnsafeRawBufferPointer) in
            let base = input.bindMemory(to: UInt8.self).baseAddress!
            stream.next_in = UnsafeMutablePointer(mutating: base)
            stream.avail_in = UInt32(input.count)
            while true {
                if produced == output.count { output.count *= 2 }
                let room = min(output.count - produced, Int(UInt32.max))
                status = output.withUnsafeMutableBytes { (buffer: UnsafeMutableRawBufferPointer) in
                    stream.next_out = buffer.bindMemory(to: UInt8.self).baseAddress! + produced
                    stream.avail_out = UInt32(room)
                    return inflate(&stream, Z_NO_FLUSH)
                }
                let madeNow = room - Int(stream.avail_out)
                produced += madeNow
                let offset = input.count - Int(stream.avail_in)
                switch status {
                case Z_STREAM_END:
                    // Another member may follow; anything else must be zero padding.
                    let rest = UnsafeRawBufferPointer(rebasing: input[offset...])
                    if rest.isEmpty || rest.allSatisfy({ $0 == 0 }) { return }
                    guard rest.count >= 2, rest[0] == 0x1F, rest[1] == 0x8B else {
                        throw DatasetError.corruptGzip(reason: "\(rest.count) bytes of trailing garbage after the gzip data")
                    }
                    guard inflateReset(&stream) == Z_OK else { throw DatasetError.corruptGzip(reason: "zlib reset failed") }
                case Z_OK:
                    if stream.avail_in == 0 && stream.avail_out > 0 {
                        throw DatasetError.corruptGzip(reason: "truncated: the data ended inside a gzip member after \(offset) bytes")
                    }
                case Z_BUF_ERROR:
                    if stream.avail_out > 0 {
                        throw DatasetError.corruptGzip(reason: "truncated: the data ended inside a gzip member after \(offset) bytes")
                    }
                default:
                    let message = stream.msg.map { String(cString: $0) } ?? "zlib error \(status)"
                    throw DatasetError.corruptGzip(reason: "\(message) (at input byte \(offset))")
                }
            }
        }
        output.count = produced
        return output
    }

    /// The last member's ISIZE trailer field (uncompressed length mod 2^32), a size hint only.
    private static func expectedSize(of data: Data) -> Int {
        guard data.count >= 18 else { return 1 << 16 }
        let end = data.endIndex
        let size = (0..<4).reduce(0) { $0 | Int(data[end - 4 + $1]) << (8 * $1) }
        return min(max(size, 1 << 16), 1 << 30)
    }

    /// Reads a file, inflating it when it starts with the gzip magic bytes.
    public static func readMaybeCompressed(_ url: URL) throws -> Data {
        let data: Data
        do { data = try Data(contentsOf: url, options: .mappedIfSafe) } catch {
            throw DatasetError.io(path: url.path, reason: "cannot read (\(error.localizedDescription))")
        }
        guard isGzip(data) else { return data }
        do { return try decompress(data) } catch let DatasetError.corruptGzip(reason) {
            throw DatasetError.corruptGzip(reason: "\(url.path): \(reason)")
        }
    }
}
