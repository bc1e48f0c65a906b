/// MovieLens 100K as click-through data: a rating of 4 or 5 is a click (label 1), anything
/// lower is not (label 0). Each example has six single-valued fields, user, item, age bucket,
/// gender, occupation and release decade, and one multi-valued field, the item's genres. Every
/// value of every field has its own global feature index (fields are laid end to end), as in
/// the libFM / DeepFM input format. Train and test are the standard rating split.
public struct CTRData: Sendable {
    /// Sizes of the six single-valued fields, then of the genres field.
    public let fieldSizes: [Int]
    /// Where each field's features start in the global index.
    public let offsets: [Int]
    public let featureCount: Int
    /// `[examples, 6]` global feature indices of the single-valued fields, row-major.
    public let singles: [Int]
    /// Global feature indices of each item's genres (the multi-hot field).
    public let itemGenres: [[Int]]
    /// The item of each example (to find its genres).
    public let items: [Int]
    /// Each user's global indices of user, age bucket, gender and occupation.
    public let userFields: [[Int]]
    /// Each item's global indices of item and release decade.
    public let itemFields: [[Int]]
    /// 1 for a click (rating >= 4), 0 otherwise.
    public let labels: [Float]
    public let train: [Int], test: [Int]

    public static let singleFieldCount = 6
    /// Fields in total (six single-valued plus genres).
    public static let fieldCount = 7

    public init(_ data: RatingData) {
        let sizes = [data.userCount, data.itemCount, RatingData.ageBucketCount, 2, data.occupationNames.count,
                     RatingData.decadeCount, data.genreNames.count]
        var offsets: [Int] = [], running = 0
        for size in sizes {
            offsets.append(running)
            running += size
        }
        fieldSizes = sizes
        self.offsets = offsets
        featureCount = running
        var singles: [Int] = []
        singles.reserveCapacity(data.users.count * Self.singleFieldCount)
        for (user, item) in zip(data.users, data.items) {
            singles += [offsets[0] + user, offsets[1] + item, offsets[2] + RatingData.ageBucket(data.ages[user]),
                        offsets[3] + data.genders[user], offsets[4] + data.occupations[user],
                        offsets[5] + RatingData.decade(data.years[item])]
        }
        self.singles = singles
        userFields = (0..<data.userCount).map { user in
            [offsets[0] + user, offsets[2] + RatingData.ageBucket(data.ages[user]), offsets[3] + data.genders[user],
             offsets[4] + data.occupations[user]]
        }
        itemFields = (0..<data.itemCount).map { item in [offsets[1] + item, offsets[5] + RatingData.decade(data.years[item])] }
        itemGenres = data.itemGenres.map { $0.map { offsets[6] + $0 } }
        items = data.items
        labels = data.ratings.map { $0 >= 4 ? 1 : 0 }
        train = data.train
        test = data.test
    }

    /// The single-field indices of `rows`, flattened `[rows.count * 6]`.
    public func singleIndices(_ rows: [Int]) -> [Int] {
        var result: [Int] = []
        result.reserveCapacity(rows.count * Self.singleFieldCount)
        for row in rows { result += singles[(row * Self.singleFieldCount)..<((row + 1) * Self.singleFieldCount)] }
        return result
    }

    /// The features of `user` paired with each of `items` (whether or not they rated it), for
    /// scoring candidates: single-field indices `[items.count · 6]` and genre bags.
    public func candidates(user: Int, items: [Int]) -> (singles: [Int], bags: [[Int]]) {
        let person = userFields[user]
        var singles: [Int] = []
        singles.reserveCapacity(items.count * Self.singleFieldCount)
        for item in items {
            singles += [person[0], itemFields[item][0], person[1], person[2], person[3], itemFields[item][1]]
        }
        return (singles, items.map { itemGenres[$0] })
    }

    /// The genre bags of `rows`.
    public func genreBags(_ rows: [Int]) -> [[Int]] { rows.map { itemGenres[items[$0]] } }
}
