import Datasets

/// MovieLens 100K in dense indices (users 0..<943, items 0..<1682), with item and user
/// attributes and the standard split: rating row `i` (file order, as GroupLens `u.data`) is a
/// test rating when `i % 10 == 9` (10,000 ratings), a training rating otherwise.
public struct RatingData: Sendable {
    public let userCount: Int
    public let itemCount: Int
    /// Parallel arrays, one entry per rating, in file order.
    public let users: [Int], items: [Int], ratings: [Float], timestamps: [Int]
    /// Rating rows of the standard split.
    public let train: [Int], test: [Int]
    /// Per item: title, release year (nil when unknown), genre indices into `genreNames`.
    public let titles: [String], years: [Int?], itemGenres: [[Int]]
    public let genreNames: [String]
    /// Per user: age in years, gender index (0 F, 1 M), occupation index into `occupationNames`.
    public let ages: [Int], genders: [Int], occupations: [Int]
    public let occupationNames: [String]
    /// Mean of the training ratings (the global bias mu).
    public let trainMean: Float

    /// Dense MovieLens; with `userLimit` only ratings of the first `userLimit` users are kept
    /// (a real slice for quick runs and tests; the split is still by row position).
    public init(_ movieLens: MovieLens100K, userLimit: Int? = nil) {
        let limit = userLimit ?? movieLens.userIndex.count
        var users: [Int] = [], items: [Int] = [], ratings: [Float] = [], timestamps: [Int] = []
        var train: [Int] = [], test: [Int] = []
        let userIndices = movieLens.userIndices, itemIndices = movieLens.itemIndices
        for (row, rating) in movieLens.ratings.enumerated() where userIndices[row] < limit {
            if row % 10 == 9 { test.append(users.count) } else { train.append(users.count) }
            users.append(userIndices[row])
            items.append(itemIndices[row])
            ratings.append(rating.rating)
            timestamps.append(rating.timestamp)
        }
        (self.users, self.items, self.ratings, self.timestamps, self.train, self.test) = (users, items, ratings, timestamps, train, test)
        userCount = min(limit, movieLens.userIndex.count)
        itemCount = movieLens.itemIndex.count

        let genreNames = Array(Set(movieLens.items.flatMap(\.genres))).sorted()
        var titles = [String](repeating: "", count: itemCount), years = [Int?](repeating: nil, count: itemCount)
        var itemGenres = [[Int]](repeating: [], count: itemCount)
        for item in movieLens.items {
            guard let index = movieLens.itemIndex.index(of: item.id) else { continue }
            titles[index] = item.title
            years[index] = item.year
            itemGenres[index] = item.genres.compactMap { genreNames.firstIndex(of: $0) }
        }
        (self.titles, self.years, self.itemGenres, self.genreNames) = (titles, years, itemGenres, genreNames)

        let occupationNames = Array(Set(movieLens.users.map(\.occupation))).sorted()
        var ages = [Int](repeating: 0, count: userCount), genders = ages, occupations = ages
        for user in movieLens.users {
            guard let index = movieLens.userIndex.index(of: user.id), index < userCount else { continue }
            ages[index] = user.age
            genders[index] = user.gender == "F" ? 0 : 1
            occupations[index] = occupationNames.firstIndex(of: user.occupation) ?? 0
        }
        (self.ages, self.genders, self.occupations, self.occupationNames) = (ages, genders, occupations, occupationNames)
        trainMean = train.isEmpty ? 3 : train.reduce(Float(0)) { $0 + ratings[$1] } / Float(train.count)
    }

    /// Loads MovieLens 100K from the store.
    public static func load(store: DataStore, userLimit: Int? = nil) throws -> RatingData {
        RatingData(try MovieLens100K(store: store), userLimit: userLimit)
    }

    /// The training rows of each user, in file order.
    public func trainRowsByUser() -> [[Int]] {
        var rows = [[Int]](repeating: [], count: userCount)
        for row in train { rows[users[row]].append(row) }
        return rows
    }

    /// Age bucket as in MovieLens 1M: under 18, 18-24, 25-34, 35-44, 45-49, 50-55, 56 and over.
    public static func ageBucket(_ age: Int) -> Int {
        switch age {
        case ..<18: 0
        case 18...24: 1
        case 25...34: 2
        case 35...44: 3
        case 45...49: 4
        case 50...55: 5
        default: 6
        }
    }
    public static let ageBucketCount = 7

    /// Release decade index: 0 for unknown, 1 for before 1930, then 1930s ... 1990s (2...8).
    public static func decade(_ year: Int?) -> Int {
        guard let year else { return 0 }
        return min(max((year - 1920) / 10, 1), 8)
    }
    public static let decadeCount = 9

    /// The first listed genre of an item ("unknown" when it has none), for colouring maps.
    public func mainGenre(_ item: Int) -> String {
        itemGenres[item].first.map { genreNames[$0] } ?? "unknown"
    }
}
