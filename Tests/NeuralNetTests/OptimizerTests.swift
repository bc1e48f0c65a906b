import Foundation
import Testing
import TensorKit
import TestSupport
@testable import NeuralNet

/// A parameter with a chosen gradient, to check one update by hand.
func parameter(_ values: [Float], gradient: [Float]) -> NamedParameter {
    let tensor = Tensor(shape: [values.count], data: values).trainable()
    tensor.grad = gradient
    return NamedParameter("w", tensor)
}

@Suite struct OptimizerUpdateTests {
    @Test func sgdWithMomentumAndNesterov() {
        let plain = parameter([1], gradient: [0.5])
        SGD([plain], learningRate: 0.1).step()
        #expect(abs(plain.tensor.data[0] - 0.95) < 1e-6)

        let heavy = parameter([1], gradient: [0.5])
        let momentum = SGD([heavy], learningRate: 0.1, momentum: 0.9)
        momentum.step()  // v = 0.5, w = 1 - 0.05
        momentum.step()  // v = 0.9*0.5 + 0.5 = 0.95, w = 0.95 - 0.095
        #expect(abs(heavy.tensor.data[0] - 0.855) < 1e-6)

        let nesterov = parameter([1], gradient: [0.5])
        SGD([nesterov], learningRate: 0.1, momentum: 0.9, nesterov: true).step()  // v = .5; w -= .1 (.5 + .45)
        #expect(abs(nesterov.tensor.data[0] - 0.905) < 1e-6)

        let decayed = parameter([2], gradient: [0])
        SGD([decayed], learningRate: 0.1, weightDecay: 0.5).step()  // g = 0 + 0.5 * 2
        #expect(abs(decayed.tensor.data[0] - 1.9) < 1e-6)
    }

    @Test func adamFirstStepMovesByTheLearningRate() {
        // After bias correction the first Adam step is -lr * sign(g) (for |g| >> eps).
        let p = parameter([1, -1], gradient: [3, -0.02])
        Adam([p], learningRate: 0.01).step()
        #expect(abs(p.tensor.data[0] - 0.99) < 1e-5)
        #expect(abs(p.tensor.data[1] + 0.99) < 1e-5)

        let w = parameter([1], gradient: [0])
        Adam.adamW([w], learningRate: 0.1, weightDecay: 0.5).step()  // w -= lr * (0 + 0.5 * 1)
        #expect(abs(w.tensor.data[0] - 0.95) < 1e-6)
    }

    /// The vector kernels (8 values at a time, then a scalar tail) give the values of the plain
    /// scalar loops, bit for bit, for every position of a 37-value parameter.
    @Test(arguments: [false, true])
    func adamAndAdagradKernelsMatchTheScalarLoops(_ decoupled: Bool) {
        var generator = SeededGenerator(seed: 3)
        let start = (0..<37).map { _ in generator.nextNormal() }
        let gradients = (0..<4).map { _ in (0..<37).map { _ in generator.nextNormal() } }
        let p = parameter(start, gradient: gradients[0])
        let adam = Adam([p], learningRate: 0.01, weightDecay: 0.1, decoupledWeightDecay: decoupled)
        var (w, m, v) = (start, [Float](repeating: 0, count: 37), [Float](repeating: 0, count: 37))
        for (step, g) in gradients.enumerated() {
            p.tensor.grad = g
            adam.step()
            let (b1, b2, eps, decay, rate): (Float, Float, Float, Float, Float) = (0.9, 0.999, 1e-8, 0.1, 0.01)
            let c1 = 1 - powf(b1, Float(step + 1)), c2 = 1 - powf(b2, Float(step + 1))
            for i in 0..<37 {
                let gradient = decoupled ? g[i] : g[i] + decay * w[i]
                m[i] = b1 * m[i] + (1 - b1) * gradient
                v[i] = b2 * v[i] + (1 - b2) * gradient * gradient
                let update = (m[i] / c1) / ((v[i] / c2).squareRoot() + eps)
                w[i] -= rate * (decoupled ? update + decay * w[i] : update)
            }
            #expect(p.tensor.data == w)
        }
        let q = parameter(start, gradient: gradients[0])
        let adagrad = Adagrad([q], learningRate: 0.05, weightDecay: decoupled ? 0 : 0.01)
        var (u, sum) = (start, [Float](repeating: 0, count: 37))
        for g in gradients {
            q.tensor.grad = g
            adagrad.step()
            let decay: Float = decoupled ? 0 : 0.01
            for i in 0..<37 {
                let gradient = g[i] + decay * u[i]
                sum[i] += gradient * gradient
                u[i] -= 0.05 * gradient / (sum[i].squareRoot() + 1e-10)
            }
            #expect(q.tensor.data == u)
        }
    }

