import Datasets
import Foundation
import NeuralNet

/// A weights file a run started from: where it was and its SHA-256.
public struct WeightsSource: Codable, Sendable, Equatable {
    public var path: String
    public var sha256: String
    public init(path: String, sha256: String) {
        self.path = path
        self.sha256 = sha256
    }
}

/// Why a weights file cannot start this run. Every case names the file.
public enum WeightsFileError: Error, Equatable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case format(path: String, SafeTensors.FormatError)
    /// The file's metadata names another experiment.
    case otherExperiment(path: String, file: String, run: String)
    /// The tensors do not fit the model; `settings` lists the settings that differ from the
    /// file's, which usually explain why.
    case mismatch(path: String, WeightsMismatch, settings: [String])

    public var description: String {
        switch self {
        case let .unreadable(path, reason): "cannot read the weights file \(path): \(reason)"
        case let .format(path, error): "\(path) is \(error)"
        case let .otherExperiment(path, file, run): "\(path) holds weights of \(file), not of \(run)"
        case let .mismatch(path, mismatch, settings):
            "\(path) does not fit this model: \(mismatch)"
                + (settings.isEmpty ? "" : " (the file was saved with \(settings.joined(separator: ", ")))")
        }
    }
}

extension TrainingSession {
    /// The run's parameters as a safetensors file, with the experiment, its settings (a JSON
    /// object of strings), the seed, the epochs and steps trained, and the workbench's version
    /// and commit in the metadata.
    public func weightsFile() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let settingsJSON = String(decoding: try encoder.encode(settings.dictionary), as: UTF8.self)
        return try SafeTensors.encode(run.parameters, metadata: [
            "experiment": entry.descriptor.id, "settings": settingsJSON, "seed": String(seed),
            "epochs": String(epoch), "steps": String(stepCount),
            "version": BuildInfo.version, "commit": BuildInfo.commit,
        ])
    }

    /// Loads a safetensors file into the run's parameters (before training, or to replace them):
    /// it must hold exactly the model's parameters, in F32, of the same shapes, and if its
    /// metadata names an experiment it must be this one. Nothing changes when it does not fit.
    /// Returns warnings worth showing (a file without an experiment, another seed).
    @discardableResult
    public func loadWeights(from url: URL) throws(WeightsFileError) -> [String] {
        let path = url.path
        let bytes: Data
        do { bytes = try Data(contentsOf: url) } catch { throw .unreadable(path: path, reason: error.localizedDescription) }
        let file: SafeTensors.File
        do { file = try SafeTensors.decode(bytes) } catch let error as SafeTensors.FormatError { throw .format(path: path, error) } catch {
            throw .unreadable(path: path, reason: "\(error)")
        }
        var warnings: [String] = []
        if let experiment = file.metadata["experiment"] {
            guard experiment == entry.descriptor.id else { throw .otherExperiment(path: path, file: experiment, run: entry.descriptor.id) }
        } else {
            warnings.append("\(path) does not say which experiment it belongs to; loading it by tensor names")
        }
        if let fileSeed = file.metadata["seed"], fileSeed != String(seed) {
            warnings.append("\(path) was trained with seed \(fileSeed); this run uses seed \(seed) (data order and shuffling follow the run's seed)")
        }
        do { try SafeTensors.load(file, into: run.parameters) } catch {
            throw .mismatch(path: path, error, settings: differingSettings(fileSettings: file.metadata["settings"]))
        }
        loadedWeights = WeightsSource(path: path, sha256: Checksum.sha256(of: bytes))
        return warnings
    }

    /// "key=value in the file (here value)" for each setting the file's metadata has otherwise.
    private func differingSettings(fileSettings: String?) -> [String] {
        guard let fileSettings, let saved = try? JSONDecoder().decode([String: String].self, from: Data(fileSettings.utf8)) else { return [] }
        let current = settings.dictionary
        return saved.sorted { $0.key < $1.key }.compactMap { key, value in
            guard let now = current[key], now != value else { return nil }
            return "\(key)=\(value) (this run: \(now))"
        }
    }
}
