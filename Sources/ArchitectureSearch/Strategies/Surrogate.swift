import NeuralNet
import TensorKit

/// The accuracy predictor of progressive search: an MLP from an architecture's features (one-hot
/// decisions, zeros for the parts not grown yet) to its accuracy,
///
///     â(x) = W_2 relu(W_1 x + b_1) + b_2,     fitted by Adam on the mean squared error over every
///                                             architecture measured so far.
///
/// It is never reset: each refit continues from the previous weights for `steps` full-batch steps.
final class Surrogate {
    let network: MLP
    private let optimizer: Adam
    /// Mean squared error on the training set after the latest fit.
    private(set) var trainingError: Double = .nan

    init(featureCount: Int, hidden: Int = 32, using generator: inout SeededGenerator) {
        network = MLP(sizes: [featureCount, hidden, 1], using: &generator)
        optimizer = Adam(network.parameters, learningRate: 0.01)
    }

    /// `steps` Adam steps on all of `examples` (features, measured accuracy).
    func fit(_ examples: [(features: [Float], accuracy: Double)], steps: Int, learningRate: Float) {
        guard let width = examples.first?.features.count else { return }
        let inputs = Tensor(shape: [examples.count, width], data: examples.flatMap(\.features))
        let targets = Tensor(shape: [examples.count, 1], data: examples.map { Float($0.accuracy) })
        optimizer.learningRate = learningRate
        for _ in 0..<steps {
            optimizer.zeroGradients()
            let loss = Loss.meanSquaredError(network(inputs), targets)
            loss.backward()
            optimizer.step()
            trainingError = Double(loss.scalar)
        }
    }

    /// Predicted accuracies of `features` rows, in batches, without a graph.
    func predict(_ features: [[Float]]) -> [Double] {
        guard let width = features.first?.count else { return [] }
        return withoutGradients {
            stride(from: 0, to: features.count, by: 4096).flatMap { start in
                let rows = features[start..<min(start + 4096, features.count)]
                return network(Tensor(shape: [rows.count, width], data: rows.flatMap { $0 })).data.map(Double.init)
            }
        }
    }

    var parameters: [NamedParameter] { network.parameters.map { NamedParameter("surrogate.\($0.name)", $0.tensor) } }
}
