/// What the cache holds for one dataset.
public enum DatasetStatus: Equatable, Sendable, CustomStringConvertible {
    /// Some files are absent (their local names).
    case missing(files: [String])
    /// All files are present but have not been hashed since they last changed.
    case presentUnverified
    /// All files are present and their SHA-256 matched the manifest when last hashed.
    case verified
    /// A file's SHA-256 differs from the manifest's.
    case corrupt(file: String, expected: String, actual: String)

    public var description: String {
        switch self {
        case let .missing(files): return "missing (\(files.joined(separator: ", ")))"
        case .presentUnverified: return "present, not verified"
        case .verified: return "verified"
        case let .corrupt(file, expected, actual): return "corrupt: \(file) has sha256 \(actual), expected \(expected)"
        }
    }
}