    @Test func adagradAndRMSPropFirstSteps() {
        let a = parameter([1], gradient: [2])
        Adagrad([a], learningRate: 0.1).step()  // G = 4: w -= 0.1 * 2 / 2
        #expect(abs(a.tensor.data[0] - 0.9) < 1e-5)
        let r = parameter([1], gradient: [2])
        RMSProp([r], learningRate: 0.1, decay: 0.9).step()  // s = 0.4: w -= 0.1 * 2 / sqrt(0.4)
        let expected: Float = 1 - 0.2 / Float(0.4).squareRoot()
        #expect(abs(r.tensor.data[0] - expected) < 1e-5)
    }

    @Test(arguments: ["sgd", "momentum", "adam", "adamw", "adagrad", "rmsprop"])
    func everyOptimizerMinimisesAQuadratic(_ name: String) {
        // f(w) = |w - target|^2 has its minimum at target.
        let w = Tensor.zeros([3]).trainable()
        let target = Tensor(shape: [3], data: [1, -2, 0.5])
        let parameters = [NamedParameter("w", w)]
        let optimizer: any Optimizer = switch name {
        case "sgd": SGD(parameters, learningRate: 0.1)
        case "momentum": SGD(parameters, learningRate: 0.05, momentum: 0.9, nesterov: true)
        case "adam": Adam(parameters, learningRate: 0.1)
        case "adamw": Adam.adamW(parameters, learningRate: 0.1, weightDecay: 0)
        case "adagrad": Adagrad(parameters, learningRate: 0.5)
        default: RMSProp(parameters, learningRate: 0.01)
        }
        for _ in 0..<400 {
            optimizer.zeroGradients()
            (w - target).squared().sum().backward()
            optimizer.step()
        }
        for (value, goal) in zip(w.data, target.data) { #expect(abs(value - goal) < 0.05, "\(name): \(w.data)") }
    }

    @Test func clippingScalesToTheMaximumNorm() {
        let p = parameter([0, 0], gradient: [3, 4])
        let norm = GradientClipping.clipByGlobalNorm([p], maxNorm: 1)
        #expect(abs(norm - 5) < 1e-6)
        #expect(abs(p.tensor.grad![0] - 0.6) < 1e-6 && abs(p.tensor.grad![1] - 0.8) < 1e-6)
    }

    @Test func schedules() {
        #expect(LearningRateSchedule.step(every: 10, factor: 0.5).rate(base: 1, step: 25) == 0.25)
        let cosine = LearningRateSchedule.cosine(total: 100, warmup: 10, minimum: 0.1)
        #expect(abs(cosine.rate(base: 1, step: 0) - 0.1) < 1e-6)
        #expect(abs(cosine.rate(base: 1, step: 10) - 1) < 1e-6)
        #expect(abs(cosine.rate(base: 1, step: 55) - 0.55) < 1e-6)
        #expect(abs(cosine.rate(base: 1, step: 100) - 0.1) < 1e-6)
    }
}

@Suite struct LayerTests {
    @Test func layersListNamedParameters() {
        var generator = SeededGenerator(seed: 1)
        let mlp = MLP(sizes: [4, 8, 3], using: &generator)
        #expect(mlp.parameters.map(\.name) == ["layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias"])
        #expect(mlp.parameterCount == 4 * 8 + 8 + 8 * 3 + 3)
        #expect(mlp(Tensor.zeros([5, 4])).shape == [5, 3])
        let conv = Conv2D(1, 4, kernel: 3, padding: 1, using: &generator)
        #expect(conv(Tensor.zeros([2, 1, 8, 8])).shape == [2, 4, 8, 8])
        #expect(MaxPool2D(kernel: 2)(Tensor.zeros([2, 4, 8, 8])).shape == [2, 4, 4, 4])
    }

