// MARK: - Theme

/// The styles widgets use, by role. The app picks one variant and hands it to every widget;
/// widgets never read a global theme.
public struct Theme: Hashable, Sendable {
    /// Body text.
    public var text: Style
    /// Secondary text: axis labels, hints, captions.
    public var muted: Style
    /// Emphasis: key names, active values.
    public var accent: Style
    /// Titles of blocks and headings.
    public var title: Style
    /// Borders of unfocused blocks.
    public var border: Style
    /// Borders of the focused block.
    public var focusedBorder: Style
    /// Plot series, used in order and cycled (at least 6 distinguishable ones).
    public var series: [Style]
    /// Good news: improving metrics, passing checks.
    public var good: Style
    /// Bad news: errors, NaN markers, diverging loss.
    public var bad: Style
    /// Warnings.
    public var warning: Style
    /// The selected row or item.
    public var highlight: Style
    /// Code spans and blocks.
    public var code: Style
    /// Links.
    public var link: Style
    /// The status bar background.
    public var statusBar: Style
    /// Colours for heatmaps, low to high (empty for themes without colour).
    public var heatRamp: [Color]
    /// Whether the theme may use colour at all (`false` for NO_COLOR).
    public var usesColor: Bool

    /// The style of series `index` (cycling through ``series``).
    public func seriesStyle(_ index: Int) -> Style {
        guard !series.isEmpty else { return text }
        return series[((index % series.count) + series.count) % series.count]
    }

    /// The heat colour for `level` in 0...1 (clamped); `nil` without a ramp.
    public func heatColor(_ level: Double) -> Color? {
        guard !heatRamp.isEmpty else { return nil }
        let clamped = level.isNaN ? 0 : Swift.min(1, Swift.max(0, level))
        return heatRamp[Int((clamped * Double(heatRamp.count - 1)).rounded())]
    }
}

// MARK: - Variants

extension Theme {
    /// Colours for a dark or light terminal with a 256-colour palette.
    public static let standard = Theme(
        text: Style(),
        muted: Style(foreground: .indexed(245)),
        accent: Style(foreground: .cyan),
        title: Style(foreground: .cyan, attributes: .bold),
        border: Style(foreground: .indexed(240)),
        focusedBorder: Style(foreground: .cyan, attributes: .bold),
        series: [.indexed(39), .indexed(208), .indexed(78), .indexed(170), .indexed(220),
                 .indexed(44), .indexed(203), .indexed(250)].map { Style(foreground: $0) },
        good: Style(foreground: .green),
        bad: Style(foreground: .red, attributes: .bold),
        warning: Style(foreground: .yellow),
        highlight: Style(foreground: .brightWhite, background: .indexed(24), attributes: .bold),
        code: Style(foreground: .indexed(180), background: .indexed(236)),
        link: Style(foreground: .indexed(75), attributes: .underline),
        statusBar: Style(foreground: .indexed(252), background: .indexed(236)),
        heatRamp: [17, 18, 19, 20, 25, 31, 37, 43, 79, 115, 151, 187, 223, 222, 215, 209, 203, 197]
            .map { Color.indexed(UInt8($0)) },
        usesColor: true)

    /// For projectors: bright bold colours on a black background.
    public static let highContrast = Theme(
        text: Style(foreground: .brightWhite, background: .black, attributes: .bold),
        muted: Style(foreground: .white, background: .black),
        accent: Style(foreground: .brightYellow, background: .black, attributes: .bold),
        title: Style(foreground: .brightYellow, background: .black, attributes: .bold),
        border: Style(foreground: .white, background: .black),
        focusedBorder: Style(foreground: .brightYellow, background: .black, attributes: .bold),
        series: [.brightCyan, .brightYellow, .brightGreen, .brightMagenta, .brightRed, .brightWhite,
                 .brightBlue, .white].map { Style(foreground: $0, background: .black, attributes: .bold) },
        good: Style(foreground: .brightGreen, background: .black, attributes: .bold),
        bad: Style(foreground: .brightRed, background: .black, attributes: .bold),
        warning: Style(foreground: .brightYellow, background: .black, attributes: .bold),
        highlight: Style(foreground: .black, background: .brightYellow, attributes: .bold),
        code: Style(foreground: .brightCyan, background: .black, attributes: .bold),
        link: Style(foreground: .brightCyan, background: .black, attributes: [.bold, .underline]),
        statusBar: Style(foreground: .black, background: .brightWhite, attributes: .bold),
        heatRamp: [.black, .blue, .brightBlue, .cyan, .brightCyan, .green, .brightGreen,
                   .yellow, .brightYellow, .brightWhite],
        usesColor: true)

    /// No colour at all (NO_COLOR): roles differ by attributes only.
    public static let monochrome = Theme(
        text: Style(),
        muted: Style(attributes: .dim),
        accent: Style(attributes: .bold),
        title: Style(attributes: .bold),
        border: Style(),
        focusedBorder: Style(attributes: .bold),
        series: [Style(), Style(attributes: .bold), Style(attributes: .dim), Style(attributes: .underline),
                 Style(attributes: .italic), Style(attributes: [.bold, .underline])],
        good: Style(attributes: .bold),
        bad: Style(attributes: [.bold, .reverse]),
        warning: Style(attributes: [.bold, .underline]),
        highlight: Style(attributes: .reverse),
        code: Style(attributes: .dim),
        link: Style(attributes: .underline),
        statusBar: Style(attributes: .reverse),
        heatRamp: [],
        usesColor: false)
}
