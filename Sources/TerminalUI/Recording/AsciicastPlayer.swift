#if canImport(Foundation)
import Foundation

// MARK: - Asciicast player

/// Reads an asciicast v2 file and replays its output onto a ``ScreenBuffer`` with
/// ``ANSIInterpreter``: what a recording looks like at any time, for tests.
///
/// ```swift
/// let player = try AsciicastPlayer(text: recorder.takePendingText())
/// player.screen().sameAppearance(as: lastFrame)   // true
/// ```
public struct AsciicastPlayer: Sendable {
    /// The header line.
    public struct Header: Hashable, Sendable {
        public var version: Int
        public var width: Int
        public var height: Int
        public var timestamp: Int?
        public var title: String?
        public var environment: [String: String]
    }

    /// One event line: `[time, type, data]`.
    public struct Event: Hashable, Sendable {
        /// Seconds since the recording began.
        public var time: Double
        /// "o" (output), "r" (resize to "WxH"), "i" (input) or "m" (marker).
        public var type: String
        public var data: String
    }

    /// A line that is not what asciicast v2 allows.
    public struct FormatError: Error, CustomStringConvertible {
        public var line: Int
        public var reason: String
        public var description: String { "asciicast line \(line): \(reason)" }
    }

    public let header: Header
    public let events: [Event]

    /// Parses the text of a `.cast` file.
    public init(text: String) throws {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true)
        guard let first = lines.first else { throw FormatError(line: 1, reason: "empty file") }
        guard let object = try? JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any],
              let version = object["version"] as? Int, let width = object["width"] as? Int,
              let height = object["height"] as? Int else {
            throw FormatError(line: 1, reason: "the header needs version, width and height")
        }
        guard version == 2 else { throw FormatError(line: 1, reason: "version \(version), expected 2") }
        header = Header(version: version, width: width, height: height, timestamp: object["timestamp"] as? Int,
                        title: object["title"] as? String,
                        environment: object["env"] as? [String: String] ?? [:])
        events = try lines.dropFirst().enumerated().map { offset, line in
            guard let array = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [Any], array.count == 3,
                  let time = Self.number(array[0]), let type = array[1] as? String,
                  let data = array[2] as? String else {
                throw FormatError(line: offset + 2, reason: "an event is [time, type, data]")
            }
            return Event(time: time, type: type, data: data)
        }
    }

    /// A JSON number as Foundation hands it over (Double, Int or NSNumber, by platform).
    private static func number(_ value: Any) -> Double? {
        if let double = value as? Double { return double }
        if let integer = value as? Int { return Double(integer) }
        return (value as? NSNumber)?.doubleValue
    }

    /// Parses the `.cast` file at `url`.
    public init(contentsOf url: URL) throws {
        try self.init(text: String(decoding: try Data(contentsOf: url), as: UTF8.self))
    }

    /// The screen after every output and resize event up to `time` (all of them by default).
    public func screen(upTo time: Double = .infinity) -> ScreenBuffer {
        var terminal = ANSIInterpreter(width: header.width, height: header.height)
        for event in events where event.time <= time {
            switch event.type {
            case "o":
                terminal.feed(event.data)
            case "r":
                let size = event.data.split(separator: "x").compactMap { Int($0) }
                if size.count == 2 { terminal.resize(width: size[0], height: size[1]) }
            default:
                break
            }
        }
        return terminal.screen
    }
}
#endif
