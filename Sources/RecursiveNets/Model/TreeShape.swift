/// How the tree over a sentence is chosen.
public enum TreeShape: String, CaseIterable, Sendable {
    /// The recursive autoencoder's own choice: repeatedly merge the adjacent pair whose
    /// reconstruction error is lowest (Socher et al. 2011, section 2.3).
    case greedy
    /// A fixed, balanced binary tree: halves, then halves of halves.
    case balanced
    /// A fixed right-branching tree, (w1 (w2 (w3 w4))): the shape a recurrent net reading the
    /// sentence backwards would give.
    case rightBranching = "right-branching"

    public static var names: [String] { allCases.map(\.rawValue) }

    /// For a fixed shape over `count` words: at each merge, the position (in the current list
    /// of subtrees, left to right) of the left one of the two adjacent subtrees to merge.
    /// Empty for `greedy`, whose merges depend on the weights.
    public func mergePlan(count: Int) -> [Int] {
        guard count > 1 else { return [] }
        switch self {
        case .greedy:
            return []
        case .rightBranching:
            return Array((0...(count - 2)).reversed())
        case .balanced:
            var starts: [Int] = []     // left edges of the merges, children before parents
            func build(_ lower: Int, _ upper: Int) {
                guard upper - lower > 1 else { return }
                let middle = (lower + upper + 1) / 2
                build(lower, middle)
                build(middle, upper)
                starts.append(lower)
            }
            build(0, count)
            var current = Array(0..<count)  // left edge of each current subtree
            var plan: [Int] = []
            for start in starts {
                let position = current.firstIndex(of: start)!
                current.remove(at: position + 1)
                plan.append(position)
            }
            return plan
        }
    }
}