    @Test func lstmCellGradientMatchesFiniteDifferences() {
        var generator = SeededGenerator(seed: 2)
        let cell = LSTMCell(inputSize: 3, hiddenSize: 2, using: &generator)
        var tensors = TestTensors(seed: 4)
        let x = tensors.uniform([2, 3]), h = tensors.uniform([2, 2]), c = tensors.uniform([2, 2])
        let inputs = [x, h, c, cell.inputWeight, cell.hiddenWeight, cell.bias]
        let result = GradientCheck.check(inputs) { t in
            let step = cell(t[0], state: (t[1], t[2]))
            let next = cell(t[0], state: step)  // two steps: the recurrence reuses the weights
            return Tensor.concatenate([next.hidden, next.cell], axis: 1)
        }
        #expect(result.worstError < 2e-2, "\(result)")
    }

    @Test func sameSeedGivesTheSameLossHistory() {
        func history(seed: UInt64) -> [Float] {
            var generator = SeededGenerator(seed: seed)
            let mlp = MLP(sizes: [2, 16, 2], activation: .tanh, dropout: 0.1, using: &generator)
            let optimizer = Adam(mlp.parameters, learningRate: 0.01)
            let x = Tensor.randomNormal([32, 2], using: &generator)
            let labels = x.data.enumerated().filter { $0.offset % 2 == 0 }.map { $0.element > 0 ? 1 : 0 }
            return (0..<20).map { _ in
                optimizer.zeroGradients()
                let loss = Loss.softmaxCrossEntropy(mlp(x, training: true, using: &generator), labels: labels)
                loss.backward()
                optimizer.step()
                return loss.scalar
            }
        }
        #expect(history(seed: 9) == history(seed: 9))
        #expect(history(seed: 9) != history(seed: 10))
        #expect(history(seed: 9).last! < history(seed: 9).first!)
    }
}

@Suite struct CheckpointTests {
    func model(seed: UInt64) -> (MLP, Adam) {
        var generator = SeededGenerator(seed: seed)
        let mlp = MLP(sizes: [3, 4, 2], using: &generator)
        return (mlp, Adam(mlp.parameters))
    }

    func trainOnce(_ mlp: MLP, _ adam: Adam) {
        adam.zeroGradients()
        mlp(Tensor.ones([2, 3])).sum().backward()
        adam.step()
    }

    var file: URL { FileManager.default.temporaryDirectory.appendingPathComponent("ckpt-\(UUID().uuidString).dwb") }

    @Test func roundTripRestoresParametersAndOptimizerState() throws {
        let (source, sourceAdam) = model(seed: 1)
        trainOnce(source, sourceAdam)
        let url = file
        try Checkpoint.save(parameters: source.parameters, optimizer: sourceAdam, metadata: ["experiment": "x"], to: url)
        let (target, targetAdam) = model(seed: 2)
        let metadata = try Checkpoint.load(from: url, into: target.parameters, optimizer: targetAdam)
        #expect(metadata["experiment"] == "x")
        #expect(zip(source.parameters, target.parameters).allSatisfy { $0.tensor.data == $1.tensor.data })
        // Identical state: one more identical step keeps them identical.
        trainOnce(source, sourceAdam)
        trainOnce(target, targetAdam)
        #expect(zip(source.parameters, target.parameters).allSatisfy { $0.tensor.data == $1.tensor.data })
    }

    @Test func corruptTruncatedAndMismatchedFilesChangeNothing() throws {
        let (source, adam) = model(seed: 1)
        let url = file
        try Checkpoint.save(parameters: source.parameters, optimizer: adam, to: url)
        let good = try Data(contentsOf: url)
        let (target, targetAdam) = model(seed: 2)
        let before = target.parameters.map(\.tensor.data)

        var flipped = good
        flipped[flipped.count / 2] ^= 0xFF
        try flipped.write(to: url)
        #expect(throws: Checkpoint.LoadError.checksumMismatch) { try Checkpoint.load(from: url, into: target.parameters, optimizer: targetAdam) }

        try good.prefix(good.count - 20).write(to: url)
        #expect(throws: Checkpoint.LoadError.self) { try Checkpoint.load(from: url, into: target.parameters, optimizer: targetAdam) }

        try Data("hello".utf8).write(to: url)
        #expect(throws: Checkpoint.LoadError.notACheckpoint) { try Checkpoint.load(from: url, into: target.parameters, optimizer: nil) }

        try good.write(to: url)
        var generator = SeededGenerator(seed: 3)
        let wider = MLP(sizes: [3, 5, 2], using: &generator)
        #expect(throws: Checkpoint.LoadError.self) { try Checkpoint.load(from: url, into: wider.parameters, optimizer: nil) }
        #expect(target.parameters.map(\.tensor.data) == before)
    }
}
