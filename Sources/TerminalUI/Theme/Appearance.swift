/// How the screen looks: theme (standard, projector high-contrast, or monochrome for NO_COLOR)
/// and glyphs (Unicode, or ASCII when the locale is not UTF-8). The app holds one and hands it
/// to everything it draws, topic panels included, at render time.
public struct Appearance: Sendable, Equatable {
    public var theme: Theme
    public var glyphs: Glyphs
    public let colorAllowed: Bool

    public init(colorAllowed: Bool, unicode: Bool) {
        self.colorAllowed = colorAllowed
        theme = colorAllowed ? .standard : .monochrome
        glyphs = unicode ? .unicode : .ascii
    }

    public init(theme: Theme, glyphs: Glyphs) {
        colorAllowed = theme.usesColor
        self.theme = theme
        self.glyphs = glyphs
    }

    /// Colour, Unicode: what tests and benchmarks draw with unless they say otherwise.
    public static let standard = Appearance(colorAllowed: true, unicode: true)

    /// The projector theme and back (`t`); NO_COLOR keeps monochrome.
    public mutating func toggleTheme() {
        guard colorAllowed else { return }
        theme = theme == .standard ? .highContrast : .standard
    }

    public var themeName: String {
        theme == .standard ? "standard" : theme == .highContrast ? "high contrast" : "monochrome"
    }
}
