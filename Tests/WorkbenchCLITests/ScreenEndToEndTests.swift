import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing
import TerminalUI
import TestSupport

/// The real screen under tmux: start, open an experiment, train, pause, step, quit.
@Suite(.serialized) struct ScreenEndToEndTests {
    final class Session {
        let name = "wb-e2e-\(UUID().uuidString.prefix(8))"
        let exitFile = FileManager.default.temporaryDirectory.appendingPathComponent("wb-exit-\(UUID())")

        /// Starts the workbench with `arguments` in a new tmux session of `width` x `height`, with
        /// `environment` (a locale, NO_COLOR...) set on the command itself.
        init(arguments: String, width: Int = 120, height: Int = 40, environment: String = "LANG=C.UTF-8 LC_ALL=C.UTF-8") throws {
            let command = "cd '\(RealData.projectRoot.path)' && '\(Workbench.executable.path)' \(arguments); "
                + "echo $? > '\(exitFile.path)'; sleep 60"
            try tmux(["new-session", "-d", "-s", name, "-x", "\(width)", "-y", "\(height)",
                      "env \(Self.dataCache)\(environment) sh -c \"\(command)\""])
        }

        /// The test's WORKBENCH_DATA, passed on: commands in tmux get the environment of the tmux
        /// server, which may have been started by another process without it.
        static var dataCache: String {
            ProcessInfo.processInfo.environment["WORKBENCH_DATA"].map { "WORKBENCH_DATA='\($0)' " } ?? ""
        }

        /// An interactive shell (job control: Ctrl-Z stops the job, `fg` resumes it).
        init(shellWidth width: Int, height: Int) throws {
            try tmux(["new-session", "-d", "-s", name, "-x", "\(width)", "-y", "\(height)",
                      "env \(Self.dataCache)LANG=C.UTF-8 LC_ALL=C.UTF-8 PS1='$ ' bash --norc --noprofile -i"])
        }

        /// Sends literal text (then Enter when `enter`).
        func type(_ text: String, enter: Bool = true) throws {
            try tmux(["send-keys", "-t", name, "-l", text])
            if enter { try tmux(["send-keys", "-t", name, "Enter"]) }
        }

        /// Polls until `condition` holds, for at most `seconds`.
        func waitFor(seconds: Double, _ condition: ([String]) -> Bool) throws -> [String] {
            var screen = try capture()
            let deadline = Date().addingTimeInterval(seconds)
            while !condition(screen) && Date() < deadline {
                usleep(100_000)
                screen = try capture()
            }
            return screen
        }

        /// Whether the workbench process has exited.
        func waitForExit(seconds: Double = 5) -> String? {
            let deadline = Date().addingTimeInterval(seconds)
            while exitStatus == nil && Date() < deadline { usleep(100_000) }
            return exitStatus
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
        try session.keys("Down", "Down", "Down", "Down", "Down", "Enter")
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

    /// Every experiment of the catalog (as `workbench list` prints it), opened on the screen,
    /// started, stepped, trained a few seconds, every bottom panel visited with `p`, then quit:
    /// at 100x30 in colour and at 80x24 with NO_COLOR, the two configurations side by side.
    /// No crash, no failed run, and the process exits cleanly with the terminal restored.
    @Test func everyExperimentOpensTrainsAndShowsEveryPanel() async throws {
        let list = try Workbench.run(["list"])
        let ids = list.stdout.split(separator: "\n").compactMap { line -> String? in
            let word = line.split(separator: " ").first.map(String.init) ?? ""
            return line.hasPrefix("  ") && word.contains(".") ? word : nil
        }
        #expect(ids.count >= 31, "\(list.stdout)")
        async let colour = Self.tour(ids, width: 100, height: 30, environment: "LANG=C.UTF-8 LC_ALL=C.UTF-8")
        async let mono = Self.tour(ids, width: 80, height: 24, environment: "LANG=C.UTF-8 LC_ALL=C.UTF-8 NO_COLOR=1")
        let problems = try await colour + mono
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n\n"))")
    }

