/// What an app needs from a terminal. `CursesBackend` implements it for the real screen;
/// tests drive apps without one.
public protocol TerminalBackend: AnyObject {
    /// The current size in cells.
    var size: (width: Int, height: Int) { get }
    /// Shows a frame (the backend draws only what changed since the last one).
    func present(_ buffer: ScreenBuffer)
    /// The next key, or nil after `timeoutMilliseconds` without one.
    func nextKey(timeoutMilliseconds: Int) -> Key?
    /// Stops the process as Ctrl-Z would (the terminal restored first, redrawn whole on return).
    func suspend()
}
