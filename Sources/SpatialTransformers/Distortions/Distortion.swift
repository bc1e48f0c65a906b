import TensorKit
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The distortions of Jaderberg et al. (2015, section 4.1), applied once per image with a
/// generator seeded from the data seed and the image's index, so a data set is reproducible.
///
/// Angles and scales are drawn uniformly. Every warp is an inverse mapping with bilinear
/// interpolation and zero outside the source image.
public enum Distortion: String, CaseIterable, Sendable {
    /// Rotation by an angle in ±90°, about the image centre; 28x28.
    case r
    /// Rotation in ±45°, scale 0.7...1.2, and a random position on a 42x42 canvas.
    case rts
    /// Projective: each corner moved by Gaussian noise (standard deviation 10 % of the side),
    /// then the image scaled by 0.75...1 about its centre; 28x28.
    case p
    /// Elastic (Simard et al. 2003): a uniform random displacement field in ±1 pixel, smoothed by
    /// a Gaussian of σ = 4 pixels and scaled by α = 34; 28x28.
    case e
    /// The image at a random position on a 60x60 canvas with 8 random 8x8 crops of other
    /// training images (their central 20x20) added as clutter.
    case clutter

    /// The values `--set distortion=` accepts.
    public static var names: [String] { allCases.map(\.rawValue) }

    /// The side of the distorted image.
    public var side: Int {
        switch self {
        case .rts: 42
        case .clutter: 60
        case .r, .p, .e: 28
        }
    }

    /// A short description for the screen.
    public var summary: String {
        switch self {
        case .r: "rotation in ±90°"
        case .rts: "rotation ±45°, scale 0.7-1.2, placed on 42x42"
        case .p: "projective corner noise, scale 0.75-1"
        case .e: "elastic warp (α 34, σ 4)"
        case .clutter: "60x60 with 8 clutter crops"
        }
    }

    /// The distorted version of image `index` of `images` (`count x side x side`, side 28).
    /// `clutterSources` lists the images clutter may be cut from.
    func apply(index: Int, images: UnsafeBufferPointer<Float>, side source: Int, clutterSources: [Int],
               using generator: inout SeededGenerator) -> [Float] {
        let image = UnsafeBufferPointer(rebasing: images[(index * source * source)..<((index + 1) * source * source)])
        let centre = Double(source - 1) / 2
        func uniform(_ range: ClosedRange<Double>) -> Double {
            range.lowerBound + (range.upperBound - range.lowerBound) * Double(generator.nextUniform())
        }
        switch self {
        case .r:
            // Output pixel p reads the source at c + R(-a)(p - c).
            let angle = uniform(-90...90) * .pi / 180
            let matrix = ImageWarp.multiply(ImageWarp.translation(centre, centre),
                                            ImageWarp.multiply(ImageWarp.rotation(-angle), ImageWarp.translation(-centre, -centre)))
            return ImageWarp.warp(image, height: source, width: source, matrix: matrix, outputHeight: side, outputWidth: side)
        case .rts:
            let angle = uniform(-45...45) * .pi / 180, scale = uniform(0.7...1.2)
            let half = Double(source) / 2 * scale, limit = Double(side) - half
            let (x, y) = (uniform(half...limit) - 0.5, uniform(half...limit) - 0.5)
            // p -> c_source + R(-a) (p - placement) / s
            let inverse = ImageWarp.multiply(ImageWarp.multiply(ImageWarp.translation(centre, centre), ImageWarp.rotation(-angle)),
                                             ImageWarp.multiply(ImageWarp.scaling(1 / scale), ImageWarp.translation(-x, -y)))
            return ImageWarp.warp(image, height: source, width: source, matrix: inverse, outputHeight: side, outputWidth: side)
        case .p:
            let scale = uniform(0.75...1), deviation = 0.1 * Double(source)
            let corners = [(-0.5, -0.5), (Double(source) - 0.5, -0.5), (-0.5, Double(source) - 0.5),
                           (Double(source) - 0.5, Double(source) - 0.5)]
            let moved = corners.map { corner in
                (centre + scale * (corner.0 - centre) + deviation * Double(generator.nextNormal()),
                 centre + scale * (corner.1 - centre) + deviation * Double(generator.nextNormal()))
            }
            let matrix = ImageWarp.homography(from: moved, to: corners) ?? ImageWarp.identity
            return ImageWarp.warp(image, height: source, width: source, matrix: matrix, outputHeight: side, outputWidth: side)
        case .e:
            let field = ElasticField(side: source, alpha: 34, sigma: 4, using: &generator)
            return ImageWarp.displace(image, height: source, width: source, dx: field.dx, dy: field.dy)
        case .clutter:
            return clutter(image, source: source, images: images, clutterSources: clutterSources, using: &generator)
        }
    }

    private func clutter(_ image: UnsafeBufferPointer<Float>, source: Int, images: UnsafeBufferPointer<Float>,
                         clutterSources: [Int], using generator: inout SeededGenerator) -> [Float] {
        var canvas = [Float](repeating: 0, count: side * side)
        let (piece, pieces, margin) = (8, 8, 4)
        for _ in 0..<(clutterSources.isEmpty ? 0 : pieces) {
            let other = clutterSources[generator.nextInt(below: clutterSources.count)] * source * source
            let (top, left) = (margin + generator.nextInt(below: source - 2 * margin - piece + 1),
                               margin + generator.nextInt(below: source - 2 * margin - piece + 1))
            let (y, x) = (generator.nextInt(below: side - piece + 1), generator.nextInt(below: side - piece + 1))
            for r in 0..<piece {
                for c in 0..<piece {
                    let value = images[other + (top + r) * source + left + c]
                    canvas[(y + r) * side + x + c] = max(canvas[(y + r) * side + x + c], value)
                }
            }
        }
        let (y, x) = (generator.nextInt(below: side - source + 1), generator.nextInt(below: side - source + 1))
        for r in 0..<source {
            for c in 0..<source {
                canvas[(y + r) * side + x + c] = max(canvas[(y + r) * side + x + c], image[r * source + c])
            }
        }
        return canvas
    }
}

/// A smooth random displacement field (Simard, Steinkraus & Platt 2003): uniform noise in ±1 per
/// pixel and axis, blurred by a normalised Gaussian of standard deviation σ (separable, zero
/// outside), times α.
struct ElasticField {
    let dx: [Double], dy: [Double]

    init(side: Int, alpha: Double, sigma: Double, using generator: inout SeededGenerator) {
        let radius = Int((3 * sigma).rounded(.up))
        var kernel = (-radius...radius).map { exp(-Double($0 * $0) / (2 * sigma * sigma)) }
        let total = kernel.reduce(0, +)
        kernel = kernel.map { $0 / total }
        func field() -> [Double] {
            let noise = (0..<(side * side)).map { _ in Double(generator.nextUniform()) * 2 - 1 }
            var rows = [Double](repeating: 0, count: side * side)
            var result = [Double](repeating: 0, count: side * side)
            for r in 0..<side {
                for c in 0..<side {
                    var sum = 0.0
                    for k in -radius...radius where c + k >= 0 && c + k < side { sum += kernel[k + radius] * noise[r * side + c + k] }
                    rows[r * side + c] = sum
                }
            }
            for r in 0..<side {
                for c in 0..<side {
                    var sum = 0.0
                    for k in -radius...radius where r + k >= 0 && r + k < side { sum += kernel[k + radius] * rows[(r + k) * side + c] }
                    result[r * side + c] = alpha * sum
                }
            }
            return result
        }
        dx = field()
        dy = field()
    }
}
