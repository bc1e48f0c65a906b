import Datasets
import Foundation

/// Fetches datasets on a background thread; the home screen shows its log.
final class FetchJob: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    private var running = true

    init(store: DataStore, datasets: [String]) {
        let thread = Thread { [self] in
            let fetcher = Fetcher(store: store)
            for name in datasets {
                do {
                    try fetcher.fetch(name) { progress in self.append("\(progress.dataset): \(progress.phase.rawValue) \(progress.message)") }
                } catch {
                    self.append("\(name): FAILED \(error)")
                }
            }
            self.append("done")
            self.lock.withLock { self.running = false }
        }
        thread.start()
    }

    private func append(_ line: String) { lock.withLock { lines.append(line) } }

    var log: [String] { lock.withLock { lines } }
    var isRunning: Bool { lock.withLock { running } }
}
