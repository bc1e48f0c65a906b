import Datasets
import TensorKit

/// User-item impressions with click and conversion labels, made from MovieLens 100K for ESMM:
/// every rating is a clicked impression (click = 1), converted when the rating is at least
/// `conversionRating` (5 by default: a fifth of the clicks); `negativesPerClick` items the user
/// never rated are drawn (seeded, uniformly) per rating as impressions without a click
/// (click = 0, conversion = 0). Ratings are split 80/20 at random and each rating's unclicked
/// impressions go with it.
///
/// This is a stand-in for ESMM's e-commerce logs: "shown but not clicked" is simulated by
/// unrated items, so the click task mostly learns what people rate at all. The paper's public
/// set has about 4 % clicks and 0.5 % conversions among clicks; the defaults here give 10 %
/// and about 21 %.
public struct Impressions: Sendable {
    public var users: [Int] = []
    public var items: [Int] = []
    public var clicks: [Float] = []
    public var conversions: [Float] = []

    public var count: Int { users.count }

    mutating func append(user: Int, item: Int, click: Float, conversion: Float) {
        users.append(user)
        items.append(item)
        clicks.append(click)
        conversions.append(conversion)
    }
}

/// The impression space of `mtl.esmm`: training and test impressions plus item genres.
public struct ConversionData: Sendable {
    public let train: Impressions
    public let test: Impressions
    public let userCount: Int
    public let itemCount: Int
    /// Genre ids of each item (by dense item index).
    public let itemGenres: [[Int]]
    public let genreCount: Int

    public static func load(store: DataStore, negativesPerClick: Int, conversionRating: Float = 5, seed: UInt64,
                            ratingLimit: Int? = nil) throws -> ConversionData {
        let movies = try MovieLens100K(store: store)
        let userIndices = movies.userIndices, itemIndices = movies.itemIndices
        let ratingCount = min(ratingLimit ?? movies.ratings.count, movies.ratings.count)
        let userCount = movies.userIndex.count, itemCount = movies.itemIndex.count
        var rated = [Set<Int>](repeating: [], count: userCount)
        for index in 0..<movies.ratings.count { rated[userIndices[index]].insert(itemIndices[index]) }
        let split = Splits.randomSplit(count: ratingCount, testFraction: 0.2, seed: seed)
        var isTest = [Bool](repeating: false, count: ratingCount)
        for index in split.test { isTest[index] = true }
        var generator = SeededGenerator(seed: seed &+ 1)
        var train = Impressions(), test = Impressions()
        func add(_ index: Int, to part: inout Impressions) {
            let user = userIndices[index]
            part.append(user: user, item: itemIndices[index], click: 1,
                        conversion: movies.ratings[index].rating >= conversionRating ? 1 : 0)
            for _ in 0..<negativesPerClick where rated[user].count < itemCount {
                var item = generator.nextInt(below: itemCount)
                while rated[user].contains(item) { item = generator.nextInt(below: itemCount) }
                part.append(user: user, item: item, click: 0, conversion: 0)
            }
        }
        for index in 0..<ratingCount {
            if isTest[index] { add(index, to: &test) } else { add(index, to: &train) }
        }
        var genreIDs: [String: Int] = [:]
        var itemGenres = [[Int]](repeating: [0], count: itemCount)
        genreIDs["(none)"] = 0
        for item in movies.items {
            guard let index = movies.itemIndex.index(of: item.id) else { continue }
            itemGenres[index] = (item.genres.isEmpty ? ["(none)"] : item.genres).map { name in
                if let id = genreIDs[name] { return id }
                genreIDs[name] = genreIDs.count
                return genreIDs.count - 1
            }
        }
        return ConversionData(train: train, test: test, userCount: userCount, itemCount: itemCount,
                              itemGenres: itemGenres, genreCount: max(genreIDs.count, 1))
    }
}
