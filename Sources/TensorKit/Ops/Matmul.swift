extension Tensor {
    /// Matrix product of `[m, k]` and `[k, n]` (either operand may be used transposed).
    /// A leading batch axis on both (`[b, m, k]` x `[b, k, n]`) multiplies batch by batch;
    /// `[b, m, k]` x `[k, n]` shares the right matrix across the batch.
    ///
    /// With C = A B: dA = dC B^T and dB = A^T dC, each a GEMM with transposes.
    public func matmul(_ other: Tensor, transposeSelf: Bool = false, transposeOther: Bool = false) -> Tensor {
        if rank == 3 && other.rank == 2 && !transposeSelf {
            // Shared right matrix: fold the batch into the rows.
            let folded = reshaped([shape[0] * shape[1], shape[2]])
            let product = folded.matmul(other, transposeOther: transposeOther)
            return product.reshaped([shape[0], shape[1], product.shape[1]])
        }
        precondition(rank == other.rank && (rank == 2 || rank == 3),
                     "matmul needs two matrices or two batches of matrices, got \(shape) and \(other.shape)")
        let batch = rank == 3 ? shape[0] : 1
        precondition(rank == 2 || other.shape[0] == batch, "batch sizes differ: \(shape) and \(other.shape)")
        let (rows, inner) = rank == 3 ? (shape[1], shape[2]) : (shape[0], shape[1])
        let (otherRows, otherColumns) = rank == 3 ? (other.shape[1], other.shape[2]) : (other.shape[0], other.shape[1])
        let m = transposeSelf ? inner : rows, k = transposeSelf ? rows : inner
        let n = transposeOther ? otherRows : otherColumns
        let otherK = transposeOther ? otherColumns : otherRows
        precondition(k == otherK, "matmul inner sizes differ: \(shape)\(transposeSelf ? "ᵀ" : "") x \(other.shape)\(transposeOther ? "ᵀ" : "")")
        let aStride = rows * inner, bStride = otherRows * otherColumns, cStride = m * n
        let values = [Float].writtenByProducts(count: batch * cStride) { c in
            data.withUnsafeBufferPointer { a in
                other.data.withUnsafeBufferPointer { b in
                    for index in 0..<batch {
                        BLAS.gemm(transposeA: transposeSelf, transposeB: transposeOther, m: m, n: n, k: k,
                                  a: a.baseAddress! + index * aStride, lda: inner,
                                  b: b.baseAddress! + index * bStride, ldb: otherColumns,
                                  c: c + index * cStride, ldc: n)
                    }
                }
            }
        }
        let a = self, b = other
        let outputShape = rank == 3 ? [batch, m, n] : [m, n]
        return .result(shape: outputShape, data: values, parents: [a, b]) { gradient in
            gradient.withUnsafeBufferPointer { g in
                if a.requiresGrad {
                    // dA = dC op(B)^T, laid out as A is stored (transposed back when A was used transposed).
                    let local = [Float].writtenByProducts(count: a.count) { da in
                        b.data.withUnsafeBufferPointer { bb in
                            for index in 0..<batch {
                                let dC = g.baseAddress! + index * cStride, B = bb.baseAddress! + index * bStride
                                let dA = da + index * aStride
                                if transposeSelf {  // A^T = dC... : dA = op(B) dC^T
                                    BLAS.gemm(transposeA: transposeOther, transposeB: true, m: k, n: m, k: n,
                                              a: B, lda: otherColumns, b: dC, ldb: n, c: dA, ldc: inner)
                                } else {
                                    BLAS.gemm(transposeA: false, transposeB: !transposeOther, m: m, n: k, k: n,
                                              a: dC, lda: n, b: B, ldb: otherColumns, c: dA, ldc: inner)
                                }
                            }
                        }
                    }
                    a.accumulateGrad(local)
                }
                if b.requiresGrad {
                    // dB = op(A)^T dC, stored as B is (transposed back when B was used transposed).
                    let local = [Float].writtenByProducts(count: b.count) { db in
                        a.data.withUnsafeBufferPointer { aa in
                            for index in 0..<batch {
                                let dC = g.baseAddress! + index * cStride, A = aa.baseAddress! + index * aStride
                                let dB = db + index * bStride
                                if transposeOther {  // dB^T = op(A)^T dC  =>  dB = dC^T op(A)
                                    BLAS.gemm(transposeA: true, transposeB: transposeSelf, m: n, n: k, k: m,
                                              a: dC, lda: n, b: A, ldb: inner, c: dB, ldc: otherColumns)
                                } else {
                                    BLAS.gemm(transposeA: !transposeSelf, transposeB: false, m: k, n: n, k: m,
                                              a: A, lda: inner, b: dC, ldb: n, c: dB, ldc: otherColumns)
                                }
                            }
                        }
                    }
                    b.accumulateGrad(local)
                }
            }
        }
    }

    /// The affine map of a fully connected layer, fused: `y = x W + b` for `x: [n, in]`,
    /// `W: [in, out]`, `b: [out]`. One GEMM forward (C starts as the bias rows, beta = 1), and
    /// dx = dy W^T, dW = x^T dy, db = column sums of dy. When at most a quarter of x is nonzero
    /// (`SparseProducts`), x W and x^T dy add one row per nonzero instead of multiplying zeros.
    ///
    /// With `transposeWeight`, W is stored `[out, in]` (one row per output, as an output layer
    /// over items keeps it) and y = x Wᵀ + b: dx = dy W, dW = dyᵀ x, the products `matmul(W,
    /// transposeOther: true)` and its backward pass make, and the same sums as that matmul
    /// followed by `+ b`.
    public func affine(weight: Tensor, bias: Tensor?, transposeWeight: Bool = false) -> Tensor {
        precondition(rank == 2 && weight.rank == 2 && shape[1] == weight.shape[transposeWeight ? 1 : 0],
                     "affine: input \(shape) does not match weight \(weight.shape)\(transposeWeight ? "ᵀ" : "")")
        let rows = shape[0], inputs = shape[1], outputs = weight.shape[transposeWeight ? 0 : 1]
        let ldw = transposeWeight ? inputs : outputs
        precondition(bias == nil || bias!.count == outputs, "affine: bias must have \(outputs) values")
        var values: [Float]
        if let bias {
            values = [Float](unsafeUninitializedCapacity: rows * outputs) { buffer, initialized in
                bias.data.withUnsafeBufferPointer { b in
                    for row in 0..<rows { (buffer.baseAddress! + row * outputs).initialize(from: b.baseAddress!, count: outputs) }
                }
                initialized = rows * outputs
            }
        } else {
            values = [Float](repeating: 0, count: rows * outputs)
        }
        // Mostly-zero inputs (ratings, one-hot codes) add one row of W per nonzero instead.
        let nonzeros = rows * inputs * outputs >= SparseProducts.minimumWork && !transposeWeight
            ? data.withUnsafeBufferPointer(SparseProducts.nonzeroCount) : rows * inputs
        let sparse = !transposeWeight && SparseProducts.pays(rows: rows, inputs: inputs, outputs: outputs, nonzeros: nonzeros)
            ? data.withUnsafeBufferPointer { SparseProducts.Matrix($0.baseAddress!, rows: rows, columns: inputs, nonzeros: nonzeros) }
            : nil
        values.withUnsafeMutableBufferPointer { c in
            data.withUnsafeBufferPointer { x in
                weight.data.withUnsafeBufferPointer { w in
                    if let sparse {
                        SparseProducts.times(sparse, w.baseAddress!, n: outputs, into: c.baseAddress!)
                    } else {
                        BLAS.gemm(transposeB: transposeWeight, m: rows, n: outputs, k: inputs, a: x.baseAddress!, lda: inputs,
                                  b: w.baseAddress!, ldb: ldw, beta: 1, c: c.baseAddress!, ldc: outputs)
                    }
                }
            }
        }
        let x = self
        let parents = bias.map { [x, weight, $0] } ?? [x, weight]
        return .result(shape: [rows, outputs], data: values, parents: parents) { gradient in
            gradient.withUnsafeBufferPointer { dy in
                if x.requiresGrad {
                    let local = [Float].writtenByProducts(count: x.count) { dx in
                        weight.data.withUnsafeBufferPointer { w in
                            BLAS.gemm(transposeB: !transposeWeight, m: rows, n: inputs, k: outputs, a: dy.baseAddress!,
                                      lda: outputs, b: w.baseAddress!, ldb: ldw, c: dx, ldc: inputs)
                        }
                    }
                    x.accumulateGrad(local)
                }
                if weight.requiresGrad {
                    var local = [Float](repeating: 0, count: weight.count)
                    local.withUnsafeMutableBufferPointer { dw in
                        x.data.withUnsafeBufferPointer { xx in
                            if let sparse {
                                SparseProducts.transposedTimes(sparse, dy.baseAddress!, n: outputs, into: dw.baseAddress!)
                            } else if transposeWeight {
                                BLAS.gemm(transposeA: true, m: outputs, n: inputs, k: rows, a: dy.baseAddress!,
                                          lda: outputs, b: xx.baseAddress!, ldb: inputs, c: dw.baseAddress!, ldc: inputs)
                            } else {
                                BLAS.gemm(transposeA: true, m: inputs, n: outputs, k: rows, a: xx.baseAddress!,
                                          lda: inputs, b: dy.baseAddress!, ldb: outputs, c: dw.baseAddress!, ldc: outputs)
                            }
                        }
                    }
                    weight.accumulateGrad(local)
                }
                if let bias, bias.requiresGrad {
                    var local = [Float](repeating: 0, count: outputs)
                    local.withUnsafeMutableBufferPointer { db in
                        for row in 0..<rows {
                            let source = dy.baseAddress! + row * outputs
                            for j in 0..<outputs { db[j] += source[j] }
                        }
                    }
                    bias.accumulateGrad(local)
                }
            }
        }
    }
}

extension Array where Element == Float {
    /// `count` floats written in full by `body` with matrix products that do not read C (beta =
    /// 0: OpenBLAS and the reference kernel then store C without reading it), so not zeroed first.
    static func writtenByProducts(count: Int, _ body: (UnsafeMutablePointer<Float>) -> Void) -> [Float] {
        [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            if count > 0 { body(buffer.baseAddress!) }
            initialized = count
        }
    }
}
