import Foundation

/// One quoted example sentence from a WordNet gloss.
public struct WordNetExample: Sendable, Equatable {
    /// `n`, `v`, `a`, `s` (satellite adjective) or `r`.
    public var partOfSpeech: String
    /// The synset's byte offset in its data file (its id within that part of speech).
    public var synsetOffset: Int
    /// The synset's first word, e.g. `able`.
    public var lemma: String
    /// The example as written, without its quotes.
    public var text: String
    /// `text` as lowercase tokens (`Tokenizer.words`).
    public var tokens: [String]
}

/// Example sentences from WordNet 3.0 (Miller 1995) glosses: in a `data.*` line, the gloss
/// follows ` | `; after its first `;` come examples in double quotes
/// (`able ... | having the necessary means; "able to swim"; "she was able to program"`).
/// Lines starting with two spaces are the licence header and are skipped.
public enum WordNetExamples {
    public static let datasetName = "wordnet"
    public static let fileNames = ["data.noun", "data.verb", "data.adj", "data.adv"]

    /// All examples of the four cached data files, noun, verb, adjective, adverb in that order.
    public static func load(store: DataStore) throws -> [WordNetExample] {
        try load(from: fileNames.map { try store.url(of: $0, in: datasetName) })
    }

    public static func load(from urls: [URL]) throws -> [WordNetExample] {
        try urls.flatMap { try load(from: $0) }
    }

    /// The examples of one WordNet data file.
    public static func load(from url: URL) throws -> [WordNetExample] {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw DatasetError.io(path: url.path, reason: "cannot read (\(error.localizedDescription))")
        }
        var examples: [WordNetExample] = []
        var fields: [ByteSlice] = []
        try ByteText.forEachLine(in: data) { line, number in
            if line.isEmpty || (line.count >= 2 && line[0] == ByteText.space && line[1] == ByteText.space) { return }
            guard let bar = glossStart(line) else {
                throw DatasetError.malformed(file: url.path, line: number, reason: "no ' | ' before a gloss: \(ByteText.excerpt(line))")
            }
            ByteText.split(ByteSlice(rebasing: line[0..<bar]), separator: ByteText.space, into: &fields)
            guard fields.count >= 5, let offset = ByteText.int(fields[0]) else {
                throw DatasetError.malformed(file: url.path, line: number, reason: "expected 'offset lex_filenum ss_type w_cnt word ...' before the gloss")
            }
            let partOfSpeech = ByteText.string(fields[2])
            let lemma = ByteText.string(fields[4])
            for text in quotedExamples(in: ByteSlice(rebasing: line[(bar + 3)...])) {
                examples.append(WordNetExample(partOfSpeech: partOfSpeech, synsetOffset: offset, lemma: lemma,
                                               text: text, tokens: Tokenizer.words(text)))
            }
        }
        return examples
    }

    /// The texts in double quotes after the gloss's first `;` (an unclosed quote is dropped).
    public static func quotedExamples(in gloss: String) -> [String] {
        Array(gloss.utf8).withUnsafeBufferPointer { quotedExamples(in: $0) }
    }

    static func quotedExamples(in gloss: ByteSlice) -> [String] {
        let quote = UInt8(ascii: "\"")
        guard var index = gloss.firstIndex(of: UInt8(ascii: ";")) else { return [] }
        var examples: [String] = []
        while let open = gloss[index...].firstIndex(of: quote) {
            guard let close = gloss[(open + 1)...].firstIndex(of: quote) else { break }
            let text = ByteText.trimmed(ByteSlice(rebasing: gloss[(open + 1)..<close]))
            if !text.isEmpty { examples.append(ByteText.string(text)) }
            index = close + 1
        }
        return examples
    }

    /// The index of ` | ` in the line.
    static func glossStart(_ line: ByteSlice) -> Int? {
        guard line.count >= 3 else { return nil }
        for index in 0...(line.count - 3) where line[index] == ByteText.space && line[index + 1] == UInt8(ascii: "|") && line[index + 2] == ByteText.space {
            return index
        }
        return nil
    }
}
