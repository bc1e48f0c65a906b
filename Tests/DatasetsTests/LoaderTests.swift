import Foundation
import Testing
@testable import Datasets

/// Expects `body` to throw `DatasetError.malformed` for `file` at `line`, with the file in the text.
func expectMalformed(_ file: String, line: Int, sourceLocation: SourceLocation = #_sourceLocation,
                     _ body: () throws -> Void) {
    do {
        try body()
        Issue.record("expected a malformed-row error for \(file):\(line)", sourceLocation: sourceLocation)
    } catch let DatasetError.malformed(path, errorLine, reason) {
        #expect(path.hasSuffix(file), sourceLocation: sourceLocation)
        #expect(errorLine == line, "reason: \(reason)", sourceLocation: sourceLocation)
        #expect(describe(DatasetError.malformed(file: path, line: errorLine, reason: reason)).contains("\(file):\(line): "),
                sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected a malformed-row error, got \(error)", sourceLocation: sourceLocation)
    }
}

@Suite("Loaders on hand-made fixtures")
struct LoaderTests {
    @Test func movieLensReadsRatingsItemsUsersAndDenseIndices() throws {
        let movies = try MovieLens100K(ratingsFile: Fixture.url("tiny-ratings.tsv"), itemsFile: Fixture.url("tiny.item"),
                                       usersFile: Fixture.url("tiny.user"))
        #expect(movies.ratings.map(\.userID) == [10, 3, 10, 7, 3])
        #expect(movies.ratings.map(\.itemID) == [200, 100, 100, 300, 200])
        #expect(movies.ratings.map(\.rating) == [4, 1, 5, 3.5, 2])
        #expect(movies.ratings[0].timestamp == 881_250_949)
        #expect(movies.items[0] == .init(id: 100, title: "Toy Story", year: 1995, genres: ["Animation", "Children's", "Comedy"]))
        #expect(movies.items[1].year == nil && movies.items[2].year == nil)
        #expect(movies.items[2].title == "Land Before Time III: The Time of the Great Giving (1995)")
        #expect(movies.users[1] == .init(id: 7, age: 57, gender: "M", occupation: "administrator", zip: "91344"))
        #expect(movies.userIndex.ids == [3, 7, 10] && movies.itemIndex.ids == [100, 200, 300])
        #expect(movies.userIndices == [2, 0, 2, 1, 0])
        #expect(movies.itemIndices == [1, 0, 0, 2, 1])
        #expect(movies.userIndex.index(of: 99) == nil)
    }

    @Test func movieLensMalformedRowsNameFileAndLine() {
        expectMalformed("bad-fields-ratings.tsv", line: 3) { _ = try MovieLens100K.loadRatings(from: Fixture.url("bad-fields-ratings.tsv")) }
        expectMalformed("bad-rating-ratings.tsv", line: 3) { _ = try MovieLens100K.loadRatings(from: Fixture.url("bad-rating-ratings.tsv")) }
        // An items file read as ratings lacks the rating columns: a header error on line 1.
        expectMalformed("tiny.item", line: 1) { _ = try MovieLens100K.loadRatings(from: Fixture.url("tiny.item")) }
    }

    @Test func idxReadsGzipAndPlainFiles() throws {
        let images = try FashionMNIST.load(images: Fixture.url("tiny-images.idx.gz"),
                                           labels: Fixture.url("tiny-labels.idx"))
        #expect(images.count == 3 && images.rows == 2 && images.columns == 3)
        #expect(Array(images.image(0)) == [0, 1, 0.2, 0.4, 0.6, 0.8])
        #expect(images.labels == [9, 0, 4])
        #expect(images.classNames[images.labels[0]] == "Ankle boot")
        let firstTwo = try FashionMNIST.load(images: Fixture.url("tiny-images.idx.gz"),
                                             labels: Fixture.url("tiny-labels.idx"), limit: 2)
        #expect(firstTwo.count == 2 && firstTwo.pixels.count == 12)
        let raw = try IDXFile.read(Fixture.url("tiny-labels.idx"), expectedDimensionCount: 1)
        #expect(raw.dimensions == [3] && raw.bytes == [9, 0, 4])
    }