    /// Opens each experiment in turn in one configuration; returns what went wrong.
    static func tour(_ ids: [String], width: Int, height: Int, environment: String) async throws -> [String] {
        var problems: [String] = []
        for id in ids {
            let session = try Session(arguments: "open \(id) --epochs 1000", width: width, height: height, environment: environment)
            let place = "\(id) at \(width)x\(height) [\(environment)]"
            var screen = try session.waitFor(seconds: 60) { $0.first?.contains("paused") == true || $0.joined().contains("The run stopped") }
            guard screen.first?.contains("paused") == true else {
                problems.append("\(place): never ready\n" + screen.joined(separator: "\n"))
                continue
            }
            try session.keys("Space")
            try await Task.sleep(for: .seconds(3))
            try session.keys("n")
            try await Task.sleep(for: .milliseconds(500))
            var titles: Set<String> = []
            for _ in 0..<12 {  // every tab: inspector, model and up to ten topic panels
                screen = try session.capture()
                if let title = screen.first(where: { $0.contains(" p: ") }) { titles.insert(title) }
                try session.keys("p")
            }
            screen = try session.capture()
            let text = screen.joined(separator: "\n")
            if text.contains("crashed") || text.contains("The run stopped") || session.exitStatus != nil {
                problems.append("\(place): failed\n" + text)
            }
            if titles.count < 2 { problems.append("\(place): the bottom panel did not change with p") }
            try session.keys("q", "y")
            if session.waitForExit() != "0" { problems.append("\(place): exit status \(session.exitStatus ?? "none")") }
        }
        return problems
    }

    /// Ctrl-Z stops the workbench (the shell gets the terminal back), `fg` brings it back whole.
    @Test func ctrlZSuspendsAndFgRedraws() throws {
        let session = try Session(shellWidth: 100, height: 30)
        _ = try session.waitFor(seconds: 5) { $0.joined().contains("$") }
        try session.type("cd '\(RealData.projectRoot.path)' && '\(Workbench.executable.path)' open basics.mlp-digits --epochs 1000")
        _ = try session.waitFor(seconds: 20) { $0.first?.contains("paused") == true }
        try session.keys("Space")
        _ = try session.waitFor(seconds: 5) { $0.first?.contains("running") == true }
        try session.keys("C-z")
        let stopped = try session.waitFor(seconds: 5) { $0.joined().contains("Stopped") }
        #expect(stopped.joined().contains("Stopped"), "\(stopped.joined(separator: "\n"))")
        let alternate = try Self.tmux(["display-message", "-p", "-t", session.name, "#{alternate_on}"])
        #expect(alternate.trimmingCharacters(in: .whitespacesAndNewlines) == "0", "the terminal is the shell's again")
        try session.type("fg")
        let back = try session.waitFor(seconds: 5) { $0.first?.contains("Deep Workbench") == true && $0.last?.contains("help") == true }
        #expect(back.first?.contains("basics.mlp-digits") == true, "\(back.joined(separator: "\n"))")
        #expect(back.contains { $0.contains("╭ Loss") }, "the whole screen is drawn again")
        try session.keys("q", "y")
        let shell = try session.waitFor(seconds: 5) { $0.joined().contains("$") && $0.first?.contains("Deep Workbench") != true }
        #expect(shell.first?.contains("Deep Workbench") != true)
    }

    /// With a locale that is not UTF-8 the screen is drawn in ASCII only: borders, plots, lessons.
    @Test func aNonUTF8LocaleDrawsASCIIOnly() throws {
        // The MLP trains 1,000 epochs in about a second: the budget must outlast the two seconds waited below.
        let session = try Session(arguments: "--epochs 100000", width: 100, height: 30, environment: "LANG=C LC_ALL=C")
        var screen = try session.waitFor(seconds: 10) { $0.joined().contains("Topics, lessons and experiments") }
        try session.keys("Down", "Enter")  // the first lesson
        screen = try session.waitFor(seconds: 5) { $0.first?.contains("basics >") == true }
        #expect(screen.joined().unicodeScalars.allSatisfy { $0.isASCII }, "\(screen.joined(separator: "\n"))")
        try session.keys("Tab", "Enter")  // its first link: the runner, paused
        screen = try session.waitFor(seconds: 20) { $0.first?.contains("paused") == true }
        try session.keys("Space")
        usleep(2_000_000)
        screen = try session.capture()
        #expect(screen.first?.contains("running") == true, "\(screen.joined(separator: "\n"))")
        #expect(screen.joined().unicodeScalars.allSatisfy { $0.isASCII }, "\(screen.joined(separator: "\n"))")
        #expect(screen.contains { $0.hasPrefix("+ Loss") }, "ASCII borders")
        try session.keys("q", "y")
        #expect(session.waitForExit() == "0")
    }

