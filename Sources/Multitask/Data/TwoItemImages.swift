import Datasets
import TensorKit

/// Images that each hold two items, one top-left and one bottom-right, and the class of each:
/// the MultiMNIST recipe of Sener & Koltun (2018) as used for MultiFashion by Lin et al. (2019).
///
/// A 28x28 item is pasted onto a 36x36 canvas with its corner at (dy, dx) for the left item and
/// at (8 - dy', 8 - dx') for the right one, every shift drawn uniformly from 0...4 pixels, and the
/// two layers are combined by the pixel-wise maximum. The items overlap in a 20x20 to 28x28
/// square, which is what makes the two tasks hard and couples them.
public struct TwoItemImages: Sendable {
    public static let side = 36
    public static let itemSide = 28
    public static let maximumShift = 4

    /// Pixels in 0...1, row-major `[count, 36, 36]`.
    public let pixels: [Float]
    /// Class of the top-left item of each image.
    public let leftLabels: [Int]
    /// Class of the bottom-right item of each image.
    public let rightLabels: [Int]
    public let leftClassNames: [String]
    public let rightClassNames: [String]

    public var count: Int { leftLabels.count }
    public static var pixelsPerImage: Int { side * side }

    public init(pixels: [Float], leftLabels: [Int], rightLabels: [Int], leftClassNames: [String], rightClassNames: [String]) {
        precondition(leftLabels.count == rightLabels.count && pixels.count == leftLabels.count * Self.pixelsPerImage,
                     "pixels and labels disagree")
        self.pixels = pixels
        self.leftLabels = leftLabels
        self.rightLabels = rightLabels
        self.leftClassNames = leftClassNames
        self.rightClassNames = rightClassNames
    }

    /// Draws `count` images: the left item uniformly from `left`, the right item uniformly from
    /// `right` (independently), the shifts as described above, all from `seed`.
    public static func make(count: Int, left: LabeledImages, right: LabeledImages, seed: UInt64) -> TwoItemImages {
        precondition(left.rows == itemSide && left.columns == itemSide && right.rows == itemSide && right.columns == itemSide,
                     "items must be 28x28")
        precondition(left.count > 0 && right.count > 0, "no items to draw from")
        var generator = SeededGenerator(seed: seed)
        var pixels = [Float](repeating: 0, count: count * pixelsPerImage)
        var leftLabels = [Int](), rightLabels = [Int]()
        leftLabels.reserveCapacity(count)
        rightLabels.reserveCapacity(count)
        pixels.withUnsafeMutableBufferPointer { canvas in
            for image in 0..<count {
                let first = generator.nextInt(below: left.count), second = generator.nextInt(below: right.count)
                let top = generator.nextInt(below: maximumShift + 1), leftEdge = generator.nextInt(below: maximumShift + 1)
                let bottom = 2 * maximumShift - generator.nextInt(below: maximumShift + 1)
                let rightEdge = 2 * maximumShift - generator.nextInt(below: maximumShift + 1)
                let base = image * pixelsPerImage
                paste(left, first, at: (top, leftEdge), into: canvas, base: base)
                paste(right, second, at: (bottom, rightEdge), into: canvas, base: base)
                leftLabels.append(left.labels[first])
                rightLabels.append(right.labels[second])
            }
        }
        return TwoItemImages(pixels: pixels, leftLabels: leftLabels, rightLabels: rightLabels,
                             leftClassNames: left.classNames, rightClassNames: right.classNames)
    }

    /// canvas = max(canvas, item) over the item's 28x28 square at `corner`.
    private static func paste(_ images: LabeledImages, _ index: Int, at corner: (row: Int, column: Int),
                              into canvas: UnsafeMutableBufferPointer<Float>, base: Int) {
        images.pixels.withUnsafeBufferPointer { source in
            let from = index * itemSide * itemSide
            for row in 0..<itemSide {
                let target = base + (corner.row + row) * side + corner.column, origin = from + row * itemSide
                for column in 0..<itemSide {
                    let value = source[origin + column]
                    if value > canvas[target + column] { canvas[target + column] = value }
                }
            }
        }
    }

    /// Images `indices` as a `[indices.count, 1, 36, 36]` tensor.
    public func batch(_ indices: [Int]) -> Tensor {
        let size = Self.pixelsPerImage
        var values = [Float](repeating: 0, count: indices.count * size)
        values.withUnsafeMutableBufferPointer { target in
            pixels.withUnsafeBufferPointer { source in
                for (row, index) in indices.enumerated() {
                    for j in 0..<size { target[row * size + j] = source[index * size + j] }
                }
            }
        }
        return Tensor(shape: [indices.count, 1, Self.side, Self.side], data: values)
    }
}

/// Which pair of datasets a two-item image is made of.
public enum TwoItemSource: String, CaseIterable, Sendable {
    /// Fashion-MNIST on both sides (MultiFashion).
    case fashion
    /// Fashion-MNIST top-left, an MNIST-5k digit bottom-right (Multi-(Fashion+MNIST)).
    case fashionMNIST = "fashion+mnist"

    /// Builds `trainCount` training and `testCount` test images: training images draw only from
    /// training items (Fashion-MNIST train; MNIST-5k rows with index % 5 != 4), test images only
    /// from held-out items (Fashion-MNIST test; MNIST-5k rows % 5 == 4).
    public func load(store: DataStore, trainCount: Int, testCount: Int, seed: UInt64) throws -> (train: TwoItemImages, test: TwoItemImages) {
        let fashionTrain = try FashionMNIST.load(.train, store: store)
        let fashionTest = try FashionMNIST.load(.test, store: store)
        let rightTrain: LabeledImages, rightTest: LabeledImages
        switch self {
        case .fashion:
            (rightTrain, rightTest) = (fashionTrain, fashionTest)
        case .fashionMNIST:
            let digits = try MNIST5k.load(store: store)
            let split = Splits.moduloSplit(count: digits.count, modulus: 5, testRemainder: 4)
            (rightTrain, rightTest) = (digits.subset(split.train), digits.subset(split.test))
        }
        return (TwoItemImages.make(count: trainCount, left: fashionTrain, right: rightTrain, seed: seed),
                TwoItemImages.make(count: testCount, left: fashionTest, right: rightTest, seed: seed &+ 0x5EED))
    }
}
