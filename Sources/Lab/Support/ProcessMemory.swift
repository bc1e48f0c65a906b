import Foundation

/// Memory figures of this process from the operating system.
public enum ProcessMemory {
    /// The peak resident set size (VmHWM on Linux, ru_maxrss elsewhere), in bytes.
    public static var peakResidentBytes: Int {
        #if os(Linux)
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
           let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
           let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "") {
            return kilobytes * 1024
        }
        #endif
        #if os(Linux)
        return 0
        #else
        var usage = rusage()
        getrusage(RUSAGE_SELF, &usage)
        return Int(usage.ru_maxrss)
        #endif
    }
}
