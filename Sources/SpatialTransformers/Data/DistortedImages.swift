import Datasets
import Lab
import TensorKit

/// Which images to distort.
public enum ImageSource: String, CaseIterable, Sendable {
    /// MNIST-5k: 5,000 digits sorted by label; row index % 5 == 4 is the test set (1,000, 100 per digit).
    case mnist5k
    /// Fashion-MNIST: the first `trainCount` training and first `testCount` test images.
    case fashion

    /// The values `--set dataset=` accepts.
    public static var names: [String] { allCases.map(\.rawValue) }
}

/// A distorted image data set: square grey images of side `side`, with labels and a split.
public struct DistortedImages: Sendable {
    public let source: ImageSource
    public let distortion: Distortion
    public let side: Int
    /// The distorted images with their labels and the train / test split.
    public let data: ClassificationData
    /// The undistorted 28x28 images, in the same order (for the screen).
    public let originals: [Float]
    public let classNames: [String]

    /// Loads `source` from `store` and distorts every image with a generator seeded from
    /// (`seed`, image index): the same seed gives the same data set, whatever the model.
    /// `trainCount` / `testCount` cap the split (Fashion-MNIST: the first N of each file;
    /// MNIST-5k: evenly spaced rows of its 4,000 / 1,000).
    public static func load(_ source: ImageSource, distortion: Distortion, seed: UInt64, store: DataStore,
                            trainCount: Int = 10_000, testCount: Int = 2_000) throws -> DistortedImages {
        let images: LabeledImages, split: IndexSplit
        switch source {
        case .mnist5k:
            images = try MNIST5k.load(store: store)
            let full = Splits.moduloSplit(count: images.count, modulus: 5, testRemainder: 4)
            // The file is sorted by label: a smaller slice takes evenly spaced rows, never the first N.
            split = IndexSplit(train: evenlySpaced(full.train, count: trainCount), test: evenlySpaced(full.test, count: testCount))
        case .fashion:
            let train = try FashionMNIST.load(.train, store: store, limit: trainCount)
            let test = try FashionMNIST.load(.test, store: store, limit: testCount)
            images = LabeledImages(pixels: train.pixels + test.pixels, labels: train.labels + test.labels,
                                   rows: train.rows, columns: train.columns, classNames: train.classNames)
            split = IndexSplit(train: Array(0..<train.count), test: Array(train.count..<images.count))
        }
        return distort(images, split: split, source: source, distortion: distortion, seed: seed)
    }

    /// At most `count` of `indices`, evenly spaced (all of them when there are no more).
    static func evenlySpaced(_ indices: [Int], count: Int) -> [Int] {
        guard count < indices.count else { return indices }
        return (0..<count).map { indices[$0 * indices.count / count] }
    }

    /// Distorts `images` (28x28); clutter is cut from the training images only.
    static func distort(_ images: LabeledImages, split: IndexSplit, source: ImageSource, distortion: Distortion,
                        seed: UInt64) -> DistortedImages {
        precondition(images.rows == images.columns, "square images expected")
        let side = distortion.side, area = side * side
        var pixels = [Float](repeating: 0, count: images.count * area)
        images.pixels.withUnsafeBufferPointer { all in
            for index in 0..<images.count {
                var generator = SeededGenerator(seed: seed &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(index) &* 0xD1B5_4A32_D192_ED03)
                let distorted = distortion.apply(index: index, images: all, side: images.rows,
                                                 clutterSources: split.train, using: &generator)
                for k in 0..<area { pixels[index * area + k] = distorted[k] }
            }
        }
        let data = ClassificationData(features: pixels, featureCount: area, labels: images.labels,
                                      classCount: images.classNames.count, trainIndices: split.train,
                                      heldOutIndices: split.test, heldOutName: "test")
        return DistortedImages(source: source, distortion: distortion, side: side, data: data,
                               originals: images.pixels, classNames: images.classNames)
    }

    /// The images at `rows` as `[rows.count, 1, side, side]`.
    public func batch(_ rows: [Int]) -> Tensor {
        data.batch(rows).reshaped([rows.count, 1, side, side])
    }

    /// The pixels of image `index`.
    public func image(_ index: Int) -> [Float] {
        Array(data.features[(index * side * side)..<((index + 1) * side * side)])
    }
}
