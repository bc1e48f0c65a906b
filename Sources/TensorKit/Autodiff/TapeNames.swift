extension TapeRecorder {
    /// The name an op shows on the tape.
    ///
    /// `op` is the `#function` of the code that called `Tensor.result`: "matmul(_:)" becomes
    /// "matmul", "sum()" becomes "sum". The generic element-wise ops (`map`, `elementwise`) pass
    /// the function they apply, named like the method that applies it: `ReLU` → "relu",
    /// `Add` → "add", `SquareRoot` → "sqrt".
    static func name(of op: StaticString, function: Any.Type?) -> String {
        if let function {
            let typeName = String(describing: function)
            if let renamed = functionNames[typeName] { return renamed }
            if typeName.allSatisfy({ $0.isUppercase || $0.isNumber }) { return typeName.lowercased() }
            return typeName.prefix(1).lowercased() + typeName.dropFirst()
        }
        let text = op.description
        let base = text.firstIndex(of: "(").map { String(text[..<$0]) } ?? text
        return operationNames[base] ?? base
    }

    /// Function types whose method has another name.
    private static let functionNames: [String: String] = [
        "ReLU": "relu", "SquareRoot": "sqrt", "Square": "squared", "AbsoluteValue": "abs",
    ]

    /// Helpers whose public face has another name.
    private static let operationNames: [String: String] = ["scaledWhere": "leakyReLU"]
}
