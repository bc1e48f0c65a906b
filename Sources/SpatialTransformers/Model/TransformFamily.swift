import TensorKit

/// The transformations a spatial transformer can apply (Jaderberg et al. 2015, section 3.2).
public enum TransformFamily: String, CaseIterable, Sendable {
    /// x_s = A_θ (x_t, y_t, 1): six parameters; rotation, scale, shear and translation.
    case affine
    /// (u, v, w) = H (x_t, y_t, 1), x_s = (u / w, v / w): eight parameters (H[2,2] = 1); also
    /// perspective.
    case projective
    /// Thin plate spline through a 3x3 lattice of control points: eighteen parameters (where
    /// each control point reads in the input); smooth non-rigid warps.
    case tps

    /// The values `--set transform=` accepts.
    public static var names: [String] { allCases.map(\.rawValue) }

    /// How many numbers the localisation network predicts.
    public var parameterCount: Int {
        switch self {
        case .affine: 6
        case .projective: 8
        case .tps: 2 * Self.splineLattice * Self.splineLattice
        }
    }

    /// Control points per side of the thin plate spline's lattice.
    public static let splineLattice = 3

    /// The parameters of the identity transformation (the localisation network's initial output).
    public var identity: [Float] {
        switch self {
        case .affine: [1, 0, 0, 0, 1, 0]
        case .projective: [1, 0, 0, 0, 1, 0, 0, 0]
        case .tps: ThinPlateSpline(lattice: Self.splineLattice, height: 1, width: 1).identitySources
        }
    }

    /// The precomputed spline for `tps` outputs of `height x width` (nil for the other families).
    public func spline(height: Int, width: Int) -> ThinPlateSpline? {
        self == .tps ? ThinPlateSpline(lattice: Self.splineLattice, height: height, width: width) : nil
    }

    /// The sampling grid `[N, height, width, 2]` for `parameters: [N, parameterCount]`; `tps`
    /// needs `spline` (from ``spline(height:width:)``).
    public func grid(_ parameters: Tensor, height: Int, width: Int, spline: ThinPlateSpline? = nil) -> Tensor {
        let batch = parameters.shape[0]
        switch self {
        case .affine:
            return Tensor.affineGrid(theta: parameters.reshaped([batch, 2, 3]), height: height, width: width)
        case .projective:
            let full = Tensor.concatenate([parameters, Tensor.ones([batch, 1])], axis: 1)
            return Tensor.projectiveGrid(homography: full.reshaped([batch, 3, 3]), height: height, width: width)
        case .tps:
            let spline = spline ?? ThinPlateSpline(lattice: Self.splineLattice, height: height, width: width)
            return spline.grid(sources: parameters.reshaped([batch, parameterCount / 2, 2]))
        }
    }
}