    /// A lesson's link opens its experiment paused: the teacher starts it with space.
    @Test func aLessonLinkOpensItsExperimentPaused() throws {
        let session = try Session(arguments: "--epochs 1000", width: 100, height: 30)
        _ = try session.waitFor(seconds: 10) { $0.joined().contains("Topics, lessons and experiments") }
        try session.keys("Down", "Enter", "Tab", "Enter")
        let screen = try session.waitFor(seconds: 20) { $0.first?.contains("paused") == true }
        #expect(screen.first?.contains("basics.mlp-digits") == true && screen.first?.contains("● paused") == true,
                "\(screen.joined(separator: "\n"))")
        usleep(500_000)
        #expect(Self.stepCount(try session.capture()) == 0, "nothing trains before space")
        try session.keys("Escape")
        let lesson = try session.waitFor(seconds: 5) { $0.first?.contains("basics ›") == true }
        #expect(lesson.first?.contains("How a network learns") == true, "esc goes back to the lesson")
        try session.keys("q")
        #expect(session.waitForExit() == "0")
    }

    /// Key b on the paused runner records the next minibatch and opens its tape, in a real
    /// terminal at the smallest and a large size, for the MLP and a topic experiment (the
    /// recursive autoencoder's hand-written stages); the session is recorded to a .cast file.
    @Test(arguments: [("basics.mlp-digits", 80, 24), ("basics.mlp-digits", 120, 40), ("rnn.rae-sentiment", 80, 24)])
    func theTapeViewOpensOnAPausedRun(experiment: String, width: Int, height: Int) throws {
        let cast = FileManager.default.temporaryDirectory.appendingPathComponent("wb-\(UUID()).cast")
        defer { try? FileManager.default.removeItem(at: cast) }
        let session = try Session(arguments: "open \(experiment) --record '\(cast.path)'", width: width, height: height)
        _ = try session.waitFor(seconds: 60) { $0.first?.contains("● paused") == true }
        try session.keys("b")
        let screen = try session.waitFor(seconds: 60) { $0.first?.contains("Tape of step 1") == true }
        let text = screen.joined(separator: "\n")
        #expect(text.contains("Forward, then backward") && text.contains("ops forward"), "\(text)")
        if experiment == "basics.mlp-digits" {
            #expect(text.contains("Entropy") && text.contains("finite differences: 4/4 agree"), "\(text)")
        } else {
            #expect(text.contains("encode") && text.contains("∂We"), "\(text)")
        }
        #expect(screen.prefix(height).allSatisfy { $0.count <= width } && !screen[height - 1].isEmpty)
        try session.keys("Enter")
        #expect(try session.waitFor(seconds: 5) { $0.joined().contains("mean") && $0.joined().contains("tab next tensor") }
            .joined().contains("tab next tensor"))
        try session.keys("Escape", "Escape")
        _ = try session.waitFor(seconds: 5) { $0.first?.contains("● paused") == true && !$0.joined().contains("Tape of") }
        try session.keys("q")
        #expect(session.waitForExit() == "0")
        // The recording replays: its last screen is the runner the session ended on.
        let player = try AsciicastPlayer(contentsOf: cast)
        #expect(player.header.version == 2 && player.header.width == width && player.header.height == height)
        #expect(player.screen().lines().first?.contains("● paused") == true)
        #expect(player.events.contains { $0.data.contains("Forward, then backward") })
    }

    @Test func notATerminalPointsToRun() throws {
        let outcome = try Workbench.run([])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("workbench run ID"))
    }
}
