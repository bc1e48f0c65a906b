import Datasets
import Foundation
import Lab
import TerminalUI
import TopicViews

extension ExperimentEntry {
    /// A prepared session of this experiment on the project's real data, with `assignments`
    /// (`key=value`) applied to its default settings.
    public func session(_ assignments: [String] = [], seed: UInt64 = 1) throws -> TrainingSession {
        try TrainingSession(entry: self, settings: try settings(applying: assignments), seed: seed, store: try RealData.store())
    }
}

extension TrainingSession {
    /// The prepared run as its concrete type (tests look inside it).
    public func experiment<Run: ExperimentRun>(as type: Run.Type) -> Run { run as! Run }

    /// The run's topic panels with the current settings (none for a run without panels).
    public var panels: [any TopicPanel] { (run as? any PanelProviding)?.panels(settings) ?? [] }

    /// Evaluates without closing the epoch.
    public func evaluate() throws -> [Metric] { try run.evaluate(settings) }
}

extension TopicPanel {
    /// Renders with the standard appearance (colour, Unicode).
    public func render(in area: Rect, into buffer: inout ScreenBuffer) {
        render(in: area, into: &buffer, appearance: .standard)
    }

    /// The panel drawn alone in a `width` x `height` buffer, as text lines.
    public func lines(width: Int, height: Int, appearance: Appearance = .standard) -> [String] {
        var buffer = ScreenBuffer(width: width, height: height)
        render(in: buffer.area, into: &buffer, appearance: appearance)
        return buffer.lines()
    }
}

/// Where `panel` writes outside its area: it is drawn into a sentinel-filled buffer at several
/// sizes (0x0, 1x1, narrow, short, roomy) and every cell outside the area that changed is listed.
/// Every widget's rule: write only inside the given area, never crash, whatever its size.
public func confinementViolations(_ panel: any TopicPanel, appearances: [Appearance] = [
    .standard, Appearance(theme: .highContrast, glyphs: .unicode), Appearance(theme: .monochrome, glyphs: .ascii),
]) -> [String] {
    var violations: [String] = []
    let sentinel = Cell("§")
    for appearance in appearances {
        for (width, height) in [(0, 0), (1, 1), (3, 2), (12, 3), (40, 6), (78, 14), (120, 30)] {
            var buffer = ScreenBuffer(width: width + 4, height: height + 4, filling: sentinel)
            let area = Rect(x: 2, y: 2, width: width, height: height)
            panel.render(in: area, into: &buffer, appearance: appearance)
            for y in 0..<buffer.height {
                for x in 0..<buffer.width where !area.contains(x: x, y: y) && buffer[x, y] != sentinel {
                    violations.append("\(panel.title) at \(width)x\(height) wrote (\(x), \(y))")
                }
            }
        }
    }
    return violations
}

/// Numbers that `panel` cuts ("0.71…") when drawn in the runner's bottom panel at 80x24 and
/// 100x30 (its content area: 46x7 and 63x10): a number cut off misleads, where a cut word does not.
public func cutNumbers(_ panel: any TopicPanel) -> [String] {
    var cuts: [String] = []
    for (width, height) in [(46, 7), (63, 10)] {
        var buffer = ScreenBuffer(width: width, height: height)
        panel.render(in: Rect(x: 0, y: 0, width: width, height: height), into: &buffer, appearance: .standard)
        for line in buffer.lines() {
            let characters = Array(line)
            for index in characters.indices.dropFirst() where characters[index] == "…" && characters[index - 1].isNumber {
                cuts.append("\(panel.title) at \(width)x\(height): \(line)")
                break
            }
        }
    }
    return cuts
}
