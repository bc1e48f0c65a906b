import Foundation

/// A lesson: `lessons/<topic>/NN-slug.md`, markdown with a small front matter.
///
///     ---
///     title: Minibatch training
///     experiments: basics.mlp-digits, basics.softmax-fashion
///     ---
///     # Minibatch training
///     ... [Train it with a higher rate](run:basics.mlp-digits?learning-rate=0.1&hidden=32) ...
///
/// `experiments` lists the experiments the lesson drives; a `run:` link starts one with the
/// preset hyperparameters in its query.
public struct Lesson: Sendable, Equatable {
    /// The widest column the screen lays a lesson out in.
    public static let readingWidth = 100
    public let topic: String
    /// The file name without `.md` ("01-how-training-works").
    public let slug: String
    public let number: Int
    public let title: String
    public let experiments: [String]
    /// The markdown after the front matter.
    public let body: String

    /// The `run:` links in the body, in order.
    public var runLinks: [RunLink] { RunLink.all(in: body) }
}

/// `run:ID?key=value&key=value`: start experiment ID with these settings.
public struct RunLink: Sendable, Equatable {
    public let experiment: String
    public let settings: [(key: String, value: String)]

    public static func == (a: RunLink, b: RunLink) -> Bool {
        a.experiment == b.experiment && a.settings.map(\.key) == b.settings.map(\.key)
            && a.settings.map(\.value) == b.settings.map(\.value)
    }

    /// Parses a link target; nil unless it starts with `run:`.
    public init?(target: String) {
        guard target.hasPrefix("run:") else { return nil }
        let rest = target.dropFirst(4)
        let parts = rest.split(separator: "?", maxSplits: 1)
        guard let id = parts.first, !id.isEmpty else { return nil }
        experiment = String(id)
        settings = parts.count > 1 ? parts[1].split(separator: "&").compactMap { pair in
            let kv = pair.split(separator: "=", maxSplits: 1)
            return kv.count == 2 ? (String(kv[0]), String(kv[1])) : nil
        } : []
    }

    /// `key=value` strings, as `--set` takes them.
    public var assignments: [String] { settings.map { "\($0.key)=\($0.value)" } }

    /// Every `](run:...)` link target in a markdown text.
    static func all(in markdown: String) -> [RunLink] {
        var links: [RunLink] = []
        var rest = Substring(markdown)
        while let start = rest.range(of: "](run:") {
            let after = rest[start.upperBound...]
            guard let close = after.firstIndex(of: ")") else { break }
            if let link = RunLink(target: "run:" + after[..<close]) { links.append(link) }
            rest = after[close...]
        }
        return links
    }
}

public enum LessonError: Error, Equatable, CustomStringConvertible {
    case badFileName(String)
    case missingFrontMatter(String)
    case missingTitle(String)

    public var description: String {
        switch self {
        case .badFileName(let path): "\(path): lesson files are named NN-slug.md"
        case .missingFrontMatter(let path): "\(path): a lesson starts with a front matter between --- lines"
        case .missingTitle(let path): "\(path): the front matter has no title"
        }
    }
}

extension Lesson {
    /// Reads one lesson file.
    public static func load(_ url: URL, topic: String) throws -> Lesson {
        let name = url.deletingPathExtension().lastPathComponent
        guard let dash = name.firstIndex(of: "-"), let number = Int(name[..<dash]) else { throw LessonError.badFileName(url.path) }
        let text = try String(contentsOf: url, encoding: .utf8)
        let lines = text.components(separatedBy: "\n")
        guard lines.first?.trimmingCharacters(in: .whitespaces) == "---",
              let end = lines.dropFirst().firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "---" }) else {
            throw LessonError.missingFrontMatter(url.path)
        }
        var fields: [String: String] = [:]
        for line in lines[1..<end] {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[line[..<colon].trimmingCharacters(in: .whitespaces)] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        guard let title = fields["title"], !title.isEmpty else { throw LessonError.missingTitle(url.path) }
        let experiments = (fields["experiments"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        return Lesson(topic: topic, slug: name, number: number, title: title, experiments: experiments,
                      body: lines[(end + 1)...].joined(separator: "\n"))
    }
}

/// All lessons under `lessons/`, by topic folder and number.
public struct LessonCatalog: Sendable {
    public let lessons: [Lesson]

    public init(lessons: [Lesson]) { self.lessons = lessons }

    /// Loads `<root>/<topic>/*.md` for every topic folder.
    public static func load(from root: URL) throws -> LessonCatalog {
        let fileManager = FileManager.default
        var lessons: [Lesson] = []
        let topics = (try? fileManager.contentsOfDirectory(atPath: root.path)) ?? []
        for topic in topics.sorted() {
            let folder = root.appendingPathComponent(topic)
            var isDirectory: ObjCBool = false
            guard fileManager.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else { continue }
            for file in try fileManager.contentsOfDirectory(atPath: folder.path).sorted() where file.hasSuffix(".md") {
                lessons.append(try Lesson.load(folder.appendingPathComponent(file), topic: topic))
            }
        }
        return LessonCatalog(lessons: lessons)
    }

    public func lessons(inTopic topic: String) -> [Lesson] {
        lessons.filter { $0.topic == topic }.sorted { $0.number < $1.number }
    }

    /// Problems a catalog check reports: unknown topics, experiments or hyperparameter keys,
    /// numbering gaps, lessons that drive no experiment of their topic, indented code lines
    /// (kept verbatim, two columns in) wider than the reading column.
    public func problems(against catalog: ExperimentCatalog) -> [String] {
        var problems: [String] = []
        let topicIDs = Set(catalog.topics.map(\.id))
        for topic in Set(lessons.map(\.topic)).sorted() where !topicIDs.contains(topic) {
            problems.append("lessons/\(topic): not a topic (topics: \(catalog.topics.map(\.id).joined(separator: ", ")))")
        }
        for topic in Set(lessons.map(\.topic)).sorted() {
            let numbers = lessons(inTopic: topic).map(\.number)
            if numbers != Array(1...max(numbers.count, 1)).prefix(numbers.count).map({ $0 }) {
                problems.append("lessons/\(topic): lessons must be numbered 01, 02, ... without gaps (found \(numbers))")
            }
        }
        for lesson in lessons {
            let place = "lessons/\(lesson.topic)/\(lesson.slug).md"
            for id in lesson.experiments + lesson.runLinks.map(\.experiment) where !catalog.ids.contains(id) {
                problems.append("\(place): unknown experiment \(id)")
            }
            let lines = lesson.body.split(separator: "\n", omittingEmptySubsequences: false)
            for (number, line) in lines.enumerated() where line.hasPrefix("    ") && line.count - 2 > Lesson.readingWidth {
                problems.append("\(place): body line \(number + 1) is code wider than the \(Lesson.readingWidth)-column reading view")
            }
            for link in lesson.runLinks {
                guard let entry = try? catalog.entry(link.experiment) else { continue }
                do { _ = try entry.settings(applying: link.assignments) } catch {
                    problems.append("\(place): link to \(link.experiment): \(error)")
                }
            }
        }
        return problems
    }
}
