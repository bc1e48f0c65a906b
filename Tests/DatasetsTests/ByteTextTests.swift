import Foundation
import Testing
@testable import Datasets

@Suite("Byte-level text")
struct ByteTextTests {
    private func lines(_ text: String) -> [String] {
        var result: [String] = []
        ByteText.forEachLine(in: Data(text.utf8)) { line, number in
            result.append("\(number):\(ByteText.string(line))")
        }
        return result
    }

    @Test func splitsLinesAndDropsCarriageReturns() {
        #expect(lines("a\nb\r\n\nlast") == ["1:a", "2:b", "3:", "4:last"])
        #expect(lines("one\n") == ["1:one"])
        #expect(lines("") == [])
    }

    @Test func parsesNumbers() {
        func parse<T>(_ text: String, _ body: (ByteSlice) -> T) -> T {
            Array(text.utf8).withUnsafeBufferPointer(body)
        }
        #expect(parse("881250949", ByteText.int) == 881_250_949)
        #expect(parse("-42", ByteText.int) == -42)
        #expect(parse("4a", ByteText.int) == nil)
        #expect(parse("", ByteText.int) == nil)
        #expect(parse("-0.170975", ByteText.double) == -0.170975)
        #expect(parse("1e-02", ByteText.double) == 0.01)
        #expect(parse("3", ByteText.double) == 3)
        #expect(parse("3.5x", ByteText.double) == nil)
        #expect(parse("nan", ByteText.double) == nil)
    }

    @Test func splitsAndTrimsFields() {
        Array(" 39, State-gov ,?".utf8).withUnsafeBufferPointer { line in
            var fields: [ByteSlice] = []
            ByteText.split(line, separator: ByteText.comma, into: &fields)
            #expect(fields.map { ByteText.string(ByteText.trimmed($0)) } == ["39", "State-gov", "?"])
        }
    }

    @Test func quotedCSVHandlesQuotesNewlinesAndBOM() throws {
        let text = "\u{FEFF}\"a\",\"say \"\"hi\"\"\"\r\n\"b\",\"two\nlines\"\r\nplain,field\n"
        var records: [(fields: [String], line: Int)] = []
        try QuotedCSV.forEachRecord(in: Data(text.utf8), file: "x.csv") { records.append(($0, $1)) }
        #expect(records.map(\.fields) == [["a", "say \"hi\""], ["b", "two\nlines"], ["plain", "field"]])
        #expect(records.map(\.line) == [1, 2, 4])
    }

    @Test func tokenizerSplitsPunctuationLikeThePolaritySentences() {
        #expect(Tokenizer.words("She was able to program her computer.") == ["she", "was", "able", "to", "program", "her", "computer", "."])
        #expect(Tokenizer.words("the `moo-cow' is a child's term") == ["the", "`", "moo-cow", "'", "is", "a", "child's", "term"])
        #expect(Tokenizer.words("wait... (really) -- yes!") == ["wait", "...", "(", "really", ")", "--", "yes", "!"])
        #expect(Tokenizer.words("it's a coming-of-age story , with heart") == ["it's", "a", "coming-of-age", "story", ",", "with", "heart"])
    }
}
