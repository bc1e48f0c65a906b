import Lab
import TerminalUI

/// A titled view of a run that a topic offers the screen (images, trees, tables...). It is a
/// value holding a snapshot of what it shows: the training thread makes it between steps, the UI
/// thread draws it with the app's current appearance (theme and glyphs), so the projector theme
/// and the ASCII fallback reach every panel.
public protocol TopicPanel: Sendable {
    var title: String { get }
    /// Draws into `buffer`, inside `area` only, with `appearance`.
    func render(in area: Rect, into buffer: inout ScreenBuffer, appearance: Appearance)
    /// The rows the panel needs at `width` to show everything; the screen scrolls a panel that
    /// needs more rows than it has. `nil` (the default): the panel fits any area (a chart).
    func contentHeight(width: Int) -> Int?
}

extension TopicPanel {
    public func contentHeight(width: Int) -> Int? { nil }
}

/// A run that offers the screen views of its model. `settings` are the run's current settings
/// (a panel may follow a live one, such as the user whose recommendations it shows).
public protocol PanelProviding: ExperimentRun {
    func panels(_ settings: HyperparameterSet) -> [any TopicPanel]
}

/// A run that shows views of any text the learner types: a sentence to parse into a tree, a
/// query to find neighbours of... The screen asks with `inputPrompt` (key `/`); the views are
/// remade with the model as it trains and come first among the topic panels.
public protocol InteractiveRun: ExperimentRun {
    /// What to ask for ("Type a sentence").
    var inputPrompt: String { get }
    /// Views of `text` with the model as it is now.
    func panels(forInput text: String, settings: HyperparameterSet) -> [any TopicPanel]
}
