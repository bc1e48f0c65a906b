import CBLAS

/// im2col and its adjoint col2im for one image `[C, H, W]`: the window of each output position
/// becomes a column of `cols: [C·KH·KW, OH·OW]` (row `(c·KH + i)·KW + j` holds tap (c, i, j)).
/// The rows may be `rowStride` apart (≥ OH·OW), so that the columns of several images sit side
/// by side in one matrix and one GEMM multiplies them all.
struct ImageWindows {
    let geometry: WindowGeometry
    let channels: Int, height: Int, width: Int
    let outHeight: Int, outWidth: Int

    init(geometry: WindowGeometry, channels: Int, height: Int, width: Int) {
        self.geometry = geometry
        self.channels = channels
        self.height = height
        self.width = width
        (outHeight, outWidth) = geometry.outputSize(height: height, width: width)
    }

    var patch: Int { channels * geometry.kernelHeight * geometry.kernelWidth }
    var plane: Int { outHeight * outWidth }
    /// A 1x1 window with stride 1 and no padding: the columns are the image itself.
    var isIdentity: Bool {
        geometry.kernelHeight == 1 && geometry.kernelWidth == 1 && geometry.stride == 1 && geometry.padding == 0
    }

    // MARK: - Padding as a frame of zeros

    /// The same windows over the image framed by `padding` zeros on every side, without padding
    /// (the same output size). Unrolling a framed image needs no bounds tests and no zeroing,
    /// which for small padded images (8x8 with a 3x3 window) was half of the unrolling's time.
    var framed: ImageWindows {
        let p = geometry.padding
        return ImageWindows(geometry: WindowGeometry(kernelHeight: geometry.kernelHeight, kernelWidth: geometry.kernelWidth,
                                                     stride: geometry.stride),
                            channels: channels, height: height + 2 * p, width: width + 2 * p)
    }

    /// Copies `image` into the interior of `frame` (`[C, H + 2p, W + 2p]`, whose border is zero).
    func frame(_ image: UnsafePointer<Float>, into frame: UnsafeMutablePointer<Float>) {
        let p = geometry.padding, framedWidth = width + 2 * p, framedPlane = (height + 2 * p) * framedWidth
        for c in 0..<channels {
            for y in 0..<height {
                (frame + c * framedPlane + (y + p) * framedWidth + p).update(from: image + (c * height + y) * width, count: width)
            }
        }
    }

    /// image = the interior of `frame` (the adjoint of `frame(_:into:)`, into a fresh image).
    func copyInterior(of frame: UnsafePointer<Float>, into image: UnsafeMutablePointer<Float>) {
        let p = geometry.padding, framedWidth = width + 2 * p, framedPlane = (height + 2 * p) * framedWidth
        for c in 0..<channels {
            for y in 0..<height {
                (image + (c * height + y) * width).update(from: frame + c * framedPlane + (y + p) * framedWidth + p, count: width)
            }
        }
    }

    /// For tap column j: the output columns x whose input column x·stride + j - padding is
    /// inside the image.
    @inline(__always)
    func validColumns(_ j: Int) -> Range<Int> {
        let (stride, padding) = (geometry.stride, geometry.padding)
        // x·stride + j - padding >= 0  and  < width
        let low = max(0, (padding - j + stride - 1) / stride)
        let last = width - 1 + padding - j          // x·stride <= last: x <= floor(last / stride)
        let high = last < 0 ? 0 : min(outWidth, last / stride + 1)
        return low..<max(low, high)
    }

    /// cols[row, y·OW + x] = image[c, y·s + i - p, x·s + j - p] (0 outside the image), row r at
    /// `cols + r·rowStride`. Stride 1 without padding (every convolution's case once a padded image
    /// is framed) is the C kernel `wb_unroll_windows`; other strides gather value by value.
    func unroll(_ image: UnsafePointer<Float>, into cols: UnsafeMutablePointer<Float>, rowStride: Int) {
        let (kh, kw, stride, padding) = (geometry.kernelHeight, geometry.kernelWidth, geometry.stride, geometry.padding)
        if stride == 1 && padding == 0 {
            wb_unroll_windows(image, channels, height, width, kh, kw, cols, rowStride)
            return
        }
        for c in 0..<channels {
            for i in 0..<kh {
                for j in 0..<kw {
                    let row = cols + ((c * kh + i) * kw + j) * rowStride
                    let columns = validColumns(j)
                    guard !columns.isEmpty else {
                        row.update(repeating: 0, count: plane)
                        continue
                    }
                    // With padding, the positions no tap of the image reaches stay 0.
                    if padding > 0 { row.update(repeating: 0, count: plane) }
                    for y in 0..<outHeight {
                        let sourceY = y * stride + i - padding
                        guard sourceY >= 0 && sourceY < height else { continue }
                        let source = image + (c * height + sourceY) * width + j - padding
                        let target = row + y * outWidth
                        for x in columns { target[x] = source[x * stride] }
                    }
                }
            }
        }
    }

    /// The adjoint of `unroll`: image[c, y·s + i - p, x·s + j - p] += cols[row, y·OW + x]; without
    /// `accumulate`, image is overwritten by the sums (from zero), and need not be initialized.
    func fold(_ cols: UnsafePointer<Float>, rowStride: Int, into image: UnsafeMutablePointer<Float>, accumulate: Bool = true) {
        let (kh, kw, stride, padding) = (geometry.kernelHeight, geometry.kernelWidth, geometry.stride, geometry.padding)
        if stride == 1 && padding == 0 {
            wb_fold_windows(cols, rowStride, channels, height, width, kh, kw, image, accumulate ? 1 : 0)
            return
        }
        if !accumulate { image.update(repeating: 0, count: channels * height * width) }
        for c in 0..<channels {
            for i in 0..<kh {
                for j in 0..<kw {
                    let row = cols + ((c * kh + i) * kw + j) * rowStride
                    let columns = validColumns(j)
                    for y in 0..<outHeight {
                        let sourceY = y * stride + i - padding
                        guard sourceY >= 0 && sourceY < height else { continue }
                        let target = image + (c * height + sourceY) * width + j - padding
                        let source = row + y * outWidth
                        for x in columns { target[x * stride] += source[x] }
                    }
                }
            }
        }
    }
}
