import Foundation
import Testing
@testable import Lab

/// `--metrics-csv` and `workbench list --json`.
@Suite struct HistoryAndListingTests {
    @Test func metricsCSVHasOneRowPerEpochWithEveryMetricByName() throws {
        var history = RunHistory()
        history.epochs = [
            EpochRecord(epoch: 1, trainLoss: 0.5, metrics: [.accuracy(0.75, name: "validation accuracy"), .loss(0.25, name: "loss, held out")],
                        seconds: 1.5),
            EpochRecord(epoch: 2, trainLoss: 0.25, metrics: [.accuracy(0.875, name: "validation accuracy")], seconds: 2),
        ]
        #expect(history.metricsCSV == """
        epoch,train loss,validation accuracy,"loss, held out",seconds
        1,0.5,0.75,0.25,1.5
        2,0.25,0.875,,2.0

        """)
        #expect(RunHistory().metricsCSV == "epoch,train loss,seconds\n")
    }

    @Test func theListingHasEveryExperimentWithTypedSettings() throws {
        let entry = ExperimentEntry(
            ExperimentDescriptor(id: "test.listed", title: "Listed", topic: "basics", summary: "one line", datasets: ["uci-digits"]),
            settings: [.real("learning-rate", 0.01, in: 1e-5...1, logarithmic: true, live: true, "rate"),
                       .integer("hidden", 64, in: 1...1024, "units"),
                       .choice("optimizer", "adam", among: ["sgd", "adam"], "rule"),
                       Hyperparameter.flag("bias", true, "use a bias").only(when: "optimizer", is: "sgd")]) { _ in
                ScriptedExperiment(losses: [1])
            }
        let catalog = ExperimentCatalog(topics: [basics], entries: [entry])
        let json = try JSONSerialization.jsonObject(with: CatalogListing(catalog).json()) as! [String: Any]
        #expect((json["topics"] as! [[String: Any]]).first?["id"] as? String == "basics")
        let experiment = (json["experiments"] as! [[String: Any]])[0]
        #expect(experiment["id"] as? String == "test.listed" && experiment["topic"] as? String == "basics")
        #expect(experiment["title"] as? String == "Listed" && experiment["summary"] as? String == "one line")
        #expect(experiment["datasets"] as? [String] == ["uci-digits"])
        let settings = experiment["settings"] as! [[String: Any]]
        #expect(settings.map { $0["key"] as! String } == ["learning-rate", "hidden", "optimizer", "bias"])
        #expect(settings[0]["default"] as? Double == 0.01 && settings[0]["live"] as? Bool == true && settings[0]["help"] as? String == "rate")
        let domains = settings.map { $0["domain"] as! [String: Any] }
        #expect(domains[0]["kind"] as? String == "real" && domains[0]["min"] as? Double == 1e-5 && domains[0]["max"] as? Double == 1
                && domains[0]["logarithmic"] as? Bool == true)
        #expect(settings[1]["default"] as? Int == 64 && settings[1]["live"] as? Bool == false)
        #expect(domains[1]["kind"] as? String == "integer" && domains[1]["min"] as? Int == 1 && domains[1]["max"] as? Int == 1024)
        #expect(settings[2]["default"] as? String == "adam")
        #expect(domains[2]["kind"] as? String == "choice" && domains[2]["options"] as? [String] == ["sgd", "adam"])
        #expect(settings[3]["default"] as? Bool == true && domains[3]["kind"] as? String == "flag" && domains[3].count == 1)
        let condition = settings[3]["when"] as? [String: Any]
        #expect(condition?["key"] as? String == "optimizer" && condition?["values"] as? [String] == ["sgd"])
        #expect(settings[0]["when"] == nil)
    }
}
