import Foundation
import TerminalUI

/// Records the frames the app draws as an asciicast v2 file (`workbench open ID --record
/// FILE.cast`, or key R), for asciinema and web players. It records on the screen's thread from
/// the frames already drawn, so training is not slowed; what was recorded is appended to the
/// file about once a second and when the recording stops.
public final class SessionRecording {
    public let url: URL
    private var recorder: AsciicastRecorder
    private var lastWrite = ContinuousClock.now
    /// The last error writing the file (the recording goes on in memory until it can write).
    public private(set) var writeError: String?

    /// Starts a recording into `url`, which is created (or emptied) at once so that a bad path
    /// fails here, before anything is recorded.
    public init(url: URL, title: String = "Deep Workbench") throws {
        self.url = url
        recorder = AsciicastRecorder(title: title, environment: ["TERM": "xterm-256color", "SHELL": "/bin/sh"])
        do {
            try Data().write(to: url)
        } catch {
            throw RecordingError(path: url.path, reason: (error as NSError).localizedDescription)
        }
    }

    /// Records a frame as drawn now.
    public func record(_ frame: ScreenBuffer) {
        recorder.record(frame)
        if ContinuousClock.now - lastWrite > .seconds(1) { write() }
    }

    /// Appends what was recorded since the last write.
    public func write() {
        lastWrite = .now
        do {
            try recorder.appendPendingText(to: url)
            writeError = nil
        } catch {
            writeError = "\(error)"
        }
    }

    public var frameCount: Int { recorder.frameCount }
}

/// A recording file that cannot be written.
public struct RecordingError: Error, CustomStringConvertible {
    public let path: String
    public let reason: String
    public var description: String { "cannot record to \(path): \(reason)" }
}
