import Foundation

/// Fashion-MNIST (Xiao, Rasul & Vollgraf 2017): 28 x 28 grey images of clothing in 10 classes,
/// 60,000 for training and 10,000 for testing, as gzipped IDX files.
public enum FashionMNIST {
    public static let datasetName = "fashion-mnist"
    public static let classNames = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                                    "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]

    public enum Split: String, Sendable, CaseIterable {
        case train
        case test

        public var imagesFileName: String { self == .train ? "train-images-idx3-ubyte.gz" : "t10k-images-idx3-ubyte.gz" }
        public var labelsFileName: String { self == .train ? "train-labels-idx1-ubyte.gz" : "t10k-labels-idx1-ubyte.gz" }
    }

    /// Loads the cached split; `limit` keeps the first N images.
    public static func load(_ split: Split, store: DataStore, limit: Int? = nil) throws -> LabeledImages {
        try load(images: store.url(of: split.imagesFileName, in: datasetName),
                 labels: store.url(of: split.labelsFileName, in: datasetName), limit: limit)
    }

    /// Loads an IDX3 image file and an IDX1 label file (gzip or plain); pixels x / 255.
    public static func load(images imagesURL: URL, labels labelsURL: URL, limit: Int? = nil) throws -> LabeledImages {
        let labels = try IDXFile.read(labelsURL, expectedDimensionCount: 1, limit: limit)
        if let bad = labels.bytes.firstIndex(where: { Int($0) >= classNames.count }) {
            throw DatasetError.malformed(file: labelsURL.path, line: 1, reason: "label \(labels.bytes[bad]) of item \(bad) is not in 0...9")
        }
        let data = try Gzip.readMaybeCompressed(imagesURL)
        return try IDXFile.withValues(data, file: imagesURL.path, expectedDimensionCount: 3, limit: limit) { dimensions, values in
            guard dimensions[0] == labels.dimensions[0] else {
                throw DatasetError.malformed(file: labelsURL.path, line: 1, reason: "\(labels.dimensions[0]) labels for \(dimensions[0]) images")
            }
            return LabeledImages(pixels: scaledPixels(values, maximum: 255), labels: labels.bytes.map(Int.init),
                                 rows: dimensions[1], columns: dimensions[2], classNames: classNames)
        }
    }

    /// Bytes scaled to 0...1 by `x / maximum`.
    static func scaledPixels(_ bytes: UnsafeBufferPointer<UInt8>, maximum: Float) -> [Float] {
        [Float](unsafeUninitializedCapacity: bytes.count) { buffer, initialized in
            for index in 0..<bytes.count { buffer[index] = Float(bytes[index]) / maximum }
            initialized = bytes.count
        }
    }
}
