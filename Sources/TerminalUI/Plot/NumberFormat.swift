import Foundation

// MARK: - Compact number formatting

/// Short labels for numbers on axes and bars: `0`, `0.25`, `12.5`, `1.2k`, `3.4M`, `3e-4`.
///
/// Rules: non-finite values read `nan`, `inf`, `-inf`; magnitudes of 1000 and up use the suffixes
/// k, M, G, T; magnitudes below 0.001 (and 1e15 and up) use `e` notation; otherwise a plain
/// decimal. Each keeps at most `significantDigits` digits and drops trailing zeros.
public enum NumberFormat {
    /// The compact label of `value`.
    public static func compact(_ value: Double, significantDigits: Int = 3) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        if value == 0 { return "0" }
        let magnitude = abs(value)
        if magnitude >= 1e15 || magnitude < 1e-3 { return scientific(value, significantDigits: significantDigits) }
        if magnitude >= 999.5 {
            let units: [(Double, String)] = [(1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")]
            for (index, (unit, suffix)) in units.enumerated() where magnitude >= unit * 0.9995 {
                var text = decimal(value / unit, significantDigits: significantDigits)
                // 999.96k rounds to 1000k: step up to the next unit.
                if index > 0, abs(Double(text) ?? 0) >= 1000 {
                    text = decimal(value / units[index - 1].0, significantDigits: significantDigits)
                    return text + units[index - 1].1
                }
                return text + suffix
            }
        }
        return decimal(value, significantDigits: significantDigits)
    }

    /// The compact label of `value` in at most `width` columns: three significant digits, or
    /// fewer when they do not fit, never cut ("0.00809" in 6 columns is "0.0081", in 5 "8e-3").
    public static func compact(_ value: Double, fitting width: Int) -> String {
        for digits in stride(from: 3, through: 1, by: -1) {
            let text = compact(value, significantDigits: digits)
            if text.count <= width { return text }
        }
        let text = scientific(value, significantDigits: 1)
        return text.count <= width ? text : String(repeating: "#", count: max(1, width))
    }

    /// Labels for axis ticks: each tick at full precision needed to tell it from its neighbours.
    public static func tickLabels(_ ticks: [Double]) -> [String] {
        ticks.map { compact($0, significantDigits: 6) }
    }

    /// `value` with at most `significantDigits` digits and no trailing zeros after the point.
    static func decimal(_ value: Double, significantDigits: Int) -> String {
        let magnitude = abs(value)
        let order = magnitude > 0 ? Int(floor(log10(magnitude))) : 0
        var text = fixed(value, decimals: max(0, min(12, significantDigits - 1 - order)))
        if text.utf8.contains(UInt8(ascii: ".")) {
            while text.last == "0" { text.removeLast() }
            if text.last == "." { text.removeLast() }
        }
        return text == "-0" ? "0" : text
    }

    /// `value` rounded to exactly `decimals` digits after the point (no exponent).
    static func fixed(_ value: Double, decimals: Int) -> String {
        let scale = pow(10, Double(decimals))
        let scaled = (abs(value) * scale).rounded()
        guard scaled < 9e18 else { return String(value) }
        let integer = UInt64(scaled)
        let factor = UInt64(scale)
        let whole = integer / factor, fraction = integer % factor
        var text = (value < 0 && integer != 0 ? "-" : "") + String(whole)
        if decimals > 0 {
            let digits = String(fraction)
            text += "." + String(repeating: "0", count: decimals - digits.count) + digits
        }
        return text
    }

    /// `3e-4`, `1.5e+16` style.
    static func scientific(_ value: Double, significantDigits: Int) -> String {
        var exponent = Int(floor(log10(abs(value))))
        var mantissa = value / pow(10, Double(exponent))
        var text = decimal(mantissa, significantDigits: significantDigits)
        if abs(Double(text) ?? 0) >= 10 {
            exponent += 1
            mantissa = value / pow(10, Double(exponent))
            text = decimal(mantissa, significantDigits: significantDigits)
        }
        return text + "e" + String(exponent)
    }
}
