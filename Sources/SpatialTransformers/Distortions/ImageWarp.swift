#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Inverse-mapping warps of one grey image, used once per image when a distorted data set is
/// made (plain Swift on Double coordinates; not part of any graph).
///
/// Coordinates are in pixels with pixel centres at integers: output pixel (column c, row r) reads
/// the source at the point the warp maps (c, r) to, bilinearly, with zero outside the image.
enum ImageWarp {
    /// A 3x3 matrix, row-major, acting on homogeneous pixel coordinates (x, y, 1).
    typealias Matrix = [Double]

    static let identity: Matrix = [1, 0, 0, 0, 1, 0, 0, 0, 1]

    /// The bilinear value of `source` (`height x width`, row-major) at (x, y), zero outside.
    @inline(__always)
    static func sample(_ source: UnsafeBufferPointer<Float>, height: Int, width: Int, x: Double, y: Double) -> Float {
        guard x > -1 && x < Double(width) && y > -1 && y < Double(height) else { return 0 }
        let x0 = Int(x.rounded(.down)), y0 = Int(y.rounded(.down))
        let fx = Float(x - Double(x0)), fy = Float(y - Double(y0))
        func pixel(_ row: Int, _ column: Int) -> Float {
            row >= 0 && row < height && column >= 0 && column < width ? source[row * width + column] : 0
        }
        return (1 - fy) * ((1 - fx) * pixel(y0, x0) + fx * pixel(y0, x0 + 1))
            + fy * ((1 - fx) * pixel(y0 + 1, x0) + fx * pixel(y0 + 1, x0 + 1))
    }

    /// output(c, r) = source(H (c, r, 1)) after the perspective divide; `matrix` maps output
    /// pixel coordinates to source pixel coordinates.
    static func warp(_ source: UnsafeBufferPointer<Float>, height: Int, width: Int, matrix h: Matrix,
                     outputHeight: Int, outputWidth: Int) -> [Float] {
        var output = [Float](repeating: 0, count: outputHeight * outputWidth)
        for r in 0..<outputHeight {
            for c in 0..<outputWidth {
                let (x, y) = (Double(c), Double(r))
                let w = h[6] * x + h[7] * y + h[8]
                guard w > 1e-9 else { continue }
                output[r * outputWidth + c] = sample(source, height: height, width: width,
                                                     x: (h[0] * x + h[1] * y + h[2]) / w,
                                                     y: (h[3] * x + h[4] * y + h[5]) / w)
            }
        }
        return output
    }

    /// output(c, r) = source(c + dx[r, c], r + dy[r, c]) (same size as the source).
    static func displace(_ source: UnsafeBufferPointer<Float>, height: Int, width: Int,
                         dx: [Double], dy: [Double]) -> [Float] {
        var output = [Float](repeating: 0, count: height * width)
        for r in 0..<height {
            for c in 0..<width {
                let index = r * width + c
                output[index] = sample(source, height: height, width: width,
                                       x: Double(c) + dx[index], y: Double(r) + dy[index])
            }
        }
        return output
    }

    // MARK: - Matrices

    static func multiply(_ a: Matrix, _ b: Matrix) -> Matrix {
        (0..<9).map { index in
            let (row, column) = (index / 3, index % 3)
            return (0..<3).reduce(0.0) { $0 + a[row * 3 + $1] * b[$1 * 3 + column] }
        }
    }

    static func translation(_ x: Double, _ y: Double) -> Matrix { [1, 0, x, 0, 1, y, 0, 0, 1] }

    static func rotation(_ angle: Double) -> Matrix {
        let (c, s) = (cos(angle), sin(angle))
        return [c, -s, 0, s, c, 0, 0, 0, 1]
    }

    static func scaling(_ factor: Double) -> Matrix { [factor, 0, 0, 0, factor, 0, 0, 0, 1] }

    /// The homography H (h22 = 1) with H(from[i]) = to[i] for four point pairs: the 8x8 linear
    /// system of the direct linear transform, solved by Gaussian elimination with partial pivoting.
    static func homography(from: [(Double, Double)], to: [(Double, Double)]) -> Matrix? {
        precondition(from.count == 4 && to.count == 4, "a homography needs four point pairs")
        var rows: [[Double]] = []
        for ((x, y), (u, v)) in zip(from, to) {
            rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y, u])
            rows.append([0, 0, 0, x, y, 1, -v * x, -v * y, v])
        }
        for column in 0..<8 {
            guard let pivot = (column..<8).max(by: { abs(rows[$0][column]) < abs(rows[$1][column]) }),
                  abs(rows[pivot][column]) > 1e-12 else { return nil }
            rows.swapAt(column, pivot)
            for row in 0..<8 where row != column {
                let factor = rows[row][column] / rows[column][column]
                if factor != 0 { for k in column..<9 { rows[row][k] -= factor * rows[column][k] } }
            }
        }
        return (0..<8).map { rows[$0][8] / rows[$0][$0] } + [1]
    }
}
