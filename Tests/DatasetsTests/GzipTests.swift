import Foundation
import Testing
@testable import Datasets

@Suite("Gzip")
struct GzipTests {
    @Test func inflatesAFileMadeByGzip() throws {
        let compressed = try Data(contentsOf: Fixture.url("hello.txt.gz"))
        let plain = try Data(contentsOf: Fixture.url("hello.txt"))
        #expect(try Gzip.decompress(compressed) == plain)
        #expect(String(decoding: plain, as: UTF8.self) == "Hello, gzip!\nSecond line.\n")
    }

    @Test func inflatesEveryMember() throws {
        let data = try Data(contentsOf: Fixture.url("multi.gz"))
        #expect(String(decoding: try Gzip.decompress(data), as: UTF8.self) == "part one\npart two\n")
    }

    @Test func ignoresZeroPaddingAfterTheLastMember() throws {
        var data = try Data(contentsOf: Fixture.url("hello.txt.gz"))
        data.append(Data(count: 16))
        #expect(try Gzip.decompress(data) == Data(contentsOf: Fixture.url("hello.txt")))
    }

    @Test(arguments: ["truncated.gz", "damaged.gz"])
    func corruptInputThrows(name: String) throws {
        let data = try Data(contentsOf: Fixture.url(name))
        #expect {
            try Gzip.decompress(data)
        } throws: { error in
            guard case DatasetError.corruptGzip = error else { return false }
            return describe(error).hasPrefix("Corrupt gzip data")
        }
    }

    @Test func rejectsNonGzipAndTrailingGarbage() throws {
        #expect(throws: DatasetError.self) { try Gzip.decompress(Data("plain text".utf8)) }
        var data = try Data(contentsOf: Fixture.url("hello.txt.gz"))
        data.append(contentsOf: [1, 2, 3])
        #expect { try Gzip.decompress(data) } throws: { describe($0).contains("trailing garbage") }
    }

    @Test func readMaybeCompressedPassesPlainFilesThrough() throws {
        #expect(try Gzip.readMaybeCompressed(Fixture.url("hello.txt")) == Gzip.readMaybeCompressed(Fixture.url("hello.txt.gz")))
    }

    @Test func largeRoundTripThroughTheGzipTool() throws {
        // 3 MB of varied bytes, compressed by /usr/bin/gzip (bigger than the 1 MiB inflate chunk).
        let scratch = try Fixture.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let original = Data((0..<3_000_000).map { UInt8(truncatingIfNeeded: ($0 * 7919) ^ ($0 >> 9)) })
        let file = scratch.appendingPathComponent("big.bin")
        try original.write(to: file)
        guard let gzip = ProcessRunner().locate("gzip") else { return }
        let result = try ProcessRunner().run(gzip, ["-n", file.path], in: scratch)
        #expect(result.status == 0)
        #expect(try Gzip.decompress(Data(contentsOf: file.appendingPathExtension("gz"))) == original)
    }
}
