// MARK: - Glyphs

/// The characters widgets draw with: Unicode box drawing, braille and blocks, or a plain ASCII
/// fallback the app chooses when the locale is not UTF-8.
public struct Glyphs: Hashable, Sendable {
    /// Whether braille, box drawing and block characters may be used.
    public var isUnicode: Bool
    /// `─`
    public var horizontal: Character
    /// `│`
    public var vertical: Character
    /// `┌`
    public var topLeft: Character
    /// `┐`
    public var topRight: Character
    /// `└`
    public var bottomLeft: Character
    /// `┘`
    public var bottomRight: Character
    /// `╭` (rounded corners are plain `+` in ASCII)
    public var roundedTopLeft: Character
    /// `╮`
    public var roundedTopRight: Character
    /// `╰`
    public var roundedBottomLeft: Character
    /// `╯`
    public var roundedBottomRight: Character
    /// `┬`: tees are named by the side their stem points to.
    public var teeDown: Character
    /// `┴`
    public var teeUp: Character
    /// `├`
    public var teeRight: Character
    /// `┤`
    public var teeLeft: Character
    /// `┼`
    public var cross: Character
    /// Eight rising levels for sparklines and vertical bars (▁ ... █).
    public var verticalLevels: [Character]
    /// Eight growing widths for horizontal bars (▏ ... █).
    public var horizontalLevels: [Character]
    /// The empty part of a gauge.
    public var gaugeEmpty: Character
    /// Light to dark shades for heatmaps without colour.
    public var shades: [Character]
    /// Marks truncated text.
    public var ellipsis: Character
    /// List bullet.
    public var bullet: Character
    /// Plot marker for special points (a NaN step).
    public var marker: Character
    /// Scatter point in cell resolution.
    public var point: Character
    /// Legend line sample.
    public var legendLine: String
    /// Grey ramp for images without colour or blocks, dark to light.
    public var imageRamp: [Character]

    /// Unicode glyphs.
    public static let unicode = Glyphs(
        isUnicode: true, horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐",
        bottomLeft: "└", bottomRight: "┘", roundedTopLeft: "╭", roundedTopRight: "╮",
        roundedBottomLeft: "╰", roundedBottomRight: "╯", teeDown: "┬", teeUp: "┴",
        teeRight: "├", teeLeft: "┤", cross: "┼",
        verticalLevels: ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"],
        horizontalLevels: ["▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"],
        gaugeEmpty: "░", shades: [" ", "░", "▒", "▓", "█"], ellipsis: "…", bullet: "•",
        marker: "×", point: "•", legendLine: "──",
        imageRamp: [" ", ".", ":", "-", "=", "+", "*", "#", "%", "@"])

    /// ASCII-only glyphs.
    public static let ascii = Glyphs(
        isUnicode: false, horizontal: "-", vertical: "|", topLeft: "+", topRight: "+",
        bottomLeft: "+", bottomRight: "+", roundedTopLeft: "+", roundedTopRight: "+",
        roundedBottomLeft: "+", roundedBottomRight: "+", teeDown: "+", teeUp: "+",
        teeRight: "+", teeLeft: "+", cross: "+",
        verticalLevels: ["_", ".", "-", "-", "=", "=", "#", "#"],
        horizontalLevels: ["#", "#", "#", "#", "#", "#", "#", "#"],
        gaugeEmpty: "-", shades: [" ", ".", ":", "*", "#"], ellipsis: "~", bullet: "*",
        marker: "x", point: "o", legendLine: "--",
        imageRamp: [" ", ".", ":", "-", "=", "+", "*", "#", "%", "@"])

    /// The character for a fraction of one cell filled bottom-up (0...1): a space below 1/16.
    public func verticalLevel(_ fraction: Double) -> Character {
        let eighths = Int((fraction * 8).rounded())
        guard eighths > 0 else { return " " }
        return verticalLevels[Swift.min(8, eighths) - 1]
    }
}
