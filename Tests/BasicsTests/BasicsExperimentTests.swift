import Testing
import Lab
import TestSupport
@testable import Basics

/// Each basics experiment trains on a slice of its real dataset and must learn.
@Suite(.serialized) struct BasicsExperimentTests {
    @Test func mlpLearnsRealDigits() throws {
        let session = try MLPDigits.entry.session()
        let first = try session.runEpoch()
        var last = first
        for _ in 0..<4 { last = try session.runEpoch() }
        #expect(last.trainLoss < first.trainLoss)
        #expect(last.metric("validation accuracy")! > 0.93, "\(last.metrics)")
        #expect(session.stepsPerEpoch == 45)  // 1,437 training images in batches of 32
    }

    @Test func softmaxRegressionLearnsASliceOfFashionMNIST() throws {
        let session = try SoftmaxFashion.entry.session(["train-size=3000", "test-size=1000"], seed: 2)
        let before = try session.evaluate()
        for _ in 0..<3 { try session.runEpoch() }
        let accuracy = session.history.epochs.last!.metric("test accuracy")!
        #expect(before[0].value < 0.2)  // zero weights: one class for everything
        #expect(accuracy > 0.72, "\(accuracy)")
        #expect(session.panels.map(\.title) == ["Weights as images", "Confusion matrix (test)"])
    }

    @Test func liveLearningRateChangeTakesEffectAtTheNextStep() throws {
        let session = try MLPDigits.entry.session(seed: 3)
        func largestUpdate() throws -> Float {
            let before = session.run.parameters.map(\.tensor.data)
            try session.step()
            return zip(before, session.run.parameters.map(\.tensor.data))
                .flatMap { zip($0, $1).map { Swift.abs($0 - $1) } }.max()!
        }
        try session.change("learning-rate", to: .real(1e-5))
        let small = try largestUpdate()
        try session.change("learning-rate", to: .real(1))
        let large = try largestUpdate()
        #expect(large > 1000 * small, "updates \(small) then \(large)")
    }

    @Test func catalogListsBothExperimentsWithTheirData() {
        #expect(BasicsTopic.experiments.map(\.descriptor.id) == ["basics.mlp-digits", "basics.softmax-fashion"])
        #expect(BasicsTopic.experiments.allSatisfy { $0.descriptor.topic == "basics" && !$0.descriptor.datasets.isEmpty })
    }
}
