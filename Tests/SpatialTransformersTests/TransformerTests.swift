import NeuralNet
import Testing
import TensorKit
import TestSupport
@testable import SpatialTransformers

/// The spatial transformer module: identity start, shapes, gradients into the localisation net.
@Suite struct TransformerTests {
    static func images(_ count: Int, side: Int) -> Tensor {
        var tensors = TestTensors(seed: 2)
        return tensors.uniform([count, 1, side, side], 0...1)
    }

    @Test(arguments: [(LocalisationNetwork.Kind.fullyConnected, TransformFamily.affine),
                      (.convolutional, .affine), (.fullyConnected, .projective), (.convolutional, .projective),
                      (.fullyConnected, .tps), (.convolutional, .tps)])
    func startsAsTheIdentity(_ kind: LocalisationNetwork.Kind, _ family: TransformFamily) {
        var generator = SeededGenerator(seed: 1)
        let transformer = SpatialTransformer(kind, inputSide: 28, outputSide: 28, family: family, using: &generator)
        let x = Self.images(3, side: 28)
        let output = transformer(x)
        #expect(output.parameters.shape == [3, family.parameterCount])
        #expect(output.parameters.data == [Float]((0..<3).flatMap { _ in family.identity }))
        #expect(zip(output.images.data, x.data).allSatisfy { abs($0 - $1) < 1e-4 })
    }

    @Test func zoomsOutWhenTheOutputIsSmaller() {
        var generator = SeededGenerator(seed: 1)
        let transformer = SpatialTransformer(.convolutional, inputSide: 42, outputSide: 28, family: .affine, using: &generator)
        let output = transformer(Self.images(2, side: 42))
        #expect(output.images.shape == [2, 1, 28, 28])
        #expect(output.grid.shape == [2, 28, 28, 2])
        // The identity grid still spans the whole input: its corners lie near ±1.
        #expect(output.grid.data[0] < -0.9 && output.grid.data[28 * 28 * 2 - 2] > 0.9)
    }

    @Test(arguments: [ModelVariant.stFCN, .stCNN])
    func lossGradientReachesTheLocalisationNetwork(_ variant: ModelVariant) {
        var generator = SeededGenerator(seed: 4)
        let model = DistortionModel(variant, side: 42, outputSide: 28, family: .affine, hidden: 16, classes: 10, using: &generator)
        let loss = Loss.softmaxCrossEntropy(model(Self.images(4, side: 42)).logits, labels: [1, 2, 3, 4])
        loss.backward()
        let last = model.transformer!.localisation.output
        #expect(last.bias!.grad!.contains { abs($0) > 0 })
        #expect(last.weight.grad!.contains { abs($0) > 0 })
    }

    @Test(arguments: [(ModelVariant.fcn, 42), (.cnn, 42), (.cnn, 28), (.cnn, 60), (.stCNN, 60), (.stCNN, 28), (.stFCN, 28)])
    func everyVariantFitsEverySide(_ variant: ModelVariant, _ side: Int) {
        var generator = SeededGenerator(seed: 4)
        for family in TransformFamily.allCases {
            let model = DistortionModel(variant, side: side, outputSide: 28, family: family, hidden: 16, classes: 10, using: &generator)
            #expect(model(Self.images(2, side: side)).logits.shape == [2, 10])
        }
    }
}
