import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A view of some bytes of a text file (a line or a field); no String is made unless asked.
public typealias ByteSlice = UnsafeBufferPointer<UInt8>

/// Fast byte-level text helpers: lines, fields, integers and decimals without a String per field.
public enum ByteText {
    public static let newline = UInt8(ascii: "\n")
    public static let carriageReturn = UInt8(ascii: "\r")
    public static let tab = UInt8(ascii: "\t")
    public static let comma = UInt8(ascii: ",")
    public static let space = UInt8(ascii: " ")

    /// Calls `body(line, lineNumber)` for each line (numbered from 1), without the line break.
    /// A `\r` before the `\n` is dropped; a final line without `\n` is included; the empty
    /// string after a final `\n` is not a line.
    public static func forEachLine(in data: Data, _ body: (ByteSlice, Int) throws -> Void) rethrows {
        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let bytes = raw.bindMemory(to: UInt8.self)
            var start = 0
            var number = 0
            let count = bytes.count
            while start < count {
                var end = start
                if let base = bytes.baseAddress,
                   let found = memchr(base + start, Int32(newline), count - start) {
                    end = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                } else {
                    end = count
                }
                number += 1
                var lineEnd = end
                if lineEnd > start && bytes[lineEnd - 1] == carriageReturn { lineEnd -= 1 }
                try body(ByteSlice(rebasing: bytes[start..<lineEnd]), number)
                start = end + 1
            }
        }
    }

    /// Splits `line` at every `separator` into `fields` (cleared first, capacity kept).
    public static func split(_ line: ByteSlice, separator: UInt8, into fields: inout [ByteSlice]) {
        fields.removeAll(keepingCapacity: true)
        var start = 0
        for index in 0..<line.count where line[index] == separator {
            fields.append(ByteSlice(rebasing: line[start..<index]))
            start = index + 1
        }
        fields.append(ByteSlice(rebasing: line[start..<line.count]))
    }

    /// `slice` without leading and trailing spaces and tabs.
    public static func trimmed(_ slice: ByteSlice) -> ByteSlice {
        var lower = 0
        var upper = slice.count
        while lower < upper, slice[lower] == space || slice[lower] == tab { lower += 1 }
        while upper > lower, slice[upper - 1] == space || slice[upper - 1] == tab || slice[upper - 1] == carriageReturn { upper -= 1 }
        return ByteSlice(rebasing: slice[lower..<upper])
    }

    /// A decimal integer with an optional sign, or nil.
    public static func int(_ slice: ByteSlice) -> Int? {
        var index = 0
        var negative = false
        if index < slice.count, slice[index] == UInt8(ascii: "-") || slice[index] == UInt8(ascii: "+") {
            negative = slice[index] == UInt8(ascii: "-")
            index += 1
        }
        guard index < slice.count, slice.count - index <= 18 else { return nil }
        var value = 0
        while index < slice.count {
            let digit = Int(slice[index]) &- 48
            guard digit >= 0 && digit <= 9 else { return nil }
            value = value * 10 + digit
            index += 1
        }
        return negative ? -value : value
    }

    /// A decimal number (`-0.17`, `3`, `1e-05`, `.5`), or nil. Integers take a fast path;
    /// everything else goes through `strtod` on a small NUL-terminated copy.
    public static func double(_ slice: ByteSlice) -> Double? {
        if let value = int(slice) { return Double(value) }
        guard !slice.isEmpty, slice.count < 64 else { return nil }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: slice.count + 1) { buffer -> Double? in
            for index in 0..<slice.count {
                let byte = slice[index]
                // strtod would also accept "nan", "inf" and hex; data files here never hold them.
                guard (48...57).contains(byte) || byte == 0x2E || byte == 0x2D || byte == 0x2B || byte == 0x65 || byte == 0x45 else { return nil }
                buffer[index] = CChar(bitPattern: byte)
            }
            buffer[slice.count] = 0
            var end: UnsafeMutablePointer<CChar>?
            let value = strtod(buffer.baseAddress!, &end)
            guard let end, buffer.baseAddress!.distance(to: end) == slice.count else { return nil }
            return value
        }
    }

    /// The bytes as a String (invalid UTF-8 is repaired).
    public static func string(_ slice: ByteSlice) -> String {
        String(decoding: slice, as: UTF8.self)
    }

    /// True when the slice equals the ASCII text.
    public static func equals(_ slice: ByteSlice, _ text: StaticString) -> Bool {
        guard slice.count == text.utf8CodeUnitCount else { return false }
        let other = text.utf8Start
        for index in 0..<slice.count where slice[index] != other[index] { return false }
        return true
    }

    /// A short printable excerpt of a line for error messages.
    public static func excerpt(_ slice: ByteSlice, limit: Int = 60) -> String {
        let text = string(ByteSlice(rebasing: slice[0..<min(slice.count, limit)]))
        return slice.count > limit ? "\"\(text)...\"" : "\"\(text)\""
    }
}
