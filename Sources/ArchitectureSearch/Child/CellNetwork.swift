import NeuralNet
import TensorKit

/// A network of stacked cells on 8x8 single-channel images (NAS-Bench-201's macro skeleton, shrunk):
///
///     h = conv3x3(x, 1 → C)                                  (stem)
///     repeat `cellCount` times (each cell its own weights, all the same architecture):
///         n_0 = h;  n_j = Σ_{i<j} op_ij(n_i);  h = n_3
///     logits = Linear(mean over the 8x8 positions of relu(BN(h)))  (global average pool, C → 10)
///
/// conv ops are ReLU → conv → BN (C → C, "same" padding), NAS-Bench-201's ReLU-Conv-BN, where BN is
/// `channelStandardized` (batch statistics, no affine). Without it, shared weights cannot serve cells
/// whose sums of skips and convs differ in scale: ENAS then stays at chance (measured).
///
/// Holding weights for every convolution of every edge makes it the shared supernet of ENAS
/// (Pham et al. 2018): `callAsFunction(_:cell:)` runs any cell with the weights stored for its edges.
/// A stand-alone child builds only the convolutions its cell uses.
public final class CellNetwork: ParameterContainer {
    public let channels: Int
    public let cellCount: Int
    let stem: Conv2D
    /// convolutions[cell][edge][operation.rawValue] (nil where that op was not built).
    let convolutions: [[[Conv2D?]]]
    let classifier: Linear
    static let side = 8

    /// A supernet holding, on every edge, a convolution for each conv operation among `operations`.
    public convenience init(operations: Set<CellOperation>, channels: Int = 8, cellCount: Int = 2, using generator: inout SeededGenerator) {
        self.init(channels: channels, cellCount: cellCount, using: &generator) { _, operation in operations.contains(operation) }
    }

    /// A stand-alone child: only the convolutions `cell` uses are built (and counted).
    public convenience init(_ cell: CellArchitecture, channels: Int = 8, cellCount: Int = 2, using generator: inout SeededGenerator) {
        self.init(channels: channels, cellCount: cellCount, using: &generator) { position, operation in cell.operations[position] == operation }
    }

    /// Builds the convolution of (edge position, operation) wherever `builds` says so.
    init(channels: Int, cellCount: Int, using generator: inout SeededGenerator, builds: (Int, CellOperation) -> Bool) {
        self.channels = channels
        self.cellCount = cellCount
        stem = Conv2D(1, channels, kernel: 3, padding: 1, using: &generator)
        convolutions = (0..<cellCount).map { _ in
            CellSpace.edges.indices.map { position in
                CellOperation.allCases.map { operation in
                    guard builds(position, operation), let kernel = operation.kernel else { return nil }
                    return Conv2D(channels, channels, kernel: kernel, padding: kernel / 2, using: &generator)
                }
            }
        }
        classifier = Linear(channels, 10, using: &generator)
    }

    /// Logits `[N, 10]` of flat images `[N, 64]` through `cell`.
    public func callAsFunction(_ images: Tensor, cell: CellArchitecture) -> Tensor {
        let count = images.shape[0]
        var h = stem(images.reshaped([count, 1, Self.side, Self.side]))
        let pool = WindowGeometry(kernel: 3, stride: 1, padding: 1)
        for layer in 0..<cellCount {
            var nodes: [Tensor?] = [h]
            for to in 1..<CellSpace.nodeCount {
                var sum: Tensor?
                for (position, edge) in CellSpace.edges.enumerated() where edge.to == to {
                    guard let input = nodes[edge.from] else { continue }
                    let operation = cell.operations[position]
                    let output: Tensor
                    switch operation {
                    case .zero: continue
                    case .skip: output = input
                    case .avgPool3x3: output = input.avgPool2d(pool)
                    case .conv1x1, .conv3x3:
                        guard let convolution = convolutions[layer][position][operation.rawValue] else {
                            preconditionFailure("\(operation.code) on edge \(edge) was not built")
                        }
                        output = convolution(input.relu()).channelStandardized()
                    }
                    sum = sum.map { $0 + output } ?? output
                }
                nodes.append(sum)
            }
            // A cell whose output is cut off from its input emits zeros (as NAS-Bench-201's "none" edges do).
            h = nodes[CellSpace.nodeCount - 1] ?? Tensor.zeros([count, channels, Self.side, Self.side])
        }
        let pooled = h.channelStandardized().relu().reshaped([count, channels, Self.side * Self.side]).mean(axis: 2)
        return classifier(pooled)
    }

    public var parameters: [NamedParameter] {
        var all = stem.parameters.map { NamedParameter("stem.\($0.name)", $0.tensor) }
        for (layer, edges) in convolutions.enumerated() {
            for (position, operations) in edges.enumerated() {
                for case let (raw, convolution?) in operations.enumerated() {
                    let edge = CellSpace.edges[position]
                    let prefix = "cell\(layer + 1).\(edge.from)-\(edge.to).\(CellOperation(rawValue: raw)!.code)"
                    all += convolution.parameters.map { NamedParameter("\(prefix).\($0.name)", $0.tensor) }
                }
            }
        }
        return all + classifier.parameters.map { NamedParameter("classifier.\($0.name)", $0.tensor) }
    }

    /// Trainable scalars held.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.tensor.count } }

    /// The parameters `cell` uses (stem, its edges' convolutions, classifier): what ENAS updates for it.
    public func parameters(for cell: CellArchitecture) -> [NamedParameter] {
        var used = Set<ObjectIdentifier>()
        for layer in convolutions {
            for (position, operation) in cell.operations.enumerated() {
                if let convolution = layer[position][operation.rawValue] {
                    used.insert(ObjectIdentifier(convolution.weight))
                    used.insert(ObjectIdentifier(convolution.bias))
                }
            }
        }
        return parameters.filter { $0.name.hasPrefix("stem.") || $0.name.hasPrefix("classifier.") || used.contains(ObjectIdentifier($0.tensor)) }
    }
}
