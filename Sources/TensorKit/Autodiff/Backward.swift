extension Tensor {
    /// Records the result of an op: when gradients are enabled and any parent needs one, the
    /// result keeps its parents and the local backward rule.
    ///
    /// `backward` receives the result's gradient and must accumulate into each parent whose
    /// `requiresGrad` is true. `op` (the caller's name) and `function` (the element-wise function
    /// of a generic op) name the op on a recording ``Tape``.
    static func result(shape: [Int], data: [Float], parents: [Tensor], op: StaticString = #function,
                       function: Any.Type? = nil,
                       backward: @escaping (_ outputGradient: [Float]) -> Void) -> Tensor {
        let output = Tensor(shape: shape, data: data)
        if GradientMode.isEnabled, parents.contains(where: { $0.requiresGrad }) {
            output.requiresGrad = true
            output.parents = parents
            output.backwardFunction = backward
        }
        if let tape = TapeRecorder.current { tape.recordOperation(op, function: function, output: output, parents: parents) }
        return output
    }

    /// Back-propagates from this tensor: d(self)/d(self) = `seed` (ones by default; a scalar
    /// loss needs nothing more). Gradients accumulate into every trainable leaf; the graph is
    /// released afterwards, so calling `backward` twice on one graph is an error.
    public func backward(seed: [Float]? = nil) {
        precondition(requiresGrad, "backward() on a tensor that does not depend on any trainable tensor")
        let order = topologicalOrder()
        accumulateGrad(seed ?? [Float](repeating: 1, count: count))
        if let tape = TapeRecorder.current { return tape.backward(order: order) }
        for node in order.reversed() {
            guard let step = node.backwardFunction else { continue }
            if let gradient = node.grad { step(gradient) }
            node.releaseGraph()
        }
    }

    /// Nodes reachable from `self` through graph links, each after all of its parents.
    /// Iterative depth-first search ordered by the parents arrays (deterministic).
    func topologicalOrder() -> [Tensor] {
        var order: [Tensor] = []
        var stack: [(node: Tensor, nextParent: Int)] = [(self, 0)]
        visited = true
        while var top = stack.popLast() {
            if top.nextParent < top.node.parents.count {
                let parent = top.node.parents[top.nextParent]
                top.nextParent += 1
                stack.append(top)
                if parent.isGraphNode && !parent.visited {
                    parent.visited = true
                    stack.append((parent, 0))
                }
            } else {
                order.append(top.node)
            }
        }
        for node in order { node.visited = false }
        return order
    }

    /// Drops the links to parents and the intermediate gradient once they have been used.
    func releaseGraph() {
        parents = []
        backwardFunction = nil
        grad = nil
    }
}
