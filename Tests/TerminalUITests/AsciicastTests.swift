import Foundation
import Testing
@testable import TerminalUI

/// Frames of a small session: styled text, the 16 named and 256 indexed colours, the default
/// colour, every attribute, wide characters, and edits that break wide characters in half.
private func sessionFrames(width: Int = 24, height: Int = 6) -> [ScreenBuffer] {
    var frame = ScreenBuffer(width: width, height: height)
    frame.set(string: "Deep \"Workbench\" \\", at: (0, 0),
              style: Style(foreground: .brightWhite, background: .blue, attributes: .bold))
    frame.set(string: "loss 0.25", at: (1, 1), style: Style(foreground: .indexed(202), attributes: [.dim, .italic]))
    frame.set(string: "漢字 ok 🙂", at: (2, 2), style: Style(foreground: .green, background: .indexed(236)))
    frame.set(string: "edge", at: (width - 4, 3), style: Style(foreground: .default, background: .default,
                                                               attributes: [.underline, .reverse]))
    var frames = [frame]

    frame.set(string: "x", at: (3, 2), style: Style(foreground: .red))        // the right half of 漢
    frame.set(string: "loss 0.19", at: (1, 1), style: Style(attributes: .bold))
    frame.set(string: "█", at: (width - 1, height - 1), style: Style(foreground: .brightMagenta))
    frames.append(frame)

    frames.append(frame)                                                       // nothing changed
    frame.set(string: "字字", at: (8, 4), style: Style(background: .cyan))
    frame.set(string: "ab", at: (9, 4))                                        // halves of both
    frame.applyStyle(Style(foreground: .indexed(15)), to: Rect(x: 0, y: 0, width: 5, height: 1))
    frames.append(frame)
    return frames
}

/// Records `frames` at 0.1-second steps.
private func record(_ frames: [ScreenBuffer], title: String? = "test") -> String {
    var recorder = AsciicastRecorder(title: title, timestamp: 1_700_000_000)
    for (index, frame) in frames.enumerated() { recorder.record(frame, at: Double(index) * 0.1) }
    return recorder.takePendingText()
}

@Suite struct AsciicastTests {
    @Test func theHeaderIsJSONWithVersionAndSize() throws {
        let text = record(sessionFrames())
        let headerLine = try #require(text.split(separator: "\n").first)
        let header = try #require(try JSONSerialization.jsonObject(with: Data(headerLine.utf8)) as? [String: Any])
        #expect(header["version"] as? Int == 2)
        #expect(header["width"] as? Int == 24)
        #expect(header["height"] as? Int == 6)
        #expect(header["timestamp"] as? Int == 1_700_000_000)
        #expect(header["title"] as? String == "test")
        #expect((header["env"] as? [String: String])?["TERM"] == "xterm-256color")
        #expect(headerLine.hasPrefix("{\"version\": 2, \"width\": 24, \"height\": 6,"))
    }

    @Test func everyEventLineIsJSONAndTimesNeverDecrease() throws {
        var recorder = AsciicastRecorder(timestamp: 0)
        let frames = sessionFrames()
        for (frame, time) in zip(frames + [sessionFrames(width: 30)[0]], [0, 0.5, 0.7, 0.3, 1.0]) {
            recorder.record(frame, at: time)
        }
        let player = try AsciicastPlayer(text: recorder.takePendingText())
        #expect(player.events.count == recorder.eventCount)
        #expect(player.events.map(\.time) == [0, 0.5, 0.7, 1.0, 1.0])   // 0.3 raised to 0.7
        #expect(player.events.map(\.type) == ["o", "o", "o", "r", "o"])  // the unchanged frame wrote nothing
        #expect(zip(player.events, player.events.dropFirst()).allSatisfy { $0.time <= $1.time })
        #expect(player.header.title == nil)
    }

    @Test func replayingReproducesEveryFrame() throws {
        let frames = sessionFrames()
        let player = try AsciicastPlayer(text: record(frames))
        for (index, frame) in frames.enumerated() {
            #expect(player.screen(upTo: Double(index) * 0.1 + 0.01).sameAppearance(as: frame), "frame \(index)")
        }
        let last = player.screen()
        #expect(last.sameAppearance(as: frames.last!))
        #expect(last.lines() == frames.last!.lines())
    }

