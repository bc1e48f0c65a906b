import Foundation
import Lab
import TerminalUI

/// The REINFORCE controller's reward R (`*`) per update and its moving-average baseline b (`-`):
/// R − b is the advantage that scales each update. A snapshot of the two curves.
public struct RewardPanel: TopicPanel {
    public let title = "Controller reward"
    public let rewards: [Double]
    public let baselines: [Double]

    public init(rewards: [Double], baselines: [Double]) {
        self.rewards = rewards
        self.baselines = baselines
    }

    /// Legend line, then the plot.
    public func lines(width: Int, height: Int) -> [String] {
        let legend = String(format: "* reward %.3f  - baseline %.3f  (%d updates)", rewards.last ?? 0, baselines.last ?? 0, rewards.count)
        let plot = TextPlot(series: [
            .init(symbol: "*", points: rewards.enumerated().map { (Double($0.offset), $0.element) }),
            .init(symbol: "-", points: baselines.enumerated().map { (Double($0.offset), $0.element) }),
        ])
        return [legend] + plot.rows(width: width, height: max(height - 1, 0))
    }

    public func render(in area: Rect, into buffer: inout ScreenBuffer) {
        draw(lines(width: area.width, height: area.height), in: area, into: &buffer)
    }
}

/// Mean regret (table optimum − best accuracy found so far) versus evaluations, one curve per strategy,
/// from replays averaged over seeds. Symbols: the first letter of each strategy's name, upper-cased when
/// an earlier strategy took it ("r" random, "e" evolution, "R" reinforce).
public struct RegretPanel: TopicPanel {
    public let title = "Regret vs evaluations"
    /// (strategy name, mean regret after 1, 2, … evaluations).
    public let curves: [(name: String, regret: [Double])]

    public init(curves: [(name: String, regret: [Double])]) { self.curves = curves }

    /// One symbol per curve.
    public var symbols: [Character] {
        var used: [Character] = []
        for curve in curves {
            let letter = curve.name.first ?? "?"
            used.append(used.contains(letter) ? Character(letter.uppercased()) : letter)
        }
        return used
    }

    public func lines(width: Int, height: Int) -> [String] {
        let symbols = self.symbols
        let legend = zip(symbols, curves).map { "\($0) \($1.name) " + String(format: "%.4f", $1.regret.last ?? 0) }
            .joined(separator: "  ")
        let plot = TextPlot(series: zip(symbols, curves).map { symbol, curve in
            .init(symbol: symbol, points: curve.regret.enumerated().map { (Double($0.offset + 1), $0.element) })
        })
        return [legend] + plot.rows(width: width, height: max(height - 1, 0))
    }

    public func render(in area: Rect, into buffer: inout ScreenBuffer) {
        draw(lines(width: area.width, height: area.height), in: area, into: &buffer)
    }
}
