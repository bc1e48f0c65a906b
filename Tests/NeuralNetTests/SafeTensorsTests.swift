import Foundation
import Testing
import TensorKit
@testable import NeuralNet

/// The safetensors writer and reader against the format's layout
/// (https://github.com/huggingface/safetensors), read here by hand and, when numpy is
/// installed, by numpy.
@Suite struct SafeTensorsTests {
    /// Two layers of odd sizes (so the header needs padding) and a scalar.
    static func parameters() -> [NamedParameter] {
        var generator = SeededGenerator(seed: 7)
        return [
            NamedParameter("layers.0.weight", Tensor.randomNormal([3, 5], using: &generator).trainable()),
            NamedParameter("layers.0.bias", Tensor.randomNormal([5], using: &generator).trainable()),
            NamedParameter("scale", Tensor(shape: [], data: [-0.0]).trainable()),
        ]
    }

    static let metadata = ["experiment": "basics.test", "settings": "{\"hidden\":\"5\",\"note\":\"a \\\"quoted\\\" / value\"}",
                           "seed": "3", "epochs": "2", "version": "0.4.0"]

    /// Bytes of a file written by hand: length, header, data.
    static func handMade(header: String, data: [UInt8]) -> Data {
        let json = Array(header.utf8)
        return Data(withUnsafeBytes(of: UInt64(json.count).littleEndian, Array.init) + json + data)
    }

