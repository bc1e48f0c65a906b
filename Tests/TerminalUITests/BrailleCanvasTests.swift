import Testing
@testable import TerminalUI

@Suite struct BrailleCanvasTests {
    @Test(arguments: [
        (0, 0, 0x01), (0, 1, 0x02), (0, 2, 0x04), (0, 3, 0x40),
        (1, 0, 0x08), (1, 1, 0x10), (1, 2, 0x20), (1, 3, 0x80),
    ] as [(Int, Int, UInt8)])
    func dotBits(column: Int, row: Int, bit: UInt8) {
        #expect(BrailleCanvas.bit(column: column, row: row) == bit)
    }

    @Test func diagonalLine() {
        var canvas = BrailleCanvas(columns: 2, rows: 1)
        canvas.line(from: (0, 0), to: (3, 3))
        // Dots (0,0)+(1,1) -> 0x01|0x10 = U+2811; (2,2)+(3,3) -> 0x04|0x80 = U+2884.
        #expect(lines(canvas, width: 2, height: 1) == ["⠑⢄"])
        #expect(canvas.cellBits(column: 0, row: 0) == 0x11)
        #expect(canvas.cellBits(column: 1, row: 0) == 0x84)
    }

    @Test func horizontalAndVerticalLines() {
        var wide = BrailleCanvas(columns: 2, rows: 1)
        wide.line(from: (0, 0), to: (3, 0))
        #expect(lines(wide, width: 2, height: 1) == ["⠉⠉"])
        var tall = BrailleCanvas(columns: 1, rows: 2)
        tall.line(from: (0, 7), to: (0, 0))
        #expect(lines(tall, width: 1, height: 2) == ["⡇", "⡇"])
    }

    @Test func singleDotsAndFullCell() {
        var canvas = BrailleCanvas(columns: 3, rows: 1)
        canvas.set(x: 1, y: 3)
        canvas.set(x: 2, y: 3)
        for x in 4 ... 5 { for y in 0 ... 3 { canvas.set(x: x, y: y) } }
        #expect(lines(canvas, width: 3, height: 1) == ["⢀⡀⣿"])
    }

    @Test func dotsOutsideAreIgnored() {
        var canvas = BrailleCanvas(columns: 1, rows: 1)
        canvas.set(x: -1, y: 0)
        canvas.set(x: 2, y: 0)
        canvas.set(x: 0, y: 4)
        canvas.line(from: (-5, -5), to: (-1, -1))
        #expect(lines(canvas, width: 1, height: 1) == [""])
    }

    @Test func lastStyleDrawnWinsPerCell() {
        var canvas = BrailleCanvas(columns: 2, rows: 1)
        canvas.line(from: (0, 0), to: (3, 0), style: Style(foreground: .red))
        canvas.line(from: (2, 0), to: (3, 3), style: Style(foreground: .blue))
        let buffer = render(canvas, width: 2, height: 1)
        #expect(buffer[0, 0].style.foreground == .red)
        #expect(buffer[1, 0].style.foreground == .blue)
    }

    @Test func asciiFallbackAtCellResolution() {
        var canvas = BrailleCanvas(columns: 3, rows: 1, glyphs: .ascii)
        canvas.line(from: (0, 0), to: (3, 3))
        canvas.line(from: (4, 0), to: (4, 3))
        #expect(lines(canvas, width: 3, height: 1) == ["'.*"])
    }

    @Test func overlayCharacterHidesDots() {
        var canvas = BrailleCanvas(columns: 2, rows: 1)
        canvas.line(from: (0, 0), to: (3, 3))
        canvas.put("×", column: 1, row: 0, style: Style(foreground: .red))
        let buffer = render(canvas, width: 2, height: 1)
        #expect(buffer.lines() == ["⠑×"])
        #expect(buffer[1, 0].style.foreground == .red)
    }

    @Test func drawsAtAreaOffsetAndClips() {
        var canvas = BrailleCanvas(columns: 2, rows: 1)
        canvas.line(from: (0, 0), to: (3, 0))
        var buffer = ScreenBuffer(width: 4, height: 2)
        canvas.render(in: Rect(x: 3, y: 1, width: 1, height: 1), into: &buffer)
        #expect(buffer.lines() == ["", "   ⠉"])
    }
}
