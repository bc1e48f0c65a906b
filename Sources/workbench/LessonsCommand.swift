import ArgumentParser
import CLISupport
import Foundation
import Lab

struct LessonsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lessons", abstract: "List the lessons, or check them against the experiments.",
        subcommands: [List.self, Check.self], defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the lessons by topic.")
        func run() throws {
            try Console.userErrors {
                for lesson in try loadLessons().lessons {
                    print("\(lesson.topic)/\(lesson.slug)  \(lesson.title)  [\(lesson.experiments.joined(separator: ", "))]")
                }
            }
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check that every lesson's experiments and run: links exist and that numbering has no gaps.")
        func run() throws {
            try Console.userErrors {
                let lessons = try loadLessons()
                let problems = lessons.problems(against: catalog)
                for problem in problems { Console.error(problem) }
                if !problems.isEmpty { throw ExitCode(1) }
                print("\(lessons.lessons.count) lessons checked: every experiment and link exists")
            }
        }
    }
}

private func loadLessons() throws -> LessonCatalog {
    guard let root = projectRoot else { throw UsageError("cannot find the project folder (one with data/manifest.json)") }
    return try LessonCatalog.load(from: root.appendingPathComponent("lessons"))
}
