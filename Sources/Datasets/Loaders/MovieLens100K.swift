import Foundation

/// MovieLens 100K (Harper & Konstan 2015): 100,000 ratings 1-5 by 943 users of 1,682 movies,
/// read from RecBole's copies (`ml-100k.inter`, `.item`, `.user`; same rows and order as
/// GroupLens `u.data`).
public struct MovieLens100K: Sendable {
    public static let datasetName = "movielens-100k"
    public static let ratingsFileName = "ml-100k.inter"
    public static let itemsFileName = "ml-100k.item"
    public static let usersFileName = "ml-100k.user"

    /// One rating, with the original (sparse) ids.
    public struct Rating: Sendable, Equatable {
        public var userID: Int
        public var itemID: Int
        public var rating: Float
        /// Seconds since 1970-01-01 UTC.
        public var timestamp: Int
    }

    public struct Item: Sendable, Equatable {
        public var id: Int
        public var title: String
        /// Release year; nil where the file has none (e.g. "unknown" or "V").
        public var year: Int?
        public var genres: [String]
    }

    public struct User: Sendable, Equatable {
        public var id: Int
        public var age: Int
        public var gender: String
        public var occupation: String
        public var zip: String
    }

    /// Ratings in file order.
    public let ratings: [Rating]
    public let items: [Item]
    public let users: [User]
    /// User id -> 0..<943 (ascending ids, from the users file and the ratings).
    public let userIndex: DenseIndex
    /// Item id -> 0..<1682.
    public let itemIndex: DenseIndex

    /// Loads the three files from explicit paths (a user's own copies work too).
    public init(ratingsFile: URL, itemsFile: URL, usersFile: URL) throws {
        ratings = try Self.loadRatings(from: ratingsFile)
        items = try Self.loadItems(from: itemsFile)
        users = try Self.loadUsers(from: usersFile)
        userIndex = DenseIndex(ids: users.map(\.id) + ratings.map(\.userID))
        itemIndex = DenseIndex(ids: items.map(\.id) + ratings.map(\.itemID))
    }

    /// Loads the cached copy; throws `DatasetError.missing` naming the fetch command if absent.
    public init(store: DataStore) throws {
        try self.init(ratingsFile: store.url(of: Self.ratingsFileName, in: Self.datasetName),
                      itemsFile: store.url(of: Self.itemsFileName, in: Self.datasetName),
                      usersFile: store.url(of: Self.usersFileName, in: Self.datasetName))
    }

    /// Dense user indices parallel to `ratings` (computed on each call; keep the result).
    public var userIndices: [Int] { ratings.map { userIndex.index(of: $0.userID)! } }
    /// Dense item indices parallel to `ratings` (computed on each call; keep the result).
    public var itemIndices: [Int] { ratings.map { itemIndex.index(of: $0.itemID)! } }

    // MARK: - Single files

    /// Reads an `.inter` file: `user_id`, `item_id`, `rating`, `timestamp` columns.
    public static func loadRatings(from url: URL) throws -> [Rating] {
        let table = try RecBoleTable(url: url)
        let column = try table.columnIndices(["user_id", "item_id", "rating", "timestamp"])
        var ratings: [Rating] = []
        ratings.reserveCapacity(table.data.count / 20)
        try table.forEachRow { fields, line in
            guard let user = ByteText.int(fields[column[0]]), let item = ByteText.int(fields[column[1]]) else {
                throw DatasetError.malformed(file: table.file, line: line, reason: "user and item ids must be integers")
            }
            guard let rating = ByteText.double(fields[column[2]]) else {
                throw DatasetError.malformed(file: table.file, line: line, reason: "rating \(ByteText.excerpt(fields[column[2]])) is not a number")
            }
            guard let time = ByteText.double(fields[column[3]]) else {
                throw DatasetError.malformed(file: table.file, line: line, reason: "timestamp \(ByteText.excerpt(fields[column[3]])) is not a number")
            }
            ratings.append(Rating(userID: user, itemID: item, rating: Float(rating), timestamp: Int(time)))
        }
        return ratings
    }

    /// Reads an `.item` file: `item_id`, `movie_title`, `release_year`, `class` (space-separated genres).
    public static func loadItems(from url: URL) throws -> [Item] {
        let table = try RecBoleTable(url: url)
        let column = try table.columnIndices(["item_id", "movie_title", "release_year", "class"])
        var items: [Item] = []
        try table.forEachRow { fields, line in
            guard let id = ByteText.int(fields[column[0]]) else {
                throw DatasetError.malformed(file: table.file, line: line, reason: "item id \(ByteText.excerpt(fields[column[0]])) is not an integer")
            }
            let genres = ByteText.string(fields[column[3]]).split(separator: " ").map(String.init)
            items.append(Item(id: id, title: ByteText.string(fields[column[1]]),
                              year: ByteText.int(fields[column[2]]), genres: genres))
        }
        return items
    }

    /// Reads a `.user` file: `user_id`, `age`, `gender`, `occupation`, `zip_code`.
    public static func loadUsers(from url: URL) throws -> [User] {
        let table = try RecBoleTable(url: url)
        let column = try table.columnIndices(["user_id", "age", "gender", "occupation", "zip_code"])
        var users: [User] = []
        try table.forEachRow { fields, line in
            guard let id = ByteText.int(fields[column[0]]), let age = ByteText.int(fields[column[1]]) else {
                throw DatasetError.malformed(file: table.file, line: line, reason: "user id and age must be integers")
            }
            users.append(User(id: id, age: age, gender: ByteText.string(fields[column[2]]),
                              occupation: ByteText.string(fields[column[3]]), zip: ByteText.string(fields[column[4]])))
        }
        return users
    }
}