    @Test func theLayoutIsTheFormatsReadByHand() throws {
        let parameters = Self.parameters()
        let bytes = [UInt8](try SafeTensors.encode(parameters, metadata: Self.metadata))
        // 8 bytes of little-endian header length N; the data starts 8-byte aligned.
        let length = (0..<8).reduce(0) { $0 | Int(bytes[$1]) << (8 * $1) }
        #expect(length % 8 == 0 && 8 + length <= bytes.count)
        let header = bytes[8..<(8 + length)]
        #expect(header.first == UInt8(ascii: "{"))
        let text = String(decoding: header, as: UTF8.self)
        #expect(text.hasSuffix("}") || text.trimmingCharacters(in: .whitespaces).hasSuffix("}"))
        #expect(text.reversed().prefix { $0 != "}" }.allSatisfy { $0 == " " })  // padded with spaces only
        let json = try #require(try JSONSerialization.jsonObject(with: Data(header)) as? [String: Any])
        #expect(json["__metadata__"] as? [String: String] == Self.metadata)
        let dataStart = 8 + length
        var expectedBegin = 0
        for parameter in parameters {  // header order = data order, contiguous from 0
            let entry = try #require(json[parameter.name] as? [String: Any])
            #expect(entry["dtype"] as? String == "F32")
            #expect(entry["shape"] as? [Int] == parameter.tensor.shape)
            let offsets = try #require(entry["data_offsets"] as? [Int])
            #expect(offsets == [expectedBegin, expectedBegin + 4 * parameter.tensor.count])
            #expect(dataStart + offsets[1] <= bytes.count)
            let values = stride(from: dataStart + offsets[0], to: dataStart + offsets[1], by: 4).map { index in
                Float(bitPattern: (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[index + $1]) << (8 * $1) })
            }
            #expect(values.map(\.bitPattern) == parameter.tensor.data.map(\.bitPattern))
            expectedBegin = offsets[1]
        }
        #expect(dataStart + expectedBegin == bytes.count)  // nothing after the last tensor
        #expect(json.count == parameters.count + 1)
        // The names appear in the header in the model's order.
        let positions = parameters.map { text.range(of: "\"\($0.name)\"")!.lowerBound }
        #expect(positions == positions.sorted())
    }

    @Test func decodeReadsBackWhatEncodeWrote() throws {
        let parameters = Self.parameters()
        let file = try SafeTensors.decode(try SafeTensors.encode(parameters, metadata: Self.metadata))
        #expect(file.metadata == Self.metadata)
        #expect(file.entries.map(\.name) == parameters.map(\.name))
        for (entry, parameter) in zip(file.entries, parameters) {
            #expect(entry.shape == parameter.tensor.shape)
            #expect(file.floats(entry).map(\.bitPattern) == parameter.tensor.data.map(\.bitPattern))
        }
    }

    @Test func aFileWithoutMetadataOrTensorsIsValid() throws {
        let file = try SafeTensors.decode(Self.handMade(header: "{}      ", data: []))
        #expect(file.entries.isEmpty && file.metadata.isEmpty)
        let encoded = try SafeTensors.decode(try SafeTensors.encode([NamedParameter](), metadata: [:]))
        #expect(encoded.entries.isEmpty)
    }

    @Test(arguments: [
        (Data([1, 2, 3]), "shorter than the 8-byte header length"),
        (SafeTensorsTests.handMade(header: "{}", data: []).prefix(9), "does not fit"),
        (SafeTensorsTests.handMade(header: "[1,2]   ", data: []), "does not start with '{'"),
        (SafeTensorsTests.handMade(header: "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", data: [0, 0, 0, 0]),
         "cover 8 bytes of data, the file has 4"),
        (SafeTensorsTests.handMade(header: "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}}", data: [0, 0, 0, 0]),
         "has 4 bytes for shape [2]"),
        (SafeTensorsTests.handMade(header: "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", data: [UInt8](repeating: 0, count: 8)),
         "starts at byte 4 of the data, expected 0"),
        (SafeTensorsTests.handMade(header: "{\"a\":{\"dtype\":\"Q7\",\"shape\":[1],\"data_offsets\":[0,1]}}", data: [0]), "unknown dtype Q7"),
        (SafeTensorsTests.handMade(header: "{\"__metadata__\":{\"epochs\":2}}", data: []), "not the expected JSON"),
        (SafeTensorsTests.handMade(header: "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,0]}}", data: []), "bad data_offsets"),
    ])
    func malformedFilesAreRefusedWithTheReason(_ bytes: Data, _ reason: String) {
        #expect {
            try SafeTensors.decode(bytes)
        } throws: { error in
            guard case SafeTensors.FormatError.notSafeTensors(let text) = error else { return false }
            return text.contains(reason)
        }
    }

    @Test func loadingChecksNamesShapesAndDtypeAndChangesNothingOnFailure() throws {
        let source = Self.parameters()
        let file = try SafeTensors.decode(try SafeTensors.encode(source, metadata: [:]))
        func fresh() -> [NamedParameter] {
            source.map { NamedParameter($0.name, Tensor.zeros($0.tensor.shape).trainable()) }
        }
        let target = fresh()
        try SafeTensors.load(file, into: target)
        #expect(zip(source, target).allSatisfy { $0.tensor.data.map(\.bitPattern) == $1.tensor.data.map(\.bitPattern) })

        let short = fresh()
        #expect(throws: WeightsMismatch.missing(["extra.weight"])) {
            try SafeTensors.load(file, into: short + [NamedParameter("extra.weight", Tensor.zeros([1]).trainable())])
        }
        #expect(throws: WeightsMismatch.extra(["scale"])) { try SafeTensors.load(file, into: Array(short.prefix(2))) }
        let reshaped = [short[0], NamedParameter("layers.0.bias", Tensor.zeros([6]).trainable()), short[2]]
        #expect(throws: WeightsMismatch.shape(name: "layers.0.bias", file: [5], model: [6])) { try SafeTensors.load(file, into: reshaped) }
        #expect(WeightsMismatch.shape(name: "b", file: [5], model: [6]).description == "b has shape [5] in the file but [6] in this model")
        #expect(short.allSatisfy { $0.tensor.data.allSatisfy { $0 == 0 } })

        let doubles = try SafeTensors.decode(Self.handMade(header: "{\"w\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]}}",
                                                           data: [UInt8](repeating: 0, count: 8)))
        #expect(throws: WeightsMismatch.dtype(name: "w", dtype: "F64")) {
            try SafeTensors.load(doubles, into: [NamedParameter("w", Tensor.zeros([1]).trainable())])
        }
    }

    @Test func duplicateNamesCannotBeWritten() {
        let tensor = Tensor.zeros([1])
        #expect(throws: SafeTensors.FormatError.duplicateName("w")) {
            try SafeTensors.encode([NamedParameter("w", tensor), NamedParameter("w", tensor)], metadata: [:])
        }
    }

    static let numpyAvailable: Bool = {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import numpy"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }()

    /// numpy reads the file by hand (no safetensors package): struct for the length, json for the
    /// header, frombuffer('<f4') for each tensor, and compares with the values we expect.
    @Test(.enabled(if: numpyAvailable, "python3 with numpy is not installed"))
    func numpyReadsTheFileByHand() throws {
        let parameters = Self.parameters()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("safetensors-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let weights = folder.appendingPathComponent("weights.safetensors")
        try SafeTensors.encode(parameters, metadata: Self.metadata).write(to: weights)
        let expected = Dictionary(uniqueKeysWithValues: parameters.map { ($0.name, ["shape": $0.tensor.shape, "bits": $0.tensor.data.map { Int($0.bitPattern) }]) })
        try JSONSerialization.data(withJSONObject: expected).write(to: folder.appendingPathComponent("expected.json"))
        let script = """
        import json, struct, sys
        import numpy as np
        raw = open(sys.argv[1], 'rb').read()
        (n,) = struct.unpack('<Q', raw[:8])
        assert (8 + n) % 8 == 0, 'data not 8-byte aligned'
        header = json.loads(raw[8:8 + n].decode('utf-8'))
        meta = header.pop('__metadata__')
        assert all(isinstance(v, str) for v in meta.values()), meta
        assert meta['experiment'] == 'basics.test' and json.loads(meta['settings'])['hidden'] == '5', meta
        expected = json.load(open(sys.argv[2]))
        assert set(header) == set(expected), (sorted(header), sorted(expected))
        data = raw[8 + n:]
        end = 0
        for name, entry in sorted(header.items(), key=lambda item: item[1]['data_offsets']):
            begin, stop = entry['data_offsets']
            assert begin == end and entry['dtype'] == 'F32', (name, entry)
            values = np.frombuffer(data[begin:stop], dtype='<f4').reshape(entry['shape'])
            want = np.array(expected[name]['bits'], dtype='<u4').view('<f4').reshape(expected[name]['shape'])
            assert values.shape == tuple(expected[name]['shape']), name
            assert np.array_equal(values.view('<u4'), want.view('<u4')), name
            end = stop
        assert end == len(data)
        print('numpy ok', len(header))
        """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, weights.path, folder.appendingPathComponent("expected.json").path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.contains("numpy ok 3"), "\(text)")
    }
}
