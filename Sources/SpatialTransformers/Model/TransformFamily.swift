import TensorKit

/// The transformations a spatial transformer can apply (Jaderberg et al. 2015, section 3.2).
public enum TransformFamily: String, CaseIterable, Sendable {
    /// x_s = A_θ (x_t, y_t, 1): six parameters; rotation, scale, shear and translation.
    case affine
    /// (u, v, w) = H (x_t, y_t, 1), x_s = (u / w, v / w): eight parameters (H[2,2] = 1); also
    /// perspective.
    case projective

    /// The values `--set transform=` accepts.
    public static var names: [String] { allCases.map(\.rawValue) }

    /// How many numbers the localisation network predicts.
    public var parameterCount: Int { self == .affine ? 6 : 8 }

    /// The parameters of the identity transformation (the localisation network's initial output).
    public var identity: [Float] {
        self == .affine ? [1, 0, 0, 0, 1, 0] : [1, 0, 0, 0, 1, 0, 0, 0]
    }

    /// The sampling grid `[N, height, width, 2]` for `parameters: [N, parameterCount]`.
    public func grid(_ parameters: Tensor, height: Int, width: Int) -> Tensor {
        let batch = parameters.shape[0]
        switch self {
        case .affine:
            return Tensor.affineGrid(theta: parameters.reshaped([batch, 2, 3]), height: height, width: width)
        case .projective:
            let full = Tensor.concatenate([parameters, Tensor.ones([batch, 1])], axis: 1)
            return Tensor.projectiveGrid(homography: full.reshaped([batch, 3, 3]), height: height, width: width)
        }
    }
}
