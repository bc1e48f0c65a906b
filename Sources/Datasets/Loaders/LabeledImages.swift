/// Grey-scale images with one class label each.
public struct LabeledImages: Sendable {
    /// Pixel intensities in 0...1, row-major `[count, rows, columns]`.
    public var pixels: [Float]
    /// One class index per image, in `0..<classNames.count`.
    public var labels: [Int]
    public var rows: Int
    public var columns: Int
    public var classNames: [String]

    public init(pixels: [Float], labels: [Int], rows: Int, columns: Int, classNames: [String]) {
        precondition(pixels.count == labels.count * rows * columns, "pixels must hold labels.count images of rows x columns")
        self.pixels = pixels
        self.labels = labels
        self.rows = rows
        self.columns = columns
        self.classNames = classNames
    }

    public var count: Int { labels.count }
    public var pixelsPerImage: Int { rows * columns }

    /// The pixels of image `index`.
    public func image(_ index: Int) -> ArraySlice<Float> {
        pixels[(index * pixelsPerImage)..<((index + 1) * pixelsPerImage)]
    }

    /// The images at `indices`, in that order (for a split or a minibatch).
    public func subset(_ indices: [Int]) -> LabeledImages {
        var picked: [Float] = []
        picked.reserveCapacity(indices.count * pixelsPerImage)
        for index in indices { picked.append(contentsOf: image(index)) }
        return LabeledImages(pixels: picked, labels: indices.map { labels[$0] }, rows: rows, columns: columns, classNames: classNames)
    }

    /// Number of images per class.
    public var classCounts: [Int] {
        var counts = [Int](repeating: 0, count: classNames.count)
        for label in labels { counts[label] += 1 }
        return counts
    }
}
