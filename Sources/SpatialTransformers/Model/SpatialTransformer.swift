import NeuralNet
import TensorKit

/// A spatial transformer module (Jaderberg et al. 2015): localisation network, grid generator
/// and sampler.
///
///     θ = f_loc(U)                       localisation network
///     G = T_θ(regular output grid)        grid generator (affine or projective)
///     V = bilinear sample of U at G       sampler, differentiable in U and in G
///
/// The output has side `outputSide` whatever the input's: the transformer may crop and zoom.
public final class SpatialTransformer: ParameterContainer {
    public let localisation: LocalisationNetwork
    public let family: TransformFamily
    public let outputSide: Int
    let spline: ThinPlateSpline?

    /// A transformer from `inputSide` to `outputSide` images, starting at the identity.
    public init(_ kind: LocalisationNetwork.Kind, inputSide: Int, outputSide: Int, family: TransformFamily,
                using generator: inout SeededGenerator) {
        localisation = LocalisationNetwork(kind, side: inputSide, family: family, using: &generator)
        self.family = family
        self.outputSide = outputSide
        spline = family.spline(height: outputSide, width: outputSide)
    }

    /// What the transformer did to a batch.
    public struct Output {
        /// The transformed images `[N, 1, outputSide, outputSide]`.
        public let images: Tensor
        /// θ `[N, k]`.
        public let parameters: Tensor
        /// The sampling grid `[N, outputSide, outputSide, 2]` (normalised source coordinates).
        public let grid: Tensor
    }

    /// `x: [N, 1, S, S]`.
    public func callAsFunction(_ x: Tensor) -> Output {
        let theta = localisation(x)
        let grid = family.grid(theta, height: outputSide, width: outputSide, spline: spline)
        return Output(images: Tensor.gridSample(input: x, grid: grid), parameters: theta, grid: grid)
    }

    public var parameters: [NamedParameter] { localisation.parameters.prefixed("localisation") }
}
