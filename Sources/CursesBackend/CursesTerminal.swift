import CNCurses
import Foundation
import TerminalUI
#if canImport(Glibc)
import Glibc
#endif

/// The real terminal, through ncursesw: the only code in the project that touches it.
///
/// `start` sets up the screen (the user's locale: with a UTF-8 one the app draws Unicode, else
/// ASCII; raw keys, no echo, colours unless NO_COLOR) and installs signal handlers so Ctrl-C,
/// SIGTERM and crashes restore the terminal. In raw mode Ctrl-C and Ctrl-Z arrive as keys:
/// `.interrupt` and `.suspend` (see `suspend()`). `present` draws only the cells that changed
/// since the last frame.
public final class CursesTerminal: TerminalBackend {
    public enum StartError: Error, CustomStringConvertible {
        case notATerminal
        case cannotStart
        public var description: String {
            switch self {
            case .notATerminal:
                "the workbench needs an interactive terminal; for scripts and pipes use `workbench run ID` (see `workbench --help`)"
            case .cannotStart: "the terminal could not be initialised (check TERM)"
            }
        }
    }

    /// Whether colours may be used (NO_COLOR unset and the terminal has them).
    public let usesColor: Bool
    /// Whether the locale is UTF-8 (else the app draws with ASCII).
    public let unicode: Bool
    private var previous: ScreenBuffer?
    private var pairs: [Int: Int16] = [:]
    private var stopped = false

    private init(usesColor: Bool, unicode: Bool) {
        self.usesColor = usesColor
        self.unicode = unicode
    }

    public static func start() throws -> CursesTerminal {
        guard isatty(0) != 0, isatty(1) != 0 else { throw StartError.notATerminal }
        setlocale(LC_ALL, "")
        let unicode = wb_locale_is_utf8() != 0
        guard initscr() != nil else { throw StartError.cannotStart }
        raw()
        noecho()
        _ = wb_keypad_on()
        nonl()
        set_escdelay(25)
        curs_set(0)
        wb_install_signal_handlers()
        let noColor = ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        var colors = false
        if !noColor && has_colors() {
            start_color()
            use_default_colors()
            colors = true
        }
        atexit { endwin() }
        return CursesTerminal(usesColor: colors, unicode: unicode)
    }

    /// Restores the terminal (idempotent).
    public func stop() {
        guard !stopped else { return }
        stopped = true
        endwin()
    }

    deinit { stop() }
}

extension CursesTerminal {
    public var size: (width: Int, height: Int) { (Int(wb_columns()), Int(wb_lines())) }

    public func present(_ buffer: ScreenBuffer) {
        let changes: [CellChange]
        if let previous, previous.width == buffer.width, previous.height == buffer.height {
            changes = buffer.diff(from: previous)
        } else {
            clear()
            changes = buffer.diff(from: ScreenBuffer(width: buffer.width, height: buffer.height, filling: Cell("\u{0}")))
        }
        for change in changes where !change.cell.isContinuation {
            draw(change.cell, x: change.x, y: change.y)
        }
        previous = buffer
        refresh()
    }

    private func draw(_ cell: Cell, x: Int, y: Int) {
        var attributes = attr_t(0)
        let style = cell.style
        if style.attributes.contains(.bold) { attributes |= wb_attr_bold() }
        if style.attributes.contains(.dim) { attributes |= wb_attr_dim() }
        if style.attributes.contains(.italic) { attributes |= wb_attr_italic() }
        if style.attributes.contains(.underline) { attributes |= wb_attr_underline() }
        if style.attributes.contains(.reverse) { attributes |= wb_attr_reverse() }
        let pair = usesColor ? pair(foreground: style.foreground, background: style.background) : 0
        var text = Array(String(cell.character).unicodeScalars.map { wchar_t(bitPattern: $0.value) }) + [0]
        if text.count > 6 { text = [text[0], 0] }
        _ = wb_put(Int32(y), Int32(x), text, attributes, Int32(pair))
    }

    /// A colour pair for a foreground and background, allocated on first use.
    private func pair(foreground: Color?, background: Color?) -> Int16 {
        let fg = number(of: foreground), bg = number(of: background)
        let key = (fg + 1) * 1000 + (bg + 1)
        if let existing = pairs[key] { return existing }
        guard pairs.count + 1 < Int(wb_color_pairs()), pairs.count < Int(Int16.max) - 1 else { return 0 }
        let index = Int16(pairs.count + 1)
        init_pair(index, Int16(fg), Int16(bg))
        pairs[key] = index
        return index
    }

    /// The terminal's colour number (-1: the terminal's default), folded into its palette size.
    private func number(of color: Color?) -> Int {
        guard let index = color?.paletteIndex else { return -1 }
        let available = Int(wb_colors())
        if index < available { return index }
        if index >= 232 { return index >= 244 ? 7 : 8 % max(available, 1) }  // greys
        return index % max(min(available, 8), 1)
    }

    /// Stops the process as Ctrl-Z would, with the terminal restored; after `fg` the next frame
    /// is drawn whole.
    public func suspend() {
        wb_suspend()
        previous = nil
    }

    /// The next key within `timeoutMilliseconds`, decoded; Ctrl-C and quit signals come as
    /// `.interrupt`, Ctrl-Z as `.suspend`.
    public func nextKey(timeoutMilliseconds: Int) -> Key? {
        if wb_take_interrupt() != 0 { return .interrupt }
        timeout(Int32(timeoutMilliseconds))
        var character: wint_t = 0
        let result = get_wch(&character)
        if wb_take_interrupt() != 0 { return .interrupt }
        switch result {
        case KEY_CODE_YES:
            switch Int32(character) {
            case KEY_UP: return .up
            case KEY_DOWN: return .down
            case KEY_LEFT: return .left
            case KEY_RIGHT: return .right
            case KEY_PPAGE: return .pageUp
            case KEY_NPAGE: return .pageDown
            case KEY_HOME: return .home
            case KEY_END: return .end
            case KEY_ENTER: return .enter
            case KEY_BTAB: return .backTab
            case KEY_BACKSPACE: return .backspace
            case KEY_RESIZE:
                previous = nil
                return .resize
            default: return nil
            }
        case OK:
            switch character {
            case 3: return .interrupt
            case 26: return .suspend
            case 9: return .tab
            case 10, 13: return .enter
            case 27: return .escape
            case 8, 127: return .backspace
            default:
                guard let scalar = Unicode.Scalar(UInt32(character)) else { return nil }
                return .character(Character(scalar))
            }
        default:
            return nil
        }
    }
}