    @Test func idxChecksMagicDimensionsAndSize() {
        #expect { try IDXFile.read(Fixture.url("bad-magic-images.idx")) } throws: { describe($0).contains("magic") }
        #expect { try IDXFile.read(Fixture.url("short-images.idx")) } throws: { describe($0).contains("found 7") }
        #expect { try IDXFile.read(Fixture.url("tiny-labels.idx"), expectedDimensionCount: 3) } throws: {
            describe($0).contains("1 dimensions, expected 3")
        }
    }

    @Test func pixelCSVsScaleToUnitRange() throws {
        let digits = try UCIDigits.load(from: Fixture.url("tiny-digits.csv.gz"))
        #expect(digits.count == 3 && digits.rows == 8 && digits.labels == [3, 0, 7])
        #expect(digits.pixels[1] == 1.0 / 16 && digits.pixels[16] == 1)
        #expect(try UCIDigits.load(from: Fixture.url("tiny-digits.csv")).pixels == digits.pixels)
        expectMalformed("bad-digits.csv", line: 2) { _ = try UCIDigits.load(from: Fixture.url("bad-digits.csv")) }
        let mnist = try MNIST5k.load(from: Fixture.url("tiny-mnist.csv.gz"))
        #expect(mnist.count == 2 && mnist.rows == 28 && mnist.labels == [0, 5])
        #expect(mnist.pixels[0] == 1 && mnist.pixels[783] == 0.2 && mnist.pixels[784 + 783] == 0.4)
        #expect(mnist.pixels.allSatisfy { (0...1).contains($0) })
        // A digits file has 65 columns, not 785.
        expectMalformed("tiny-digits.csv", line: 1) { _ = try MNIST5k.load(from: Fixture.url("tiny-digits.csv")) }
    }

    @Test func polarityMapsLabelsAndHandlesQuoting() throws {
        let sentences = try PolaritySentences.load(from: Fixture.url("tiny-polarity.csv"))
        #expect(sentences.map(\.label) == [1, 0, 1])
        #expect(sentences[0].tokens == ["a", "gripping", ",", "funny", "\"", "little", "\"", "film", "."])
        #expect(sentences[1].tokens == ["dull", ",", "dull", "and", "dull", "."])
        #expect(sentences[2].tokens.first == "it's")
        expectMalformed("bad-polarity.csv", line: 2) { _ = try PolaritySentences.load(from: Fixture.url("bad-polarity.csv")) }
        expectMalformed("unclosed-polarity.csv", line: 1) { _ = try PolaritySentences.load(from: Fixture.url("unclosed-polarity.csv")) }
    }

    @Test func wordNetTakesQuotedExamplesAfterTheSemicolon() throws {
        let examples = try WordNetExamples.load(from: Fixture.url("tiny-wordnet.data"))
        #expect(examples.map(\.text) == ["able to swim", "she was able to program her computer", "the `moo-cow' is a child's term"])
        #expect(examples.map(\.lemma) == ["able", "able", "dorsal"])
        #expect(examples.map(\.partOfSpeech) == ["a", "a", "s"])
        #expect(examples[0].synsetOffset == 2098)
        #expect(examples[2].tokens == ["the", "`", "moo-cow", "'", "is", "a", "child's", "term"])
        #expect(WordNetExamples.quotedExamples(in: "no examples here") == [])
        expectMalformed("bad-wordnet.data", line: 1) { _ = try WordNetExamples.load(from: Fixture.url("bad-wordnet.data")) }
    }

    @Test func wordNetSynsetsHaveTheirWordsAndWholeGloss() throws {
        let synsets = try WordNetSynsets.load(from: Fixture.url("tiny-wordnet.data"))
        #expect(synsets.map(\.words) == [["entity"], ["able"], ["dorsal"]])
        #expect(synsets.map(\.partOfSpeech) == ["n", "a", "s"])
        #expect(synsets[0].glossTokens.prefix(4) == ["that", "which", "is", "perceived"])
        #expect(synsets[1].glossTokens.contains("swim") && synsets[1].glossTokens.contains("necessary"))
        #expect(WordNetSynsets.lemmaWords("Good_Faith(a)") == ["good", "faith"])
        expectMalformed("bad-wordnet.data", line: 1) { _ = try WordNetSynsets.load(from: Fixture.url("bad-wordnet.data")) }
    }

    @Test func adultReadsTypedRowsMissingValuesAndTestQuirks() throws {
        let train = try UCIAdult.load(from: Fixture.url("tiny-adult-train.csv"))
        #expect(train.count == 3)
        #expect(train[0].numeric == [39, 77516, 13, 2174, 0, 40])
        #expect(train[0].categorical == ["State-gov", "Bachelors", "Never-married", "Adm-clerical", "Not-in-family", "White", "Male", "United-States"])
        #expect(train.map(\.incomeAbove50K) == [false, true, true])
        #expect(train[2].categorical[0] == nil && train[2].categorical[3] == nil && train[2].categorical[7] == "South")
        let test = try UCIAdult.load(from: Fixture.url("tiny-adult-test.csv"))
        #expect(test.map(\.incomeAbove50K) == [false, true])
        #expect(test[1].categorical[7] == nil)
        expectMalformed("bad-adult-rows.csv", line: 2) { _ = try UCIAdult.load(from: Fixture.url("bad-adult-rows.csv")) }
    }

    @Test func yeastReadsFeaturesAndLabelBits() throws {
        let yeast = try YeastMultiLabel.load(from: Fixture.url("tiny-yeast.csv.gz"))
        #expect(yeast.count == 2 && yeast.features.count == 2 * 103)
        #expect(yeast.features[0] == 0.5 && yeast.features[102] == -0.170975 && yeast.features[103] == 0.01)
        #expect(yeast.labelBits == [1 | 1 << 13, 0])
        let matrix = yeast.labelMatrix
        #expect(matrix.count == 28 && matrix[0] == 1 && matrix[1] == 0 && matrix[13] == 1 && matrix[14...].allSatisfy { $0 == 0 })
    }

    @Test func labeledImagesSubsetKeepsOrder() throws {
        let images = try FashionMNIST.load(images: Fixture.url("tiny-images.idx.gz"), labels: Fixture.url("tiny-labels.idx"))
        let picked = images.subset([2, 0])
        #expect(picked.labels == [4, 9] && Array(picked.image(1)) == Array(images.image(0)))
        #expect(images.classCounts[9] == 1 && images.classCounts.reduce(0, +) == 3)
    }
}
