import Datasets

/// Bag-of-words content of each movie for CDL: its genres and the words of its title, as a
/// binary vector over a vocabulary of the 19 genres plus every title word used by at least
/// `minimumCount` movies (words of letters and digits only, lowercased).
public struct ItemContent: Sendable {
    public let vocabulary: [String]
    /// `[items, vocabulary.count]` 0/1 values, row-major.
    public let matrix: [Float]
    public var width: Int { vocabulary.count }

    public init(_ data: RatingData, minimumCount: Int = 2) {
        let words = data.titles.map { title in
            Set(Tokenizer.words(title).filter { $0.allSatisfy { $0.isLetter || $0.isNumber } })
        }
        var counts: [String: Int] = [:]
        for set in words { for word in set { counts[word, default: 0] += 1 } }
        let titleWords = counts.filter { $0.value >= minimumCount }.keys.sorted()
        vocabulary = data.genreNames.map { "genre:" + $0 } + titleWords
        var column: [String: Int] = [:]
        for (index, word) in titleWords.enumerated() { column[word] = data.genreNames.count + index }
        var matrix = [Float](repeating: 0, count: data.itemCount * vocabulary.count)
        for item in 0..<data.itemCount {
            for genre in data.itemGenres[item] { matrix[item * vocabulary.count + genre] = 1 }
            for word in words[item] { if let index = column[word] { matrix[item * vocabulary.count + index] = 1 } }
        }
        self.matrix = matrix
    }

    /// The content rows of `items`, `[items.count * width]`.
    public func rows(_ items: [Int]) -> [Float] {
        var values: [Float] = []
        values.reserveCapacity(items.count * width)
        for item in items { values += matrix[(item * width)..<((item + 1) * width)] }
        return values
    }
}
