import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing
import TestSupport

/// The real screen under tmux: start, open an experiment, train, pause, step, quit.
@Suite(.serialized) struct ScreenEndToEndTests {
    final class Session {
        let name = "wb-e2e-\(UUID().uuidString.prefix(8))"
        let exitFile = FileManager.default.temporaryDirectory.appendingPathComponent("wb-exit-\(UUID())")

        init(arguments: String) throws {
            let command = "cd '\(RealData.projectRoot.path)' && '\(Workbench.executable.path)' \(arguments); "
                + "echo $? > '\(exitFile.path)'; sleep 30"
            try tmux(["new-session", "-d", "-s", name, "-x", "120", "-y", "40", "env LANG=C.UTF-8 LC_ALL=C.UTF-8 sh -c \"\(command)\""])
        }

        func keys(_ keys: String...) throws {
            for key in keys {
                try tmux(["send-keys", "-t", name, key])
                usleep(150_000)
            }
        }

        func capture() throws -> [String] {
            try tmux(["capture-pane", "-p", "-t", name]).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        }

        /// Polls the screen until `condition` holds (10 s at most).
        func waitFor(_ condition: ([String]) -> Bool) throws -> [String] {
            var screen = try capture()
            for _ in 0..<100 where !condition(screen) {
                usleep(100_000)
                screen = try capture()
            }
            return screen
        }

        var exitStatus: String? { try? String(contentsOf: exitFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines) }

        deinit { _ = try? tmux(["kill-session", "-t", name]) }
    }

    @discardableResult
    static func tmux(_ arguments: [String]) throws -> String {
        // tmux runs through system(3), which waits for exactly its own child: Foundation's Process
        // was seen to miss the exit of the tmux client that starts the server. Output goes to a
        // file, not a pipe, because the server inherits the descriptor and would keep a pipe open.
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("tmux-\(UUID())")
        defer { try? FileManager.default.removeItem(at: output) }
        let quoted = (["tmux"] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        let status = system(quoted.joined(separator: " ") + " > '\(output.path)' 2>/dev/null < /dev/null")
        _ = status
        return (try? String(contentsOf: output, encoding: .utf8)) ?? ""
    }

    static func stepCount(_ screen: [String]) -> Int? {
        guard let line = screen.first(where: { $0.contains(" step ") && $0.contains("epoch ") }),
              let range = line.range(of: #"step (\d+)"#, options: .regularExpression) else { return nil }
        return Int(line[range].dropFirst(5))
    }

    @Test func trainPauseStepAndQuitInARealTerminal() throws {
        let session = try Session(arguments: "--epochs 500")
        _ = try session.waitFor { $0.joined().contains("Topics, lessons and experiments") }
        try session.keys("Down", "Down", "Down", "Down", "Enter")
        var screen = try session.waitFor { $0.first?.contains("● paused") == true }
        #expect(screen[0].contains("basics.mlp-digits"), "\(screen.joined(separator: "\n"))")
        try session.keys("+", "+")  // pace 50 ms per step: slow enough to watch
        try session.keys("Space")
        screen = try session.waitFor { ($0.first?.contains("● running") ?? false) && (Self.stepCount($0) ?? 0) > 5 }
        usleep(600_000)
        let later = try session.capture()
        #expect(Self.stepCount(later)! > Self.stepCount(screen)!, "the run advances")
        #expect(later != screen, "the plot changes while training")

        try session.keys("Space")
        let paused = try session.waitFor { $0.first?.contains("● paused") == true }
        usleep(500_000)
        let pausedAgain = try session.capture()
        #expect(Self.stepCount(pausedAgain) == Self.stepCount(try session.capture()))
        usleep(300_000)
        #expect(try session.capture() == pausedAgain, "a paused screen does not change")
        _ = paused

        let before = Self.stepCount(pausedAgain)!
        try session.keys("n")
        let stepped = try session.waitFor { Self.stepCount($0) == before + 1 }
        #expect(Self.stepCount(stepped) == before + 1, "n trains exactly one minibatch")

        try session.keys("q")
        for _ in 0..<50 where session.exitStatus == nil { usleep(100_000) }
        #expect(session.exitStatus == "0")
        let alternate = try Self.tmux(["display-message", "-p", "-t", session.name, "#{alternate_on}"])
        #expect(alternate.trimmingCharacters(in: .whitespacesAndNewlines) == "0", "the terminal left the full-screen mode")
    }

    @Test func ctrlCRestoresTheTerminalWhileTraining() throws {
        let session = try Session(arguments: "open basics.softmax-fashion --epochs 500")
        _ = try session.waitFor { $0.first?.contains("● paused") == true }
        try session.keys("Space")
        _ = try session.waitFor { $0.first?.contains("● running") == true }
        try session.keys("C-c")
        for _ in 0..<50 where session.exitStatus == nil { usleep(100_000) }
        #expect(session.exitStatus == "0")
        let alternate = try Self.tmux(["display-message", "-p", "-t", session.name, "#{alternate_on}"])
        #expect(alternate.trimmingCharacters(in: .whitespacesAndNewlines) == "0")
    }

    @Test func notATerminalPointsToRun() throws {
        let outcome = try Workbench.run([])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("workbench run ID"))
    }
}
