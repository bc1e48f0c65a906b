import Datasets
import Testing
import TensorKit
import TestSupport
@testable import SpatialTransformers

/// The distortions: sizes, reproducibility from the seed, and the geometry of the warps.
@Suite struct DistortionTests {
    /// Three 28x28 images: a bright 6x6 square at the centre, a vertical bar and a diagonal.
    static let images: LabeledImages = {
        var pixels = [Float](repeating: 0, count: 3 * 784)
        for r in 11..<17 { for c in 11..<17 { pixels[r * 28 + c] = 1 } }
        for r in 4..<24 { pixels[784 + r * 28 + 14] = 1 }
        for k in 4..<24 { pixels[2 * 784 + k * 28 + k] = 1 }
        return LabeledImages(pixels: pixels, labels: [0, 1, 2], rows: 28, columns: 28, classNames: ["a", "b", "c"])
    }()
    static let split = IndexSplit(train: [0, 1], test: [2])

    static func distorted(_ distortion: Distortion, seed: UInt64) -> DistortedImages {
        DistortedImages.distort(images, split: split, source: .mnist5k, distortion: distortion, seed: seed)
    }

    @Test(arguments: Distortion.allCases)
    func sameSeedSameImagesOtherSeedOtherImages(_ distortion: Distortion) {
        let first = Self.distorted(distortion, seed: 7), again = Self.distorted(distortion, seed: 7)
        let other = Self.distorted(distortion, seed: 8)
        #expect(first.side == distortion.side)
        #expect(first.data.features.count == 3 * distortion.side * distortion.side)
        #expect(first.data.features == again.data.features)
        #expect(first.data.features != other.data.features)
        #expect(first.data.features.allSatisfy { $0 >= 0 && $0 <= 1 })
        #expect(first.data.trainIndices == [0, 1] && first.data.heldOutIndices == [2])
    }

    @Test(arguments: [Distortion.r, .rts, .p])
    func warpsKeepMostOfTheSquare(_ distortion: Distortion) {
        // The square (36 units of ink) stays on the canvas; RTS scales its area by s² in 0.49...1.44.
        let ink = Self.distorted(distortion, seed: 3).data.features.prefix(distortion.side * distortion.side).reduce(0, +)
        #expect(ink > 36 * 0.45 && ink < 36 * 1.5, "\(ink)")
    }

    @Test func clutterAddsInkAroundTheWholeDigit() {
        let clutter = Self.distorted(.clutter, seed: 4)
        let ink = clutter.data.features.prefix(3600).reduce(0, +)
        #expect(ink >= 36)   // the whole square, plus any clutter
        #expect(clutter.side == 60)
    }

    @Test func rotationByNinetyDegreesTurnsAVerticalBarHorizontal() {
        let centre = 13.5
        let matrix = ImageWarp.multiply(ImageWarp.translation(centre, centre),
                                        ImageWarp.multiply(ImageWarp.rotation(-.pi / 2), ImageWarp.translation(-centre, -centre)))
        let bar = Array(Self.images.pixels[784..<1568])
        let turned = bar.withUnsafeBufferPointer {
            ImageWarp.warp($0, height: 28, width: 28, matrix: matrix, outputHeight: 28, outputWidth: 28)
        }
        // The column at x = 14 becomes a row; with pixel centres at integers, 90° maps pixels onto pixels.
        let rowSums = (0..<28).map { r in turned[(r * 28)..<(r * 28 + 28)].reduce(0, +) }
        #expect(rowSums.max()! > 19.5)
        #expect(abs(rowSums.reduce(0, +) - 20) < 1e-3)
    }

    @Test func homographyMapsTheFourCorners() throws {
        let from = [(0.0, 0.0), (10.0, 1.0), (-1.0, 9.0), (12.0, 12.0)]
        let to = [(0.0, 0.0), (10.0, 0.0), (0.0, 10.0), (10.0, 10.0)]
        let h = try #require(ImageWarp.homography(from: from, to: to))
        for ((x, y), (u, v)) in zip(from, to) {
            let w = h[6] * x + h[7] * y + h[8]
            #expect(abs((h[0] * x + h[1] * y + h[2]) / w - u) < 1e-9)
            #expect(abs((h[3] * x + h[4] * y + h[5]) / w - v) < 1e-9)
        }
    }

    @Test func elasticFieldIsSmoothAndBounded() {
        var generator = SeededGenerator(seed: 9)
        let field = ElasticField(side: 28, alpha: 34, sigma: 4, using: &generator)
        let largest: Double = field.dx.map { Swift.abs($0) }.max()!
        let middleRow: [Double] = Array(field.dx[(14 * 28)..<(15 * 28)])
        let jump: Double = zip(middleRow, middleRow.dropFirst()).map { (left: Double, right: Double) -> Double in Swift.abs(right - left) }.max()!
        #expect(largest > 0.3 && largest < 10, "\(largest)")
        #expect(jump < largest / 2)
    }

    @Test func mnistSlicesAreEvenlySpacedSoEveryDigitAppears() {
        let test = Splits.moduloSplit(count: 5000, modulus: 5, testRemainder: 4).test
        let slice = DistortedImages.evenlySpaced(test, count: 200)
        #expect(slice.count == 200 && slice.first == 4 && slice.last! > 4900)
        #expect(DistortedImages.evenlySpaced(test, count: 5000) == test)
    }
}