    @Test func aResizeMidRecordingStillReplaysToTheLastFrame() throws {
        let small = sessionFrames(width: 24, height: 6), large = sessionFrames(width: 40, height: 10)
        var narrow = ScreenBuffer(width: 12, height: 3)
        narrow.set(string: "narrow 字", at: (0, 1), style: Style(foreground: .yellow))
        let frames = [small[0], small[1], large[0], large[1], large[3], narrow]
        let text = record(frames)
        let player = try AsciicastPlayer(text: text)
        #expect(player.header.width == 24 && player.header.height == 6)
        #expect(player.events.filter { $0.type == "r" }.map(\.data) == ["40x10", "12x3"])
        #expect(player.screen().sameAppearance(as: narrow))
        #expect(player.screen(upTo: 0.41).sameAppearance(as: large[3]))
    }

    @Test func precomputedDiffsGiveTheSameFile() {
        let frames = sessionFrames()
        var given = AsciicastRecorder(timestamp: 5)
        for (index, frame) in frames.enumerated() {
            let changes = index == 0 ? nil : frame.diff(from: frames[index - 1])
            given.record(frame, at: Double(index), changes: changes)
        }
        var computed = AsciicastRecorder(timestamp: 5)
        for (index, frame) in frames.enumerated() { computed.record(frame, at: Double(index)) }
        #expect(given.takePendingText() == computed.takePendingText())
    }

    @Test func randomFramesReplayExactly() throws {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        let characters: [Character] = ["a", "Z", " ", "─", "⣿", "漢", "🙂", "é", "\"", "\\", "▀"]
        let colors: [Color?] = [nil, .default, .red, .brightCyan, .indexed(17), .indexed(255), .black]
        var frame = ScreenBuffer(width: 16, height: 5)
        var frames: [ScreenBuffer] = []
        for _ in 0..<40 {
            for _ in 0..<next(12) {
                let style = Style(foreground: colors[next(colors.count)], background: colors[next(colors.count)],
                                  attributes: Attributes(rawValue: UInt8(next(32))))
                frame.set(character: characters[next(characters.count)], at: (next(16), next(5)), style: style)
            }
            frames.append(frame)
        }
        let player = try AsciicastPlayer(text: record(frames))
        for (index, frame) in frames.enumerated() {
            #expect(player.screen(upTo: Double(index) * 0.1 + 0.01).sameAppearance(as: frame), "frame \(index)")
        }
    }

    @Test func stylesBecomeOneSelectGraphicRendition() {
        var output = ""
        ANSIEncoder.appendSelectGraphicRendition(
            Style(foreground: .red, background: .indexed(236), attributes: [.bold, .underline]), to: &output)
        #expect(output == "\u{1B}[0;1;4;31;48;5;236m")
        output = ""
        ANSIEncoder.appendSelectGraphicRendition(Style(foreground: .brightWhite, background: .default), to: &output)
        #expect(output == "\u{1B}[0;97;49m")
        #expect(JSONText.quoted("a\u{1B}[0m\"\\\n") == "\"a\\u001b[0m\\\"\\\\\\n\"")
        #expect(AsciicastRecorder.seconds(1.25) == "1.250000" && AsciicastRecorder.seconds(0.0000004) == "0.000000")
    }

    @Test func theFirstFrameClearsAndDrawsOnlyWhatIsNotBlank() throws {
        var frame = ScreenBuffer(width: 10, height: 2)
        frame.set(string: "hi", at: (4, 1))
        let player = try AsciicastPlayer(text: record([frame]))
        #expect(player.events.map(\.data) == ["\u{1B}[?25l\u{1B}[0m\u{1B}[2J\u{1B}[H\u{1B}[2;5Hhi"])
    }

    @Test func pendingTextIsAppendedToAFile() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("asciicast-\(UUID().uuidString).cast")
        defer { try? FileManager.default.removeItem(at: url) }
        let frames = sessionFrames()
        var recorder = AsciicastRecorder(timestamp: 1)
        recorder.record(frames[0], at: 0)
        try recorder.appendPendingText(to: url)
        recorder.record(frames[1], at: 1)
        try recorder.appendPendingText(to: url)
        #expect(try AsciicastPlayer(contentsOf: url).screen().sameAppearance(as: frames[1]))
    }
}
