import Datasets
import Lab

/// The basics topic's datasets as flat classification data.
enum BasicsData {
    /// UCI digits, 64 features in 0...1; validation is row index % 5 == 4 (360 images).
    static func digits(store: DataStore) throws -> ClassificationData {
        let images = try UCIDigits.load(store: store)
        let split = Splits.moduloSplit(count: images.count, modulus: 5, testRemainder: 4)
        return ClassificationData(features: images.pixels, featureCount: images.pixelsPerImage, labels: images.labels,
                                  classCount: images.classNames.count, trainIndices: split.train,
                                  heldOutIndices: split.test, heldOutName: "validation")
    }

    /// Fashion-MNIST: the first `trainCount` training and first `testCount` test images, 784
    /// features in 0...1.
    static func fashion(store: DataStore, trainCount: Int, testCount: Int) throws -> ClassificationData {
        let train = try FashionMNIST.load(.train, store: store, limit: trainCount)
        let test = try FashionMNIST.load(.test, store: store, limit: testCount)
        return ClassificationData(features: train.pixels + test.pixels, featureCount: train.pixelsPerImage,
                                  labels: train.labels + test.labels, classCount: train.classNames.count,
                                  trainIndices: Array(0..<train.count),
                                  heldOutIndices: Array(train.count..<(train.count + test.count)), heldOutName: "test")
    }
}
