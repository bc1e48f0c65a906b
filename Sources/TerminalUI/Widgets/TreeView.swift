// MARK: - TreeView

/// A tree (e.g. the binary parse tree of a recursive net) drawn top-down with box-drawing
/// connectors, or as an indented outline when that does not fit:
/// ```
///     top-down                outline
///      root                   root
///   ┌───┴──┐                  ├─ left
///  left  right                │  ├─ a
///  ┌┴┐                        │  └─ b
///  a b                        └─ right
/// ```
/// Nodes are given as an array; `children` are indices into it and ``root`` is the top.
/// Each subtree takes the width of its children side by side (2 columns apart) or of its own
/// label, whichever is wider; a parent is centred over its first and last child. Nodes reached
/// twice (a cycle or shared child) are drawn once.
public struct TreeView: Widget, Sendable {
    /// One node.
    public struct Node: Hashable, Sendable {
        public var label: String
        public var children: [Int]
        /// `nil` uses ``Theme/text``.
        public var style: Style?

        /// Creates a node with child indices into ``TreeView/nodes``.
        public init(_ label: String, children: [Int] = [], style: Style? = nil) {
            self.label = label
            self.children = children
            self.style = style
        }
    }

    public var nodes: [Node]
    public var root: Int
    public var theme: Theme
    public var glyphs: Glyphs

    /// Creates a tree view of `nodes` drawn from `root`.
    public init(nodes: [Node], root: Int = 0, theme: Theme = .standard, glyphs: Glyphs = .unicode) {
        self.nodes = nodes
        self.root = root
        self.theme = theme
        self.glyphs = glyphs
    }

    /// Width and height the top-down drawing needs.
    public func topDownSize() -> (width: Int, height: Int) {
        guard nodes.indices.contains(root) else { return (0, 0) }
        let tree = tidy()
        return (tree.widths[root] ?? 0, 2 * tree.depth - 1)
    }

    public func render(in area: Rect, into buffer: inout ScreenBuffer) {
        let area = area.intersection(buffer.area)
        guard !area.isEmpty, nodes.indices.contains(root) else { return }
        let size = topDownSize()
        if size.width <= area.width && size.height <= area.height {
            drawTopDown(in: area, into: &buffer)
        } else {
            drawOutline(in: area, into: &buffer)
        }
    }

    // MARK: - Top-down

    /// Children lists with repeated nodes removed, subtree widths and depth.
    private func tidy() -> (children: [Int: [Int]], widths: [Int: Int], depth: Int) {
        var children: [Int: [Int]] = [:]
        var seen: Set<Int> = [root]
        var order: [(node: Int, depth: Int)] = [(root, 1)]
        var index = 0
        while index < order.count {     // breadth-first: parents before children
            let (node, depth) = order[index]
            let kept = nodes[node].children.filter { nodes.indices.contains($0) && seen.insert($0).inserted }
            children[node] = kept
            order.append(contentsOf: kept.map { ($0, depth + 1) })
            index += 1
        }
        var widths: [Int: Int] = [:]
        for (node, _) in order.reversed() {
            let kids = children[node] ?? []
            let childWidth = kids.reduce(0) { $0 + (widths[$1] ?? 0) } + 2 * max(0, kids.count - 1)
            widths[node] = max(DisplayWidth.of(nodes[node].label), childWidth)
        }
        return (children, widths, order.map(\.depth).max() ?? 0)
    }

