import Foundation
import Lab
import TerminalUI
import TopicViews

/// The transfer experiment's table: each network, its proxy accuracy (8x8), its size on 28x28, its
/// latest test accuracy and its last training loss.
public struct TransferTablePanel: TopicPanel {
    public let title = "Transfer: 8x8 proxy → 28x28"
    public let rows: [(name: String, proxy: Double?, parameters: Int, test: Double?, loss: Float)]
    public let stack: NASNetStack

    init(entrants: [TransferRun.Entrant], stack: NASNetStack) {
        rows = entrants.map { ($0.name, $0.proxyAccuracy, $0.parameterCount, $0.testAccuracies.last, $0.lastLoss) }
        self.stack = stack
    }

    public var lines: [String] {
        let header = "network              proxy %  params  test %   loss"
        let note = "28x28 stack: C = \(stack.channels), N = \(stack.repeats), \(stack.plan.count) cells (proxy: C = 8, 3 cells on 8x8)"
        return [note, header] + rows.map { row in
            row.name.padding(toLength: 20, withPad: " ", startingAt: 0)
                + (row.proxy.map { String(format: "%7.1f", $0 * 100) } ?? "      —")
                + String(row.parameters).leftPadded(to: 8)
                + (row.test.map { String(format: "%8.2f", $0 * 100) } ?? "       —")
                + (row.loss.isNaN ? "      —" : String(format: "%7.3f", row.loss))
        }
    }

    public func contentHeight(width: Int) -> Int? { lines.count }

    public func render(in area: Rect, into buffer: inout ScreenBuffer, appearance: Appearance) {
        for (row, line) in lines.enumerated() where row < area.height {
            let style = row == 0 ? appearance.theme.muted : row == 1 ? appearance.theme.title : appearance.theme.text
            buffer.set(string: line, at: (area.x, area.y + row), style: style, clippedTo: area)
        }
    }
}

/// Test accuracy after each epoch, one line per network.
public struct TransferCurvesPanel: TopicPanel {
    public let title = "Test accuracy by epoch"
    public let curves: [(name: String, accuracies: [Double])]

    init(entrants: [TransferRun.Entrant]) {
        curves = entrants.prefix(6).map { ($0.name, $0.testAccuracies) }
    }

    public var summary: String {
        curves.map { "\($0.name) " + ($0.accuracies.last.map { String(format: "%.1f", $0 * 100) } ?? "—") }.joined(separator: ", ")
    }

    public func render(in area: Rect, into buffer: inout ScreenBuffer, appearance: Appearance) {
        guard area.height >= 1 else { return }
        buffer.set(string: summary, at: (area.x, area.y), style: appearance.theme.muted, clippedTo: area)
        guard area.height >= 4 else { return }
        let series = curves.map { curve in
            LineChart.Series(name: curve.name, points: curve.accuracies.enumerated().map { (Double($0.offset + 1), $0.element * 100) })
        }
        LineChart(series: series, xAxis: Axis(title: "epoch", wholeNumbers: true), yAxis: Axis(title: "test %", padding: 0.05),
                  theme: appearance.theme, glyphs: appearance.glyphs).render(in: area.inset(top: 1), into: &buffer)
    }
}

/// Proxy accuracy (right) against transferred test accuracy (up) of every transferred cell, with the
/// rank correlations: does the order found on the proxy hold at full size?
public struct TransferScatterPanel: TopicPanel {
    public let title = "Proxy vs transferred accuracy"
    public let points: [(proxy: Double, test: Double)]
    public let correlation: (spearman: Double, kendall: Double)?

    init(entrants: [TransferRun.Entrant], correlation: (spearman: Double, kendall: Double)?) {
        points = entrants.compactMap { entrant in entrant.proxyAccuracy.flatMap { p in entrant.testAccuracies.last.map { (p, $0) } } }
        self.correlation = correlation
    }

    public var summary: String {
        "\(points.count) cells; " + (correlation.map { String(format: "Spearman ρ %.2f, Kendall τ %.2f", $0.spearman, $0.kendall) }
                                     ?? "correlation after the first evaluation")
    }

    public func render(in area: Rect, into buffer: inout ScreenBuffer, appearance: Appearance) {
        guard area.height >= 1 else { return }
        buffer.set(string: summary, at: (area.x, area.y), style: appearance.theme.muted, clippedTo: area)
        guard area.height >= 4, !points.isEmpty else { return }
        Scatter(groups: [Scatter.Group(name: "cells", points: points.map { (x: $0.proxy * 100, y: $0.test * 100) })],
                xAxis: Axis(title: "proxy % (8x8)", padding: 0.05), yAxis: Axis(title: "test % (28x28)", padding: 0.05),
                theme: appearance.theme, glyphs: appearance.glyphs)
            .render(in: area.inset(top: 1), into: &buffer)
    }
}
