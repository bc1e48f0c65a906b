import Foundation
import Testing
@testable import Datasets

/// The project's real data cache (`$WORKBENCH_DATA` or `<project root>/data/cache`).
///
/// A real-data test runs when its dataset is in the cache. When `CI` is set it runs anyway,
/// so missing data FAILS there (with the fetch command in the error) instead of being skipped.
enum RealData {
    static let environment = ProcessInfo.processInfo.environment
    static let isCI = !(environment["CI"] ?? "").isEmpty
    static let store: DataStore? = try? DataStore.default(projectRoot: Fixture.projectRoot, environment: environment)

    static func shouldRun(_ dataset: String) -> Bool {
        if isCI { return true }
        guard let status = try? store?.status(of: dataset) else { return false }
        if case .missing = status { return false }
        return true
    }

    static func skipNote(_ dataset: String) -> Comment {
        "\(dataset) is not in the cache; run `workbench data fetch \(dataset)` (with CI set this test fails instead)"
    }

    /// The store, or a failure explaining that the manifest could not be read.
    static func requireStore() throws -> DataStore {
        try DataStore.default(projectRoot: Fixture.projectRoot, environment: environment)
    }
}

@Suite("Real data (runs when fetched; fails in CI when missing)")
struct RealDataTests {
    @Test(.enabled(if: RealData.shouldRun("movielens-100k"), RealData.skipNote("movielens-100k")))
    func movieLens() throws {
        let store = try RealData.requireStore()
        #expect(try store.verify("movielens-100k") == .verified)
        let movies = try MovieLens100K(store: store)
        #expect(movies.ratings.count == 100_000)
        #expect(movies.users.count == 943 && movies.userIndex.count == 943)
        #expect(movies.items.count == 1_682 && movies.itemIndex.count == 1_682)
        #expect(movies.ratings.allSatisfy { (1...5).contains($0.rating) })
        // Same first row as GroupLens u.data.
        #expect(movies.ratings[0] == .init(userID: 196, itemID: 242, rating: 3, timestamp: 881_250_949))
        #expect(movies.items[0].title == "Toy Story" && movies.items[0].year == 1995)
        #expect(Splits.moduloSplit(count: movies.ratings.count, modulus: 10, testRemainder: 9).test.count == 10_000)
    }

    @Test(.enabled(if: RealData.shouldRun("fashion-mnist"), RealData.skipNote("fashion-mnist")))
    func fashionMNIST() throws {
        let store = try RealData.requireStore()
        #expect(try store.verify("fashion-mnist") == .verified)
        let train = try FashionMNIST.load(.train, store: store)
        let test = try FashionMNIST.load(.test, store: store)
        #expect(train.count == 60_000 && test.count == 10_000)
        #expect(train.rows == 28 && train.columns == 28 && train.pixels.count == 60_000 * 784)
        #expect(train.classCounts == [Int](repeating: 6_000, count: 10))
        #expect(test.classCounts == [Int](repeating: 1_000, count: 10))
        #expect(train.pixels.min() == 0 && train.pixels.max() == 1)
        let first = try FashionMNIST.load(.train, store: store, limit: 100)
        #expect(first.count == 100 && first.labels == Array(train.labels[0..<100]))
    }

    @Test(.enabled(if: RealData.shouldRun("mnist-5k"), RealData.skipNote("mnist-5k")))
    func mnist5k() throws {
        let store = try RealData.requireStore()
        #expect(try store.verify("mnist-5k") == .verified)
        let digits = try MNIST5k.load(store: store)
        #expect(digits.count == 5_000 && digits.classCounts == [Int](repeating: 500, count: 10))
        #expect(digits.labels == digits.labels.sorted())  // why splits must go by row index
        let split = Splits.moduloSplit(count: digits.count, modulus: 5, testRemainder: 4)
        #expect(digits.subset(split.test).classCounts == [Int](repeating: 100, count: 10))
    }

    @Test(.enabled(if: RealData.shouldRun("uci-digits"), RealData.skipNote("uci-digits")))
    func uciDigits() throws {
        let store = try RealData.requireStore()
        #expect(try store.verify("uci-digits") == .verified)
        let digits = try UCIDigits.load(store: store)
        #expect(digits.count == 1_797 && digits.rows == 8 && digits.pixels.max() == 1)
        #expect(digits.classCounts.allSatisfy { (170...190).contains($0) })
    }

    @Test(.enabled(if: RealData.shouldRun("polarity"), RealData.skipNote("polarity")))
    func polarity() throws {
        let store = try RealData.requireStore()
        #expect(try store.verify("polarity") == .verified)
        let sentences = try PolaritySentences.load(store: store)
        #expect(sentences.count == 4_000)
        #expect(sentences.filter { $0.label == 1 }.count == 2_000)
        #expect(sentences.filter { $0.label == 0 }.count == 2_000)
        #expect(sentences[0].tokens.prefix(4) == ["the", "rock", "is", "destined"])
        #expect(!sentences[0].tokens[0].hasPrefix("\u{FEFF}"))
    }

    @Test(.enabled(if: RealData.shouldRun("wordnet"), RealData.skipNote("wordnet")))
    func wordNet() throws {
        let store = try RealData.requireStore()
        #expect(try store.verify("wordnet") == .verified)
        let examples = try WordNetExamples.load(store: store)
        #expect(examples.count > 40_000)
        #expect(examples.allSatisfy { !$0.tokens.isEmpty })
        #expect(examples.contains { $0.text == "able to swim" && $0.lemma == "able" })
    }

    @Test(.enabled(if: RealData.shouldRun("uci-adult"), RealData.skipNote("uci-adult")))
    func uciAdult() throws {
        let store = try RealData.requireStore()
        #expect(try store.verify("uci-adult") == .verified)
        let train = try UCIAdult.load(.train, store: store)
        let test = try UCIAdult.load(.test, store: store)
        #expect(train.count == 32_561 && test.count == 16_281)
        #expect(train.filter(\.incomeAbove50K).count == 7_841 && test.filter(\.incomeAbove50K).count == 3_846)
        #expect(train.contains { $0.categorical[0] == nil })
    }

    @Test(.enabled(if: RealData.shouldRun("yeast"), RealData.skipNote("yeast")))
    func yeast() throws {
        let store = try RealData.requireStore()
        #expect(try store.verify("yeast") == .verified)
        let yeast = try YeastMultiLabel.load(store: store)
        #expect(yeast.count == 2_417 && yeast.features.count == 2_417 * 103)
        #expect(yeast.labelBits.allSatisfy { $0 != 0 })
    }

    /// `WORKBENCH_FETCH=1 swift test --filter fetchEverything` downloads all datasets into the cache.
    @Test(.enabled(if: RealData.environment["WORKBENCH_FETCH"] == "1", "set WORKBENCH_FETCH=1 to download every dataset"))
    func fetchEverything() throws {
        let fetcher = Fetcher(store: try RealData.requireStore())
        let outcomes = fetcher.fetchAll { print($0) }
        for outcome in outcomes {
            switch outcome.result {
            case let .success(status): #expect(status == .verified, "\(outcome.dataset)")
            case let .failure(error): Issue.record("\(outcome.dataset): \(error)")
            }
        }
    }
}