    private func drawTopDown(in area: Rect, into buffer: inout ScreenBuffer) {
        let tree = tidy()
        var stack: [(node: Int, left: Int, row: Int)] = [(root, area.x, area.y)]
        let lineStyle = theme.border
        while let (node, left, row) = stack.popLast() {
            let width = tree.widths[node] ?? 0
            let kids = tree.children[node] ?? []
            let childTotal = kids.reduce(0) { $0 + (tree.widths[$1] ?? 0) } + 2 * max(0, kids.count - 1)
            var childLeft = left + (width - childTotal) / 2
            var centers: [Int] = []
            for kid in kids {
                let kidWidth = tree.widths[kid] ?? 0
                centers.append(childLeft + center(of: kid, width: kidWidth, tree: tree))
                stack.append((kid, childLeft, row + 2))
                childLeft += kidWidth + 2
            }
            let labelWidth = DisplayWidth.of(nodes[node].label)
            let middle = centers.isEmpty ? left + (width - 1) / 2 : (centers.first! + centers.last!) / 2
            let labelX = min(max(left, middle - (labelWidth - 1) / 2), left + width - labelWidth)
            buffer.set(string: nodes[node].label, at: (labelX, row), style: nodes[node].style ?? theme.text, clippedTo: area)
            guard let first = centers.first, let last = centers.last else { continue }
            let connectorRow = row + 1
            for column in first ... last {
                buffer.set(character: glyphs.horizontal, at: (column, connectorRow), style: lineStyle, clippedTo: area)
            }
            for (index, column) in centers.enumerated() {
                let glyph = centers.count == 1 ? glyphs.vertical
                    : index == 0 ? glyphs.topLeft : index == centers.count - 1 ? glyphs.topRight : glyphs.teeDown
                buffer.set(character: glyph, at: (column, connectorRow), style: lineStyle, clippedTo: area)
            }
            let joint: Character
            if centers.count == 1 { joint = glyphs.vertical }
            else if middle == first { joint = glyphs.teeRight }
            else if middle == last { joint = glyphs.teeLeft }
            else if centers.contains(middle) { joint = glyphs.cross }
            else { joint = glyphs.teeUp }
            buffer.set(character: joint, at: (middle, connectorRow), style: lineStyle, clippedTo: area)
        }
    }

    /// Column of a node's label centre relative to its subtree's left edge.
    private func center(of node: Int, width: Int, tree: (children: [Int: [Int]], widths: [Int: Int], depth: Int)) -> Int {
        let kids = tree.children[node] ?? []
        guard !kids.isEmpty else { return (width - 1) / 2 }
        let childTotal = kids.reduce(0) { $0 + (tree.widths[$1] ?? 0) } + 2 * (kids.count - 1)
        let start = (width - childTotal) / 2
        let firstCenter = start + center(of: kids[0], width: tree.widths[kids[0]] ?? 0, tree: tree)
        var lastLeft = start
        for kid in kids.dropLast() { lastLeft += (tree.widths[kid] ?? 0) + 2 }
        let lastKid = kids[kids.count - 1]
        let lastCenter = lastLeft + center(of: lastKid, width: tree.widths[lastKid] ?? 0, tree: tree)
        return (firstCenter + lastCenter) / 2
    }

    // MARK: - Outline

    private func drawOutline(in area: Rect, into buffer: inout ScreenBuffer) {
        let tree = tidy()
        let branch = String(glyphs.teeRight) + String(glyphs.horizontal) + " "
        let lastBranch = String(glyphs.bottomLeft) + String(glyphs.horizontal) + " "
        let pipe = String(glyphs.vertical) + "  "
        var stack: [(node: Int, prefix: String, isLast: Bool)] = [(root, "", true)]
        var row = area.y
        while let (node, prefix, isLast) = stack.popLast(), row < area.bottom {
            let connector = node == root ? "" : (isLast ? lastBranch : branch)
            let used = buffer.set(string: prefix + connector, at: (area.x, row), style: theme.border, clippedTo: area)
            buffer.set(string: nodes[node].label, at: (area.x + used, row), style: nodes[node].style ?? theme.text, clippedTo: area)
            row += 1
            let kids = tree.children[node] ?? []
            let childPrefix = node == root ? "" : prefix + (isLast ? "   " : pipe)
            for (index, kid) in kids.enumerated().reversed() {
                stack.append((kid, childPrefix, index == kids.count - 1))
            }
        }
    }
}
