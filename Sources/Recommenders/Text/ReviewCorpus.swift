import Datasets
import Foundation

/// Ratings with text, for DeepCoNN: who rated what, how, and the words that go with each
/// rating. Either a real reviews file or documents built from MovieLens.
public struct ReviewCorpus: Sendable {
    public var userCount: Int, itemCount: Int
    public var users: [Int], items: [Int], ratings: [Float]
    /// Tokens of the text attached to each rating (a review, or the movie's title and genres).
    public var texts: [[String]]
    public var train: [Int], test: [Int]

    /// MovieLens: the text of a rating is the movie's title words and genre names, so a user's
    /// document is the titles and genres of the movies they rated in training and a movie's
    /// document is its own title and genres. Standard split.
    public init(movieLens data: RatingData) {
        let itemText = data.titles.indices.map { item in
            Tokenizer.words(data.titles[item]) + data.itemGenres[item].map { data.genreNames[$0].lowercased() }
        }
        (userCount, itemCount) = (data.userCount, data.itemCount)
        (users, items, ratings) = (data.users, data.items, data.ratings)
        texts = data.items.map { itemText[$0] }
        (train, test) = (data.train, data.test)
    }

    /// A reviews file: one review per line, `user<TAB>item<TAB>rating<TAB>text` (ids are any
    /// strings; a first line starting with `user` is a header). Row `i` is a test review when
    /// `i % 10 == 9`.
    public init(reviewsFile url: URL) throws {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw DatasetError.io(path: url.path, reason: "cannot read the reviews file as UTF-8")
        }
        var userIDs: [String: Int] = [:], itemIDs: [String: Int] = [:]
        var users: [Int] = [], items: [Int] = [], ratings: [Float] = [], texts: [[String]] = []
        var train: [Int] = [], test: [Int] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let fields = line.split(separator: "\t", maxSplits: 3, omittingEmptySubsequences: false)
            if line.isEmpty || (number == 0 && fields.first == "user") { continue }
            guard fields.count == 4, let rating = Float(fields[2]) else {
                throw DatasetError.malformed(file: url.path, line: number + 1,
                                             reason: "expected user, item, rating and text separated by tabs")
            }
            if users.count % 10 == 9 { test.append(users.count) } else { train.append(users.count) }
            let user = userIDs[String(fields[0])] ?? userIDs.count, item = itemIDs[String(fields[1])] ?? itemIDs.count
            userIDs[String(fields[0])] = user
            itemIDs[String(fields[1])] = item
            users.append(user)
            items.append(item)
            ratings.append(rating)
            texts.append(Tokenizer.words(String(fields[3])))
        }
        (self.users, self.items, self.ratings, self.texts, self.train, self.test) = (users, items, ratings, texts, train, test)
        (userCount, itemCount) = (userIDs.count, itemIDs.count)
    }

    /// Documents from the TRAINING ratings only: each user's texts and each item's texts
    /// concatenated in row order, as ids into `vocabulary` (id 0 pads), cut at the given lengths.
    public func documents(userLength: Int, itemLength: Int) -> (users: [[Int]], items: [[Int]], vocabulary: [String]) {
        var vocabulary = ["<pad>"], ids: [String: Int] = [:]
        var userDocs = [[Int]](repeating: [], count: userCount), itemDocs = [[Int]](repeating: [], count: itemCount)
        var distinctTexts = [Set<[String]>](repeating: [], count: itemCount)
        for row in train {
            let tokens = texts[row].map { word -> Int in
                if let id = ids[word] { return id }
                ids[word] = vocabulary.count
                vocabulary.append(word)
                return vocabulary.count - 1
            }
            if userDocs[users[row]].count < userLength { userDocs[users[row]] += tokens.prefix(userLength - userDocs[users[row]].count) }
            // MovieLens gives every rating of a movie the same text: each distinct text counts once.
            let item = items[row]
            if itemDocs[item].count < itemLength && distinctTexts[item].insert(texts[row]).inserted {
                itemDocs[item] += tokens.prefix(itemLength - itemDocs[item].count)
            }
        }
        func padded(_ doc: [Int], _ length: Int) -> [Int] { doc + [Int](repeating: 0, count: length - doc.count) }
        return (userDocs.map { padded($0, userLength) }, itemDocs.map { padded($0, itemLength) }, vocabulary)
    }
}
