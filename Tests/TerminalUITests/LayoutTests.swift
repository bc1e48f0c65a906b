import Testing
@testable import TerminalUI

@Suite struct LayoutTests {
    @Test(arguments: [
        (10, [Constraint.fixed(3), .fill(1)], 0, [3, 7]),
        (10, [.percent(50), .percent(50)], 0, [5, 5]),
        (10, [.fill(1), .fill(2)], 0, [3, 7]),
        (10, [.fixed(4), .fixed(4), .fixed(4)], 0, [4, 4, 2]),
        (5, [.min(2), .fill(1)], 0, [3, 2]),
        (10, [.fixed(2), .fill(1), .fixed(2)], 1, [2, 4, 2]),
        (0, [.fixed(3), .fill(1)], 0, [0, 0]),
        (3, [.percent(150)], 0, [3]),
        (2, [.fixed(1), .fixed(1), .fixed(1)], 2, [0, 0, 0]),
        (9, [.fixed(3)], 0, [3]),
    ] as [(Int, [Constraint], Int, [Int])])
    func sizes(total: Int, constraints: [Constraint], spacing: Int, expected: [Int]) {
        #expect(Layout.sizes(total: total, constraints: constraints, spacing: spacing) == expected)
    }

    @Test func emptyConstraintsGiveNoParts() {
        #expect(Layout(.vertical, []).split(Rect(x: 0, y: 0, width: 5, height: 5)).isEmpty)
    }

    @Test func horizontalSplitWithSpacing() {
        let parts = Rect(x: 2, y: 1, width: 10, height: 4).splitHorizontally([.fixed(3), .fill(1)], spacing: 1)
        #expect(parts == [Rect(x: 2, y: 1, width: 3, height: 4), Rect(x: 6, y: 1, width: 6, height: 4)])
    }

    @Test func verticalSplitShrinksWhenTooSmall() {
        let parts = Rect(x: 0, y: 0, width: 5, height: 3).splitVertically([.fixed(1), .fixed(5), .fill(1)])
        #expect(parts == [Rect(x: 0, y: 0, width: 5, height: 1), Rect(x: 0, y: 1, width: 5, height: 2),
                          Rect(x: 0, y: 3, width: 5, height: 0)])
    }

    @Test func partsStayInsideEvenWithHugeSpacing() {
        let area = Rect(x: 3, y: 3, width: 4, height: 2)
        let parts = Layout(.horizontal, [.fixed(2), .fill(1), .min(3)], spacing: 5).split(area)
        #expect(parts.count == 3)
        for part in parts { #expect(area.contains(part)) }
    }
}
