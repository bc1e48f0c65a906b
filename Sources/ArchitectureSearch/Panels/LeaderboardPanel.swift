import Foundation
import Lab
import TerminalUI
import TopicViews

/// The best distinct architectures so far, most accurate first: rank, validation accuracy (the best of
/// its evaluations), how often it was evaluated, parameters, seconds to train, and the layers the network
/// actually runs. A snapshot of the search history; it scrolls on the screen.
public struct LeaderboardPanel: TopicPanel {
    public let title = "Leaderboard"
    public struct Entry: Sendable, Equatable {
        public let best: ChildResult
        /// Evaluations of this architecture (a search may revisit one).
        public let count: Int
    }
    /// At most `limit` distinct architectures, sorted by accuracy (ties: fewer parameters first).
    public let entries: [Entry]
    /// How many children were evaluated in all, and how many distinct architectures.
    public let evaluations: Int, distinct: Int

    public init(history: [ChildResult], limit: Int = 100) {
        var best: [Architecture: (result: ChildResult, count: Int)] = [:]
        for result in history {
            let seen = best[result.architecture]
            let top = seen.map { $0.result.accuracy >= result.accuracy ? $0.result : result } ?? result
            best[result.architecture] = (top, (seen?.count ?? 0) + 1)
        }
        entries = best.values.sorted {
            $0.result.accuracy != $1.result.accuracy ? $0.result.accuracy > $1.result.accuracy
                : $0.result.parameterCount != $1.result.parameterCount ? $0.result.parameterCount < $1.result.parameterCount
                : $0.result.architecture.effectiveDescription < $1.result.architecture.effectiveDescription
        }.prefix(limit).map { Entry(best: $0.result, count: $0.count) }
        evaluations = history.count
        distinct = best.count
    }

    /// The text lines the panel draws (header first).
    public var lines: [String] {
        let header = " #  acc %  evals  params   sec  layers (\(distinct) distinct of \(evaluations) evaluated)"
        return [header] + entries.enumerated().map { index, entry in
            let rank = String(index + 1).leftPadded(to: 2)
            let accuracy = String(format: "%5.1f", entry.best.accuracy * 100)
            let count = String(entry.count).leftPadded(to: 5)
            let parameters = String(entry.best.parameterCount).leftPadded(to: 7)
            let seconds = String(format: "%5.2f", entry.best.seconds)
            return "\(rank)  \(accuracy)  \(count)  \(parameters)  \(seconds)  \(entry.best.architecture.effectiveDescription)"
        }
    }

    public func contentHeight(width: Int) -> Int? { entries.count + 1 }

    public func render(in area: Rect, into buffer: inout ScreenBuffer, appearance: Appearance) {
        for (row, line) in lines.enumerated() where row < area.height {
            buffer.set(string: line, at: (area.x, area.y + row), style: row == 0 ? appearance.theme.title : appearance.theme.text,
                       clippedTo: area)
        }
    }
}

extension String {
    /// Right-aligned in `width` columns (unchanged when longer).
    func leftPadded(to width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
