import Foundation

/// The processor a run trained on, as run records keep it.
public struct CPUInfo: Codable, Sendable, Equatable {
    /// The model name from /proc/cpuinfo ("AMD EPYC 7763 64-Core Processor"), or "unknown".
    public var model: String
    /// Cores this process may use.
    public var cores: Int

    public init(model: String, cores: Int) {
        self.model = model
        self.cores = cores
    }

    /// This machine's processor (read once per process).
    public static let current = CPUInfo(model: model(fromCPUInfo: (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""),
                                        cores: ProcessInfo.processInfo.activeProcessorCount)

    /// The first `model name` line of /proc/cpuinfo text (x86); on ARM, which has none, the
    /// `Hardware` or `CPU part` line; "unknown" without any.
    static func model(fromCPUInfo text: String) -> String {
        for key in ["model name", "Hardware", "CPU part"] {
            for line in text.split(separator: "\n") {
                let parts = line.split(separator: ":", maxSplits: 1)
                guard parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == key else { continue }
                let value = parts[1].trimmingCharacters(in: .whitespaces)
                if !value.isEmpty { return key == "CPU part" ? "ARM CPU part \(value)" : value }
            }
        }
        return "unknown"
    }
}
