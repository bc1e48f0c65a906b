// im2col and col2im for stride-1 windows over an image without padding (conv2d frames a padded
// image in zeros first, so every stride-1 convolution comes here).
//
// unroll: cols[(c·KH + i)·KW + j, y·OW + x] = image[c, y + i, x + j], row r at cols + r·row_stride.
// fold:   image[c, y + i, x + j] += cols[(c·KH + i)·KW + j, y·OW + x], its adjoint.
//
// Swift here is compiled for the x86-64 baseline (SSE2), and its run-by-run loops spent most of
// their time on the tails of short runs (a window row is 5 to 40 values). With AVX-512 a run of up
// to 16 values is one masked load and one masked store. The fold keeps a piece of 16 values of
// an image row in a register while every tap (i, j) adds its run to it, in the same (i, j) order as
// a plain loop over taps: the same sums in the same order, so the same values on every CPU. (The
// tap-by-tap loop it replaces wrote each image row back after every tap and read it again for
// the next tap one column along, a store the next load could not take from the store buffer.)
#include "CBLAS.h"
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define WB_X86 1
#endif

// MARK: - Plain C

static void unroll_plain(const float *image, long channels, long height, long width, long kh, long kw,
                         float *cols, long row_stride) {
    long oh = height - kh + 1, ow = width - kw + 1;
    for (long c = 0; c < channels; c++)
        for (long i = 0; i < kh; i++)
            for (long j = 0; j < kw; j++) {
                float *row = cols + ((c * kh + i) * kw + j) * row_stride;
                for (long y = 0; y < oh; y++) {
                    const float *source = image + (c * height + y + i) * width + j;
                    for (long x = 0; x < ow; x++) row[y * ow + x] = source[x];
                }
            }
}

static void fold_plain(const float *cols, long row_stride, long channels, long height, long width, long kh, long kw,
                       float *image, int accumulate) {
    long oh = height - kh + 1, ow = width - kw + 1;
    if (!accumulate) for (long k = 0; k < channels * height * width; k++) image[k] = 0;
    for (long c = 0; c < channels; c++)
        for (long row = 0; row < height; row++) {
            float *target = image + (c * height + row) * width;
            for (long i = 0; i < kh; i++) {
                long y = row - i;
                if (y < 0 || y >= oh) continue;
                for (long j = 0; j < kw; j++) {
                    const float *source = cols + ((c * kh + i) * kw + j) * row_stride + y * ow;
                    for (long x = 0; x < ow; x++) target[x + j] += source[x];
                }
            }
        }
}

// MARK: - AVX-512

#ifdef WB_X86
/// Lanes first..<end of 16 (clamped to 0...16).
static inline __mmask16 lanes(long first, long end) {
    if (first < 0) first = 0;
    if (end > 16) end = 16;
    if (end <= first) return 0;
    return (__mmask16)(((1u << (end - first)) - 1) << first);
}

__attribute__((target("avx512f")))
static void unroll_avx512(const float *image, long channels, long height, long width, long kh, long kw,
                          float *cols, long row_stride) {
    long oh = height - kh + 1, ow = width - kw + 1;
    __mmask16 tail = lanes(0, ow % 16);
    long whole = ow - ow % 16;
    for (long c = 0; c < channels; c++)
        for (long i = 0; i < kh; i++)
            for (long j = 0; j < kw; j++) {
                float *row = cols + ((c * kh + i) * kw + j) * row_stride;
                for (long y = 0; y < oh; y++) {
                    const float *source = image + (c * height + y + i) * width + j;
                    float *target = row + y * ow;
                    for (long x = 0; x < whole; x += 16) _mm512_storeu_ps(target + x, _mm512_loadu_ps(source + x));
                    if (tail) _mm512_mask_storeu_ps(target + whole, tail, _mm512_maskz_loadu_ps(tail, source + whole));
                }
            }
}

__attribute__((target("avx512f")))
static void fold_avx512(const float *cols, long row_stride, long channels, long height, long width, long kh, long kw,
                        float *image, int accumulate) {
    long oh = height - kh + 1, ow = width - kw + 1;
    for (long c = 0; c < channels; c++)
        for (long row = 0; row < height; row++) {
            float *target = image + (c * height + row) * width;
            // Taps (i, j) reach image row `row` from output row y = row - i.
            long first_i = row - (oh - 1) > 0 ? row - (oh - 1) : 0, end_i = row + 1 < kh ? row + 1 : kh;
            for (long piece = 0; piece < width; piece += 16) {
                __mmask16 inside = lanes(0, width - piece);
                __m512 sum = accumulate ? _mm512_maskz_loadu_ps(inside, target + piece) : _mm512_setzero_ps();
                for (long i = first_i; i < end_i; i++) {
                    const float *tap_row = cols + (c * kh + i) * kw * row_stride + (row - i) * ow;
                    for (long j = 0; j < kw; j++) {
                        // Image column piece + l takes source x = piece + l - j, for 0 <= x < ow.
                        __mmask16 reached = lanes(j - piece, j - piece + ow);
                        if (!reached) continue;
                        const float *source = tap_row + j * row_stride + piece - j;
                        sum = _mm512_mask_add_ps(sum, reached, sum, _mm512_maskz_loadu_ps(reached, source));
                    }
                }
                _mm512_mask_storeu_ps(target + piece, inside, sum);
            }
        }
}
#endif

// MARK: - Entry points

void wb_unroll_windows(const float *image, long channels, long height, long width, long kh, long kw,
                       float *cols, long row_stride) {
#ifdef WB_X86
    if (wb_avx512_usable()) { unroll_avx512(image, channels, height, width, kh, kw, cols, row_stride); return; }
#endif
    unroll_plain(image, channels, height, width, kh, kw, cols, row_stride);
}

void wb_fold_windows(const float *cols, long row_stride, long channels, long height, long width, long kh, long kw,
                     float *image, int accumulate) {
#ifdef WB_X86
    if (wb_avx512_usable()) { fold_avx512(cols, row_stride, channels, height, width, kh, kw, image, accumulate); return; }
#endif
    fold_plain(cols, row_stride, channels, height, width, kh, kw, image, accumulate);
}
