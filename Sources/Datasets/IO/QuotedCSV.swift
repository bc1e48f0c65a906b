import Foundation

/// RFC 4180 CSV: fields separated by commas, optionally in double quotes, `""` inside quotes
/// is one quote, and quoted fields may span lines. A leading UTF-8 byte order mark is skipped.
public enum QuotedCSV {
    /// Calls `body(fields, lineNumber)` for each record; `lineNumber` is the line where the
    /// record starts (from 1). An unterminated quote throws `DatasetError.malformed`.
    public static func forEachRecord(in data: Data, file: String,
                                     _ body: ([String], Int) throws -> Void) throws {
        let quote = UInt8(ascii: "\""), comma = ByteText.comma
        let newline = ByteText.newline, carriageReturn = ByteText.carriageReturn
        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let bytes = raw.bindMemory(to: UInt8.self)
            var index = 0
            if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
            var line = 1
            var fields: [String] = []
            var field: [UInt8] = []
            var recordLine = 1
            var quoted = false
            var quoteLine = 1
            var recordHasContent = false

            func endField() {
                fields.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
            }
            func endRecord() throws {
                endField()
                if recordHasContent || fields.count > 1 || !(fields.first ?? "").isEmpty {
                    try body(fields, recordLine)
                }
                fields.removeAll(keepingCapacity: true)
                recordHasContent = false
            }

            while index < bytes.count {
                let byte = bytes[index]
                if quoted {
                    if byte == quote {
                        if index + 1 < bytes.count, bytes[index + 1] == quote {
                            field.append(quote)
                            index += 1
                        } else {
                            quoted = false
                        }
                    } else {
                        if byte == newline { line += 1 }
                        field.append(byte)
                    }
                } else if byte == quote {
                    quoted = true
                    quoteLine = line
                    recordHasContent = true
                } else if byte == comma {
                    endField()
                    recordHasContent = true
                } else if byte == newline {
                    try endRecord()
                    line += 1
                    recordLine = line
                } else if byte == carriageReturn, index + 1 < bytes.count, bytes[index + 1] == newline {
                    // part of a CRLF line break
                } else {
                    field.append(byte)
                }
                index += 1
            }
            if quoted {
                throw DatasetError.malformed(file: file, line: quoteLine, reason: "a quoted field is never closed")
            }
            try endRecord()
        }
    }
}
