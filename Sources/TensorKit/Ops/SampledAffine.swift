import CBLAS

extension Tensor {
    /// The affine map `y = x W + b` (`x: [n, in]`, `W: [in, out]`, `b: [out]`) computed only at the
    /// entries of `pattern` (`[n, out]`): a flat `[pattern.count]` tensor, y[r, c] for each entry
    /// in pattern order. A loss that reads a few entries of a wide output (observed ratings
    /// among all users or items) needs only these: each is one dot product of a row of x and a
    /// column of W, and with G the `[n, out]` gradient, zero off the pattern,
    ///
    ///     dx = G Wᵀ,   dW = xᵀ G,   db = column sums of G,
    ///
    /// so forward and backward cost `pattern.count · in` multiply-adds each instead of the dense
    /// product's `n · out · in` (the sampled dense-dense product, SDDMM, and two sparse-dense
    /// products). Each value is the sum of the dense product's terms, in another order: they
    /// differ by rounding only.
    public func affine(weight: Tensor, bias: Tensor?, at pattern: SparsePattern) -> Tensor {
        precondition(rank == 2 && weight.rank == 2 && shape[1] == weight.shape[0],
                     "affine: input \(shape) does not match weight \(weight.shape)")
        let rows = shape[0], inputs = shape[1], outputs = weight.shape[1]
        precondition(pattern.rows == rows && pattern.columns == outputs,
                     "affine: pattern of \(pattern.rows)x\(pattern.columns) for an output of \(rows)x\(outputs)")
        precondition(bias == nil || bias!.count == outputs, "affine: bias must have \(outputs) values")
        let count = pattern.count, work = count * inputs
        let x = self
        let parents = bias.map { [x, weight, $0] } ?? [x, weight]
        // Wᵀ, [out, in]: each entry's dot product and each row of dx read a contiguous row of it.
        let transposed = inputs > 0 ? Self.transposed(weight.data, rows: inputs, columns: outputs) : []
        var values = [Float](repeating: 0, count: count)
        func dots(bias b: UnsafePointer<Float>?) {
            values.withUnsafeMutableBufferPointer { out in
                data.withUnsafeBufferPointer { x in
                    transposed.withUnsafeBufferPointer { wt in
                        pattern.withColumnPointers { starts, byColumn, rowOf in
                            Self.split(rows, work: work) { range in
                                wb_sampled_dots(x.baseAddress!, inputs, wt.baseAddress!, starts, byColumn, rowOf, outputs,
                                                b, out.baseAddress!, range.lowerBound, range.upperBound)
                            }
                        }
                    }
                }
            }
        }
        if count > 0, inputs > 0 {
            wb_flops_add(Int64(2 * work))
            // (An empty array's pointer is not nil: no bias passes nil.)
            if let bias { bias.data.withUnsafeBufferPointer { dots(bias: $0.baseAddress!) } } else { dots(bias: nil) }
        } else if let bias {
            values = pattern.columnOf.map { bias.data[$0] }
        }
        return .result(shape: [count], data: values, parents: parents) { gradient in
            gradient.withUnsafeBufferPointer { g in
                if x.requiresGrad, count > 0, inputs > 0 {
                    var local = [Float](repeating: 0, count: x.count)
                    local.withUnsafeMutableBufferPointer { dx in
                        transposed.withUnsafeBufferPointer { wt in
                            SparseProducts.multiply(starts: pattern.rowStarts, index: pattern.columnOf, values: g.baseAddress!,
                                                    wt.baseAddress!, n: inputs, into: dx.baseAddress!)
                        }
                    }
                    x.accumulateGrad(local)
                }
                if weight.requiresGrad, count > 0, inputs > 0 {
                    // dWᵀ = Gᵀ x, row by row of dWᵀ (column by column of the pattern), then transposed.
                    let byColumn: [Float] = pattern.byColumn.map { (entry: Int) -> Float in g[entry] }
                    var local = [Float](repeating: 0, count: weight.count)
                    local.withUnsafeMutableBufferPointer { dwt in
                        x.data.withUnsafeBufferPointer { xx in
                            byColumn.withUnsafeBufferPointer { values in
                                SparseProducts.multiply(starts: pattern.columnStarts, index: pattern.rowByColumn,
                                                        values: values.baseAddress!, xx.baseAddress!, n: inputs,
                                                        into: dwt.baseAddress!)
                            }
                        }
                    }
                    weight.accumulateGrad(Self.transposed(local, rows: outputs, columns: inputs))
                }
                if let bias, bias.requiresGrad {
                    var local = [Float](repeating: 0, count: outputs)
                    for (entry, column) in pattern.columnOf.enumerated() { local[column] += g[entry] }
                    bias.accumulateGrad(local)
                }
            }
        }
    }

    /// `[rows, columns]` values transposed to `[columns, rows]`.
    static func transposed(_ a: [Float], rows: Int, columns: Int) -> [Float] {
        guard !a.isEmpty else { return [] }
        return [Float](unsafeUninitializedCapacity: a.count) { b, initialized in
            a.withUnsafeBufferPointer { a in
                split(columns, work: a.count) { range in
                    wb_transpose(a.baseAddress!, rows, columns, b.baseAddress!, range.lowerBound, range.upperBound)
                }
            }
            initialized = a.count
        }
    }

    /// Runs `body` over `0..<count` in one range per thread when `work` multiply-adds are worth
    /// it. Each range is a block of whole rows of the output: threads that split a row's columns
    /// would share the cache line at the split and pass it back and forth.
    private static func split(_ count: Int, work: Int, _ body: (Range<Int>) -> Void) {
        guard work >= BLAS.smallProduct else { return body(0..<count) }
        BLAS.forEachChunk(of: count) { _, range in body(range) }
    }
}
