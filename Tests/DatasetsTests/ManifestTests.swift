import Foundation
import Testing
@testable import Datasets

@Suite("Manifest")
struct ManifestTests {
    let manifest: DatasetManifest

    init() throws {
        manifest = try DatasetManifest.load(projectRoot: Fixture.projectRoot)
    }

    @Test func listsTheEightDatasets() {
        #expect(manifest.datasets.map(\.name) == ["movielens-100k", "fashion-mnist", "mnist-5k", "uci-digits",
                                                  "polarity", "wordnet", "uci-adult", "yeast"])
    }

    @Test func everyFileHasAValidChecksumAndLocalName() {
        for entry in manifest.datasets {
            #expect(!entry.files.isEmpty, "\(entry.name) has no files")
            for file in entry.files {
                #expect(Checksum.isValidHex(file.sha256), "\(entry.name)/\(file.local) sha256 \(file.sha256)")
                #expect(!file.local.contains("/") && !file.local.isEmpty)
                #expect(file.path.hasSuffix(file.local) || entry.name == "polarity")
            }
        }
    }

    @Test func restrictedLicencesCarryANotice() throws {
        for entry in manifest.datasets {
            #expect(!entry.licence.isEmpty && !entry.attribution.isEmpty)
        }
        for name in ["movielens-100k", "polarity"] {
            let entry = try manifest.entry(named: name)
            #expect(!entry.redistributable)
            #expect(entry.notice?.contains("never commit") == true)
        }
        #expect(try manifest.entry(named: "fashion-mnist").notice == nil)
    }

    @Test func registriesAndPackagesMatchTheDataNotes() throws {
        #expect(try manifest.entry(named: "movielens-100k").registry == .pypi)
        #expect(try manifest.entry(named: "polarity").registry == .pypiSdist)
        let wordnet = try manifest.entry(named: "wordnet")
        #expect(wordnet.registry == .debian && wordnet.package == "wordnet-base" && wordnet.version == "1:3.0-37")
        #expect(wordnet.files.map(\.local) == ["data.noun", "data.verb", "data.adj", "data.adv"])
    }

    @Test func rejectsBadChecksumsAndDuplicates() {
        let badHash = #"{"formatVersion":1,"datasets":[{"name":"x","title":"X","registry":"pypi","package":"p","version":"1","files":[{"path":"a","local":"a","sha256":"abc"}],"licence":"l","attribution":"a","redistributable":true}]}"#
        #expect(throws: DatasetError.self) { try DatasetManifest.decode(Data(badHash.utf8)) }
        var twice = Fixture.toyManifest([("a.txt", "a")])
        twice.datasets.append(twice.datasets[0])
        #expect(throws: DatasetError.self) { try twice.validate() }
        do {
            _ = try DatasetManifest.decode(Data(badHash.utf8))
        } catch {
            #expect(describe(error).contains("64 lowercase hex"))
        }
    }

    @Test func unknownDatasetNamesTheKnownOnes() {
        #expect {
            try manifest.entry(named: "imagenet")
        } throws: { error in
            describe(error).contains("imagenet") && describe(error).contains("fashion-mnist")
        }
    }
}
