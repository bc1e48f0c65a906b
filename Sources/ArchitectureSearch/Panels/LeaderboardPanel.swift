import Foundation
import Lab
import TerminalUI

/// The best children so far, most accurate first: rank, validation accuracy, parameters, seconds to train,
/// and the layers the network actually runs. A snapshot of the search history.
public struct LeaderboardPanel: TopicPanel {
    public let title = "Leaderboard"
    /// At most `limit` results, sorted by accuracy (ties: fewer parameters first).
    public let entries: [ChildResult]
    /// How many children were evaluated in all.
    public let evaluations: Int

    public init(history: [ChildResult], limit: Int = 10) {
        entries = Array(history.sorted {
            $0.accuracy != $1.accuracy ? $0.accuracy > $1.accuracy : $0.parameterCount < $1.parameterCount
        }.prefix(limit))
        evaluations = history.count
    }

    /// The text lines the panel draws (header first), before clipping.
    public var lines: [String] {
        let header = " #  acc %  params   sec  layers (of \(evaluations) evaluated)"
        return [header] + entries.enumerated().map { index, entry in
            let rank = String(index + 1).leftPadded(to: 2)
            let accuracy = String(format: "%5.1f", entry.accuracy * 100)
            let parameters = String(entry.parameterCount).leftPadded(to: 7)
            let seconds = String(format: "%5.2f", entry.seconds)
            return "\(rank)  \(accuracy)  \(parameters)  \(seconds)  \(entry.architecture.effectiveDescription)"
        }
    }

    public func render(in area: Rect, into buffer: inout ScreenBuffer) { draw(lines, in: area, into: &buffer) }
}

extension String {
    /// Right-aligned in `width` columns (unchanged when longer).
    func leftPadded(to width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
