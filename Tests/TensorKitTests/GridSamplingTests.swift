import Testing
import TensorKit
import TestSupport

/// Forward values of the spatial-transformer ops (their gradients are in GradientTests).
@Suite struct GridSamplingTests {
    /// A 1 x 1 x 3 x 4 image with values 0...11.
    /// Equal up to float rounding of the coordinate arithmetic.
    static func close(_ a: [Float], _ b: [Float]) -> Bool { a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) < 1e-5 } }

    static var image: Tensor { Tensor(shape: [1, 1, 3, 4], data: (0..<12).map(Float.init)) }

    @Test func identityAffineGridSamplesPixelCentres() {
        let theta = Tensor(shape: [1, 2, 3], data: [1, 0, 0, 0, 1, 0])
        let grid = Tensor.affineGrid(theta: theta, height: 3, width: 4)
        #expect(grid.shape == [1, 3, 4, 2])
        // align-corners = false: x centres at -0.75, -0.25, 0.25, 0.75; y at -2/3, 0, 2/3.
        #expect(grid.data[0] == -0.75 && abs(grid.data[1] + 2.0 / 3) < 1e-6)
        #expect(grid.data[6] == 0.75)
        let sampled = Tensor.gridSample(input: Self.image, grid: grid)
        #expect(Self.close(sampled.data, Self.image.data))
    }

    @Test func translationByOnePixelShiftsAndPadsWithZeros() {
        // tx = 2 / W moves every sampling point one pixel to the right: output(x) = input(x + 1).
        let theta = Tensor(shape: [1, 2, 3], data: [1, 0, 0.5, 0, 1, 0])
        let sampled = Tensor.gridSample(input: Self.image, grid: Tensor.affineGrid(theta: theta, height: 3, width: 4))
        #expect(Self.close(sampled.data, [1, 2, 3, 0, 5, 6, 7, 0, 9, 10, 11, 0]))
    }

    @Test func halfwayPointsAverageTheirNeighbours() {
        // Pixel coordinate (0.5, 0) lies between values 0 and 1; (1, 0.5) between 1 and 5.
        let grid = Tensor(shape: [1, 1, 2, 2], data: [(2 * 0.5 + 1) / 4 - 1, -2.0 / 3, (2 * 1 + 1) / 4 - 1, (2 * 0.5 + 1) / 3 - 1])
        let sampled = Tensor.gridSample(input: Self.image, grid: grid)
        #expect(abs(sampled.data[0] - 0.5) < 1e-5 && abs(sampled.data[1] - 3) < 1e-5)
    }

    @Test func pointsOutsideTheImageReadZeroAndNaNIsSafe() {
        let grid = Tensor(shape: [1, 1, 3, 2], data: [5, 0, -3, 0.2, .nan, 0])
        #expect(Tensor.gridSample(input: Self.image, grid: grid).data == [0, 0, 0])
    }

    @Test func projectiveGridWithAffineLastRowEqualsTheAffineGrid() {
        var tensors = TestTensors(seed: 5)
        let theta = tensors.uniform([2, 2, 3])
        var full: [Float] = []
        for n in 0..<2 { full += Array(theta.data[(n * 6)..<(n * 6 + 6)]) + [0, 0, 1] }
        let projective = Tensor.projectiveGrid(homography: Tensor(shape: [2, 3, 3], data: full), height: 4, width: 5)
        let affine = Tensor.affineGrid(theta: theta, height: 4, width: 5)
        #expect(zip(projective.data, affine.data).allSatisfy { abs($0 - $1) < 1e-6 })
    }

    @Test func projectiveGridDividesByW() {
        // H = diag(1, 1, 2): every point is halved (a zoom out by 2).
        let grid = Tensor.projectiveGrid(homography: Tensor(shape: [1, 3, 3], data: [1, 0, 0, 0, 1, 0, 0, 0, 2]), height: 1, width: 2)
        #expect(grid.data == [-0.25, 0, 0.25, 0])
    }

    @Test func gridGradientFlowsThroughTheAffineParameters() {
        // d/dtx of sum(sample) equals the sum of the horizontal slopes times W / 2: non-zero here.
        let theta = Tensor(shape: [1, 2, 3], data: [0.8, 0.1, 0.05, -0.1, 0.9, 0.03]).trainable()
        Tensor.gridSample(input: Self.image, grid: Tensor.affineGrid(theta: theta, height: 3, width: 4)).sum().backward()
        #expect(theta.grad != nil && abs(theta.grad![2]) > 0.1)
    }

    @Test func thinPlateSplineAtItsControlPointsIsTheIdentity() {
        let spline = ThinPlateSpline(lattice: 3, height: 5, width: 6)
        let sources = Tensor(shape: [1, 9, 2], data: spline.identitySources)
        let identity = Tensor.affineGrid(theta: Tensor(shape: [1, 2, 3], data: [1, 0, 0, 0, 1, 0]), height: 5, width: 6)
        #expect(Self.close(spline.grid(sources: sources).data, identity.data))
    }

    @Test func thinPlateSplineReproducesAffineMapsAndBendsLocally() {
        // Sources moved by an affine map give exactly that affine grid (the spline's affine part).
        let spline = ThinPlateSpline(lattice: 3, height: 4, width: 4)
        let moved = spline.controlPoints.flatMap { [0.5 * $0.x + 0.1, 0.5 * $0.y - 0.2] }
        let grid = spline.grid(sources: Tensor(shape: [1, 9, 2], data: moved))
        let affine = Tensor.affineGrid(theta: Tensor(shape: [1, 2, 3], data: [0.5, 0, 0.1, 0, 0.5, -0.2]), height: 4, width: 4)
        #expect(Self.close(grid.data, affine.data))
        // Moving only the centre point bends the grid near the centre, not its corners much.
        var centre = spline.identitySources
        centre[8] += 0.3
        let bent = spline.grid(sources: Tensor(shape: [1, 9, 2], data: centre)).data
        let base = spline.grid(sources: Tensor(shape: [1, 9, 2], data: spline.identitySources)).data
        let middle = (1 * 4 + 1) * 2, corner = 0
        #expect(bent[middle] - base[middle] > 0.1)
        #expect(abs(bent[corner] - base[corner]) < bent[middle] - base[middle])
    }
}
