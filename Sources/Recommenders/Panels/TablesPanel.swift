import Foundation
import Lab
import TopicViews
import TerminalUI

/// A note line over tables side by side: a history next to the model's candidates, a session
/// next to the guesses after each of its events, the GRU's guesses next to item-kNN's.
public struct TablesPanel: TopicPanel {
    /// One table: its columns and rows of text.
    public struct Part: Sendable {
        public var columns: [Table.Column]
        public var rows: [[String]]
        public init(columns: [Table.Column], rows: [[String]]) {
            self.columns = columns
            self.rows = rows
        }
    }

    public let title: String
    /// The first line (empty: none).
    public let note: String
    public let parts: [Part]

    public init(title: String, note: String = "", parts: [Part]) {
        self.title = title
        self.note = note
        self.parts = parts
    }

    public func contentHeight(width: Int) -> Int? {
        (note.isEmpty ? 0 : 1) + (parts.map(\.rows.count).max() ?? 0) + 1
    }

    public func render(in area: Rect, into buffer: inout ScreenBuffer, appearance: Appearance) {
        let theme = appearance.theme, glyphs = appearance.glyphs
        var area = area.intersection(buffer.area)
        guard !area.isEmpty else { return }
        if !note.isEmpty {
            buffer.set(string: note, at: (area.x, area.y), style: theme.accent, clippedTo: area)
            area = area.inset(top: 1)
            guard !area.isEmpty else { return }
        }
        guard !parts.isEmpty else { return }
        let areas = area.splitHorizontally(parts.map { _ in .fill(1) }, spacing: 1)
        for (part, partArea) in zip(parts, areas) {
            Table(columns: part.columns, rows: part.rows, theme: theme, glyphs: glyphs).render(in: partArea, into: &buffer)
        }
    }
}

/// Finds movies by typed text.
enum TitleSearch {
    /// The item whose title contains `text` (ignoring case), the most popular first; nil when
    /// none does.
    static func item(matching text: String, titles: [String], popularity: [Int]) -> Int? {
        let needle = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard !needle.isEmpty else { return nil }
        return titles.indices.filter { titles[$0].lowercased().contains(needle) }
            .max { (popularity[$0], -$0) < (popularity[$1], -$1) }
    }

    /// The items named in `text`, separated by `;` (titles hold commas), in order; unmatched parts
    /// are returned too.
    static func items(in text: String, titles: [String], popularity: [Int]) -> (items: [Int], unmatched: [String]) {
        var items: [Int] = [], unmatched: [String] = []
        for part in text.split(separator: ";").map(String.init) where !part.trimmingCharacters(in: .whitespaces).isEmpty {
            if let item = item(matching: part, titles: titles, popularity: popularity) { items.append(item) } else {
                unmatched.append(part.trimmingCharacters(in: .whitespaces))
            }
        }
        return (items, unmatched)
    }
}
