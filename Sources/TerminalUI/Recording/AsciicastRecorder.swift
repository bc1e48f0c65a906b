#if canImport(Foundation)
import Foundation
#endif

// MARK: - Asciicast recorder

/// Records a session as an asciicast v2 file (<https://docs.asciinema.org/manual/asciicast/v2/>)
/// from the frames the screen draws, without touching a terminal.
///
/// The file is a JSON header line, `{"version": 2, "width": W, "height": H, "timestamp": …,
/// "env": {…}, "title": …}`, then one line per event: `[seconds, "o", "text"]`, whose text is the
/// escape output that turns the previous frame into this one (see ``ANSIEncoder``). The first
/// frame clears the screen and draws every cell that is not blank; a frame of another size writes
/// a resize event `[seconds, "r", "WxH"]` and then clears and redraws the same way. The header
/// has the first frame's size. Frames that change nothing write nothing.
///
/// Cost to the caller: ``record(_:at:changes:)`` encodes the diff it is given (or computes one
/// against the last recorded frame) and appends a line to an in-memory string: work in proportion
/// to the cells that changed. Writing is left to the owner: ``takePendingText()`` hands over what
/// was recorded since the last call (for a background queue to append to a file), and
/// ``appendPendingText(to:)`` does that append in place.
///
/// ```swift
/// var recorder = AsciicastRecorder(title: "workbench")
/// recorder.record(frame, at: 0.0)
/// recorder.record(nextFrame, at: 0.1)
/// try recorder.appendPendingText(to: URL(fileURLWithPath: "session.cast"))
/// ```
public struct AsciicastRecorder: Sendable {
    /// The header's `title` (omitted when `nil`).
    public let title: String?
    /// The header's `timestamp`: when the recording began, in seconds since 1970.
    public let timestamp: Int
    /// The header's `env` object.
    public let environment: [String: String]
    /// Frames given to ``record(_:at:changes:)``.
    public private(set) var frameCount = 0
    /// Event lines written (output and resize events).
    public private(set) var eventCount = 0

    private var previous: ScreenBuffer?
    private var lastTime = 0.0
    private var encoder = ANSIEncoder()
    private var pending = ""
    private let start = ContinuousClock.now

    /// Starts a recording; the header is written with the first frame.
    public init(title: String? = nil, timestamp: Int? = nil,
                environment: [String: String] = ["TERM": "xterm-256color"]) {
        self.title = title
        self.environment = environment
        #if canImport(Foundation)
        self.timestamp = timestamp ?? Int(Date().timeIntervalSince1970)
        #else
        self.timestamp = timestamp ?? 0
        #endif
    }

    /// Records `frame` as shown `time` seconds after the recording began (a time earlier than the
    /// last one is raised to it, so event times never decrease).
    ///
    /// - Parameter changes: `frame.diff(from: last recorded frame)` if the caller has already
    ///   computed it (a backend drawing every recorded frame has); computed here when `nil`.
    ///   Ignored when the size changed.
    public mutating func record(_ frame: ScreenBuffer, at time: Double, changes: [CellChange]? = nil) {
        frameCount += 1
        let time = max(time.isFinite ? time : lastTime, lastTime)
        lastTime = time
        var text = ""
        if let previous, previous.width == frame.width, previous.height == frame.height {
            encoder.draw(changes ?? frame.diff(from: previous), width: frame.width, into: &text)
        } else {
            if previous == nil {
                pending += Self.headerLine(width: frame.width, height: frame.height, timestamp: timestamp,
                                           environment: environment, title: title)
                encoder.hideCursor(into: &text)
            } else {
                appendEvent(time: time, type: "r", data: "\(frame.width)x\(frame.height)")
            }
            encoder.clearScreen(into: &text)
            let blank = ScreenBuffer(width: frame.width, height: frame.height)
            encoder.draw(frame.diff(from: blank), width: frame.width, into: &text)
        }
        previous = frame
        if !text.isEmpty { appendEvent(time: time, type: "o", data: text) }
    }

    /// Records `frame` at the time elapsed since this recorder was made.
    public mutating func record(_ frame: ScreenBuffer, changes: [CellChange]? = nil) {
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        record(frame, at: seconds, changes: changes)
    }

    /// The lines recorded since the last call (the header first), and forgets them.
    public mutating func takePendingText() -> String {
        defer { pending = "" }
        return pending
    }

    #if canImport(Foundation)
    /// Appends the pending lines to the file at `url` (created if missing) and forgets them.
    public mutating func appendPendingText(to url: URL) throws {
        let data = Data(takePendingText().utf8)
        if !FileManager.default.fileExists(atPath: url.path) {
            try data.write(to: url)
            return
        }
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: data)
    }
    #endif

    // MARK: - Lines

    private mutating func appendEvent(time: Double, type: String, data: String) {
        pending += "[" + Self.seconds(time) + ", " + JSONText.quoted(type) + ", " + JSONText.quoted(data) + "]\n"
        eventCount += 1
    }

    /// `time` with six decimals ("1.250000"), without Foundation's formatter.
    static func seconds(_ time: Double) -> String {
        let micros = Int((time * 1_000_000).rounded())
        let fraction = String(micros % 1_000_000)
        return String(micros / 1_000_000) + "." + String(repeating: "0", count: 6 - fraction.count) + fraction
    }

    static func headerLine(width: Int, height: Int, timestamp: Int, environment: [String: String],
                           title: String?) -> String {
        let env = environment.sorted { $0.key < $1.key }
            .map { JSONText.quoted($0.key) + ": " + JSONText.quoted($0.value) }.joined(separator: ", ")
        var line = "{\"version\": 2, \"width\": \(width), \"height\": \(height), \"timestamp\": \(timestamp), "
            + "\"env\": {\(env)}"
        if let title { line += ", \"title\": " + JSONText.quoted(title) }
        return line + "}\n"
    }
}

/// JSON string literals, written by hand so the recorder needs no encoder and keeps key order.
enum JSONText {
    /// `text` as a JSON string: quotes, backslashes and control characters escaped
    /// (ESC as `\u001b`, as asciinema writes it); everything else as UTF-8.
    static func quoted(_ text: String) -> String {
        var bytes: [UInt8] = [0x22]
        bytes.reserveCapacity(text.utf8.count + 16)
        for byte in text.utf8 {
            switch byte {
            case 0x22: bytes += [0x5C, 0x22]            // \"
            case 0x5C: bytes += [0x5C, 0x5C]            // \\
            case 0x0A: bytes += [0x5C, 0x6E]            // \n
            case 0x0D: bytes += [0x5C, 0x72]            // \r
            case 0x09: bytes += [0x5C, 0x74]            // \t
            case 0..<0x20, 0x7F:                        // \u00XX
                let hex = Array("0123456789abcdef".utf8)
                bytes += [0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            default: bytes.append(byte)                 // UTF-8 passes through
            }
        }
        bytes.append(0x22)
        return String(decoding: bytes, as: UTF8.self)
    }
}
