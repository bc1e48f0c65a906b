import Foundation

/// UCI optical recognition of handwritten digits (Alpaydin & Kaynak 1998), the 8 x 8 version
/// shipped in scikit-learn: 1,797 images, 64 pixel counts (0-16) then the label per line.
public enum UCIDigits {
    public static let datasetName = "uci-digits"
    public static let fileName = "digits.csv.gz"
    public static let classNames = (0...9).map(String.init)

    public static func load(store: DataStore) throws -> LabeledImages {
        try load(from: store.url(of: fileName, in: datasetName))
    }

    /// Loads a CSV file (gzip or plain) of 64 values 0-16 and a label; pixels x / 16.
    public static func load(from url: URL) throws -> LabeledImages {
        try PixelCSV.load(url, rows: 8, columns: 8, maximum: 16, classNames: classNames)
    }
}
