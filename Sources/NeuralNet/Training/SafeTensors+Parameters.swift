import Foundation
import TensorKit

/// Why a safetensors file cannot be loaded into a model; each names what differs.
public enum WeightsMismatch: Error, Equatable, CustomStringConvertible {
    /// Tensors of the model the file lacks.
    case missing([String])
    /// Tensors in the file the model does not have.
    case extra([String])
    case shape(name: String, file: [Int], model: [Int])
    case dtype(name: String, dtype: String)

    public var description: String {
        switch self {
        case .missing(let names): "the file has no tensor for \(names.joined(separator: ", "))"
        case .extra(let names): "the file has tensors this model does not: \(names.joined(separator: ", "))"
        case let .shape(name, file, model): "\(name) has shape \(file) in the file but \(model) in this model"
        case let .dtype(name, dtype): "\(name) is \(dtype) in the file; the workbench loads only F32"
        }
    }
}

extension SafeTensors {
    /// A safetensors file of `parameters` (F32, in the given order, under their names).
    public static func encode(_ parameters: [NamedParameter], metadata: [String: String]) throws -> Data {
        try encode(parameters.map { ($0.name, $0.tensor.shape, $0.tensor.data) }, metadata: metadata)
    }

    /// Copies the file's tensors into `parameters`, matched by name, after checking that every
    /// parameter has a tensor of its shape in F32 and the file has nothing else: all or nothing.
    public static func load(_ file: File, into parameters: [NamedParameter]) throws(WeightsMismatch) {
        let byName = Dictionary(file.entries.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let names = Set(parameters.map(\.name))
        let missing = parameters.map(\.name).filter { byName[$0] == nil }
        guard missing.isEmpty else { throw .missing(missing) }
        let extra = file.entries.map(\.name).filter { !names.contains($0) }
        guard extra.isEmpty else { throw .extra(extra) }
        for parameter in parameters {
            let entry = byName[parameter.name]!
            guard entry.dtype == "F32" else { throw .dtype(name: entry.name, dtype: entry.dtype) }
            guard entry.shape == parameter.tensor.shape else {
                throw .shape(name: entry.name, file: entry.shape, model: parameter.tensor.shape)
            }
        }
        for parameter in parameters { parameter.tensor.data = file.floats(byName[parameter.name]!) }
    }
}
