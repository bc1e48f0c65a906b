import Foundation
import Lab
import TerminalUI
import Testing
import TestSupport
import TopicViews
@testable import WorkbenchApp

/// Every experiment of every topic, with its default settings on its real data: it prepares,
/// steps, evaluates, and each of its panels (typed-input views included) stays inside its area at
/// every size, in every appearance. A new experiment is covered by being in its topic's list.
@Suite(.serialized) struct EveryExperimentTests {
    static let entries = Pilot.allTopics.flatMap { $0.experiments }

    @Test(arguments: entries.map(\.descriptor.id))
    func preparesStepsEvaluatesAndDrawsItsPanelsInsideTheirArea(id: String) throws {
        let entry = try #require(Self.entries.first { $0.descriptor.id == id })
        let session = try entry.session()
        for _ in 0..<3 { try session.step() }
        let record = try session.finishEpoch()
        #expect(!record.metrics.isEmpty, "\(id) measured nothing")
        #expect(record.metrics.allSatisfy { $0.value.isFinite }, "\(id): \(record.metrics)")
        var panels = session.panels
        if let interactive = session.run as? any InteractiveRun {
            panels += interactive.panels(forInput: "not a very good film", settings: session.settings)
        }
        for panel in panels {
            let violations = confinementViolations(panel)
            #expect(violations.isEmpty, "\(id): \(violations.prefix(3))")
            let cuts = cutNumbers(panel)
            #expect(cuts.isEmpty, "\(id): \(cuts.prefix(3))")
            if let height = panel.contentHeight(width: 60) { #expect(height >= 0) }
        }
        #expect(Set(panels.map(\.title)).count == panels.count, "\(id): two panels share a title: \(panels.map(\.title))")
    }

    /// The figure an experiment promises (checked by `workbench reproduce`) is the one its summary
    /// or one of its lessons states, and it names a metric the experiment reports.
    @Test func everyDocumentedFigureIsTheOneItsTextStates() throws {
        let lessons = try LessonCatalog.load(from: RealData.projectRoot.appendingPathComponent("lessons")).lessons
        for entry in Self.entries {
            guard let promise = entry.descriptor.reproduces else { continue }
            let id = entry.descriptor.id
            let texts = [entry.descriptor.summary] + lessons.filter { $0.experiments.contains(id) }.map(\.body)
            let percent = String(format: "%g", promise.value * 100)
            let forms = ["\(promise.value)", percent + " %", percent + "%"]
            #expect(texts.contains { text in forms.contains { text.contains($0) } },
                    "\(id): neither its summary nor its lessons state \(forms)")
            #expect(promise.tolerance > 0 && entry.descriptor.epochs >= 1)
        }
        #expect(Self.entries.filter { $0.descriptor.reproduces != nil }.count >= 27)
    }
}
