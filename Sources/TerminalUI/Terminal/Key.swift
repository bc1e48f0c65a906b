/// A key press, decoded by the terminal backend (or written by a test script).
public enum Key: Hashable, Sendable {
    case character(Character)
    case up, down, left, right
    case pageUp, pageDown, home, end
    case enter, escape, tab, backTab, backspace
    /// Ctrl-C, delivered as a key so the app can shut down cleanly.
    case interrupt
    /// Ctrl-Z, delivered as a key (the terminal is in raw mode) so the app can suspend cleanly.
    case suspend
    /// The terminal changed size.
    case resize

    /// Parses a key script word: "space", "enter", "esc", "tab", "up", "q", ...
    public init?(scriptWord word: String) {
        switch word {
        case "space": self = .character(" ")
        case "enter": self = .enter
        case "esc": self = .escape
        case "tab": self = .tab
        case "backtab": self = .backTab
        case "backspace": self = .backspace
        case "up": self = .up
        case "down": self = .down
        case "left": self = .left
        case "right": self = .right
        case "pageup": self = .pageUp
        case "pagedown": self = .pageDown
        case "home": self = .home
        case "end": self = .end
        case "ctrl-c": self = .interrupt
        case "ctrl-z": self = .suspend
        default:
            guard word.count == 1, let character = word.first else { return nil }
            self = .character(character)
        }
    }
}
