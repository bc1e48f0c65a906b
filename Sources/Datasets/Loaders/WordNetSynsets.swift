import Foundation

/// One WordNet synset: the words that share a sense and the gloss that defines it.
public struct WordNetSynset: Sendable, Equatable {
    /// `n`, `v`, `a`, `s` (satellite adjective) or `r`.
    public var partOfSpeech: String
    /// The synset's words, lowercased, with multi-word lemmas split at `_` and adjective
    /// markers such as `(a)` removed: `good_faith` gives `good` and `faith`.
    public var words: [String]
    /// The whole gloss (definition and quoted examples) as lowercase tokens (`Tokenizer.words`).
    public var glossTokens: [String]
}

/// The synsets of WordNet 3.0's four `data.*` files (Miller 1995): a line is
/// `offset lex_filenum ss_type w_cnt word lex_id [word lex_id ...] p_cnt [pointers] | gloss`,
/// with `w_cnt` in hexadecimal. The licence header (lines starting with two spaces) is skipped.
public enum WordNetSynsets {
    public static func load(store: DataStore) throws -> [WordNetSynset] {
        try WordNetExamples.fileNames.flatMap { try load(from: store.url(of: $0, in: WordNetExamples.datasetName)) }
    }

    public static func load(from url: URL) throws -> [WordNetSynset] {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw DatasetError.io(path: url.path, reason: "cannot read (\(error.localizedDescription))")
        }
        var synsets: [WordNetSynset] = []
        var fields: [ByteSlice] = []
        try ByteText.forEachLine(in: data) { line, number in
            if line.isEmpty || (line.count >= 2 && line[0] == ByteText.space && line[1] == ByteText.space) { return }
            guard let bar = WordNetExamples.glossStart(line) else {
                throw DatasetError.malformed(file: url.path, line: number, reason: "no ' | ' before a gloss: \(ByteText.excerpt(line))")
            }
            ByteText.split(ByteSlice(rebasing: line[0..<bar]), separator: ByteText.space, into: &fields)
            guard fields.count >= 5, let count = Int(ByteText.string(fields[3]), radix: 16), fields.count >= 4 + 2 * count else {
                throw DatasetError.malformed(file: url.path, line: number, reason: "expected 'offset lex_filenum ss_type w_cnt word lex_id ...' before the gloss")
            }
            let words = (0..<count).flatMap { k in lemmaWords(ByteText.string(fields[4 + 2 * k])) }
            let gloss = ByteText.string(ByteSlice(rebasing: line[(bar + 3)...]))
            synsets.append(WordNetSynset(partOfSpeech: ByteText.string(fields[2]), words: words,
                                         glossTokens: Tokenizer.words(gloss)))
        }
        return synsets
    }

    /// `Good_Faith(a)` → `["good", "faith"]`.
    static func lemmaWords(_ lemma: String) -> [String] {
        let bare = lemma.split(separator: "(", maxSplits: 1).first.map(String.init) ?? lemma
        return bare.lowercased().split(separator: "_").map(String.init)
    }
}
