import Datasets
import TensorKit

/// UCI Adult as a two-task problem, the census setting of the MMoE paper (Ma et al. 2018):
/// task 1 is income > $50K, task 2 is marital status "Never-married".
///
/// Features: the six numeric columns standardised with the training mean and standard deviation
/// (a missing value becomes 0, the mean), then one-hot codes of the categorical columns except
/// marital status (that is a label here) and any columns in `excluded`, with vocabularies from the
/// training file; a missing or unseen category is all zeros. `relationship` (Husband, Wife,
/// Own-child...) nearly gives the marital status away: no Husband or Wife row is never married.
public struct AdultTasks: Sendable {
    /// Row-major `[count, featureCount]`.
    public let features: [Float]
    public let featureCount: Int
    public let income: [Float]
    public let neverMarried: [Float]

    public var count: Int { income.count }

    /// Rows `indices` as a `[indices.count, featureCount]` tensor.
    public func batch(_ indices: [Int]) -> Tensor {
        var values = [Float](repeating: 0, count: indices.count * featureCount)
        values.withUnsafeMutableBufferPointer { target in
            features.withUnsafeBufferPointer { source in
                for (row, index) in indices.enumerated() {
                    for j in 0..<featureCount { target[row * featureCount + j] = source[index * featureCount + j] }
                }
            }
        }
        return Tensor(shape: [indices.count, featureCount], data: values)
    }

    /// Encodes the training and test files with statistics from the training rows only;
    /// `trainLimit` / `testLimit` keep the first N rows (for fast tests).
    public static func load(store: DataStore, trainLimit: Int? = nil, testLimit: Int? = nil,
                            excluded: Set<String> = []) throws -> (train: AdultTasks, test: AdultTasks) {
        var train = try UCIAdult.load(.train, store: store)
        var test = try UCIAdult.load(.test, store: store)
        if let trainLimit { train = Array(train.prefix(trainLimit)) }
        if let testLimit { test = Array(test.prefix(testLimit)) }
        let encoder = AdultEncoder(fitting: train, excluding: excluded)
        return (encoder.encode(train), encoder.encode(test))
    }
}

/// The feature map of `AdultTasks`, fitted on training records.
struct AdultEncoder {
    static let maritalColumn = UCIAdult.categoricalColumns.firstIndex(of: "marital-status")!
    let means: [Double]
    let deviations: [Double]
    /// Per categorical column (marital status included but never used): value -> one-hot offset.
    let vocabularies: [[String: Int]]
    let featureCount: Int

    init(fitting records: [AdultRecord], excluding excluded: Set<String> = []) {
        let columns = UCIAdult.numericColumns.count
        var means = [Double](repeating: 0, count: columns), deviations = [Double](repeating: 1, count: columns)
        for column in 0..<columns {
            let values = records.compactMap { $0.numeric[column] }
            guard !values.isEmpty else { continue }
            let mean = values.reduce(0, +) / Double(values.count)
            let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
            means[column] = mean
            deviations[column] = variance > 0 ? variance.squareRoot() : 1
        }
        var offset = columns
        var vocabularies: [[String: Int]] = []
        for column in UCIAdult.categoricalColumns.indices {
            var vocabulary: [String: Int] = [:]
            if column != Self.maritalColumn && !excluded.contains(UCIAdult.categoricalColumns[column]) {
                for value in Set(records.compactMap { $0.categorical[column] }).sorted() {
                    vocabulary[value] = offset
                    offset += 1
                }
            }
            vocabularies.append(vocabulary)
        }
        self.means = means
        self.deviations = deviations
        self.vocabularies = vocabularies
        featureCount = offset
    }

    func encode(_ records: [AdultRecord]) -> AdultTasks {
        var features = [Float](repeating: 0, count: records.count * featureCount)
        var income = [Float](), neverMarried = [Float]()
        for (row, record) in records.enumerated() {
            let base = row * featureCount
            for (column, value) in record.numeric.enumerated() {
                if let value { features[base + column] = Float((value - means[column]) / deviations[column]) }
            }
            for (column, value) in record.categorical.enumerated() {
                if let value, let offset = vocabularies[column][value] { features[base + offset] = 1 }
            }
            income.append(record.incomeAbove50K ? 1 : 0)
            neverMarried.append(record.categorical[Self.maritalColumn] == "Never-married" ? 1 : 0)
        }
        return AdultTasks(features: features, featureCount: featureCount, income: income, neverMarried: neverMarried)
    }
}
