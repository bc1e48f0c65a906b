// The backward pass of a stride-1 convolution without padding followed by 2x2 max pooling
// (conv2dMaxPooled), for one group of images, from the pooled gradient and the tiles' winners.
//
// Only a tile's winner receives gradient, so three quarters (or more, where an odd last row and
// column belong to no tile) of the convolution's output gradient are zeros. The unrolled path
// unpools them into a full-size gradient and multiplies it out:
//
//     dW += dout · colsᵀ        db += row sums of dout        dx = col2im(Wᵀ · dout)
//
// Here the zeros are skipped, and each sum keeps the order of the unrolled path's, so the values
// are the same bit for bit (a product with a zero adds nothing to a sum that starts from +0 and so
// is never -0; tests compare the two paths):
//
// - dW: OpenBLAS's SkylakeX kernel computes each value of dout · colsᵀ as one chain of fused
//   multiply-adds from zero over the group's columns in order, then adds it to dW, while the
//   columns fit one block of its product (at most 320) and the product is too large for its
//   small-matrix kernel (the caller checks both). Here each filter's chain runs over its winners
//   in column order, reading each winner's window from a transposed unrolling (a window's taps
//   side by side). Sixteen taps share a register, and up to eight registers share each winner.
// - db: LaneSums.sum of each row of dout: eight running totals by column mod 8, added in a fixed
//   tree, then the tail after the last whole eight, in order.
// - dx: each value of Wᵀ · dout is one chain of fused multiply-adds from zero over the filters in
//   order (OpenBLAS, the same kernel), and col2im (wb_fold_windows) adds each pixel's terms in tap
//   order (i, j), from zero. Here each output position's column is that chain over the filters that
//   won there, and the columns are added into the image from the last position to the first, which
//   is tap order for every pixel; positions no filter won add nothing.
#include "CBLAS.h"
#include <string.h>
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

static inline __mmask16 first_lanes(long count) {
    return (__mmask16)(count >= 16 ? 0xffff : (count <= 0 ? 0 : (1u << count) - 1));
}

/// target[first ..< first + 16·V] (the last register `last` lanes wide) gets
/// Σ_e value[e] · source[index[e]·patch + first ...] over the entries in order, each sum one chain
/// of fused multiply-adds from zero: added to it (ADDS 1: a filter's weight gradient, from its
/// winners' windows) or stored (ADDS 0: a position's input-gradient column, from the rows of the
/// filters that won there).
#define CHAIN_BLOCK(V, ADDS)                                                                                        \
__attribute__((target("avx512f")))                                                                                 \
static void chain_block_##V##_##ADDS(const int32_t *index, const float *value, long entries, const float *source,   \
                                     long patch, long first, __mmask16 last, float *target) {                      \
    __m512 sum[V];                                                                                                  \
    for (int v = 0; v < V; v++) sum[v] = _mm512_setzero_ps();                                                       \
    for (long e = 0; e < entries; e++) {                                                                            \
        __m512 g = _mm512_set1_ps(value[e]);                                                                        \
        const float *row = source + (long)index[e] * patch + first;                                                \
        for (int v = 0; v < V - 1; v++) sum[v] = _mm512_fmadd_ps(g, _mm512_loadu_ps(row + 16 * v), sum[v]);       \
        sum[V - 1] = _mm512_fmadd_ps(g, _mm512_maskz_loadu_ps(last, row + 16 * (V - 1)), sum[V - 1]);             \
    }                                                                                                               \
    float *out = target + first;                                                                                    \
    for (int v = 0; v < V; v++) {                                                                                   \
        __mmask16 m = v == V - 1 ? last : 0xffff;                                                                   \
        __m512 total = ADDS ? _mm512_add_ps(_mm512_maskz_loadu_ps(m, out + 16 * v), sum[v]) : sum[v];             \
        _mm512_mask_storeu_ps(out + 16 * v, m, total);                                                              \
    }                                                                                                               \
}

#define CHAIN_BLOCKS(ADDS) CHAIN_BLOCK(1, ADDS) CHAIN_BLOCK(2, ADDS) CHAIN_BLOCK(3, ADDS) CHAIN_BLOCK(4, ADDS) \
                           CHAIN_BLOCK(5, ADDS) CHAIN_BLOCK(6, ADDS) CHAIN_BLOCK(7, ADDS) CHAIN_BLOCK(8, ADDS)
CHAIN_BLOCKS(0) CHAIN_BLOCKS(1)

typedef void (*block_kernel)(const int32_t *, const float *, long, const float *, long, long, __mmask16, float *);
static const block_kernel weight_blocks[9] = {
    0, chain_block_1_1, chain_block_2_1, chain_block_3_1, chain_block_4_1, chain_block_5_1, chain_block_6_1, chain_block_7_1,
    chain_block_8_1,
};
static const block_kernel input_blocks[9] = {
    0, chain_block_1_0, chain_block_2_0, chain_block_3_0, chain_block_4_0, chain_block_5_0, chain_block_6_0, chain_block_7_0,
    chain_block_8_0,
};

/// Runs `kernels` over the patch in blocks of up to eight registers (128 taps).
static void over_patch(const block_kernel *kernels, const int32_t *index, const float *value, long entries,
                       const float *source, long patch, float *target) {
    for (long first = 0; first < patch; first += 128) {
        long taps = patch - first < 128 ? patch - first : 128;
        long registers = (taps + 15) / 16;
        kernels[registers](index, value, entries, source, patch, first, first_lanes(taps - 16 * (registers - 1)), target);
    }
}

/// The windows at positions (y, x) of the pooled region of one image, each window's taps side by
/// side: cols[(base + y·ow + x)·patch + (c·kh + i)·kw + j] = image[c, y + i, x + j]. Each run of
/// kw taps is stored as 8 or 16 values, the rest overwritten by the next run (or, after a window's
/// last, by the next window, in the 16 floats of room after cols or in a window never read).
__attribute__((target("avx512f")))
static void unroll_transposed(const float *image, const struct wb_pooled_convolution *shape, long base, float *cols) {
    long kh = shape->kernel_height, kw = shape->kernel_width, height = shape->height, width = shape->width;
    long ow = width - kw + 1, oh = height - kh + 1, patch = shape->channels * kh * kw;
    __mmask16 run = first_lanes(kw);
    for (long y = 0; y < oh / 2 * 2; y++)
        for (long x = 0; x < ow / 2 * 2; x++) {
            float *window = cols + (base + y * ow + x) * patch;
            for (long c = 0; c < shape->channels; c++) {
                const float *source = image + (c * height + y) * width + x;
                // Runs of up to 8 taps stored as 8 values: fewer stores cross a cache line.
                if (kw <= 8)
                    for (long i = 0; i < kh; i++, window += kw)
                        _mm256_storeu_ps(window, _mm512_castps512_ps256(_mm512_maskz_loadu_ps(run, source + i * width)));
                else
                    for (long i = 0; i < kh; i++, window += kw)
                        _mm512_storeu_ps(window, _mm512_maskz_loadu_ps(run, source + i * width));
            }
        }
}

/// Adds the columns of output row y (columns[x·patch ...], for the positions x with a winner)
/// into the image, from the last position to the first: a piece of 16 values of an image row sits
/// in a register while every position adds its run (tap order j for each pixel), as in
/// wb_fold_windows, four image rows at a time so that their additions overlap.
__attribute__((target("avx512f")))
static void add_row(const float *columns, const int32_t *won_count, const struct wb_pooled_convolution *shape, long y, float *image) {
    long kh = shape->kernel_height, kw = shape->kernel_width, height = shape->height, width = shape->width;
    long ow = width - kw + 1, patch = shape->channels * kh * kw, rows = shape->channels * kh;
    long offset[ow];
    __mmask16 reached[ow];
    for (long piece = 0; piece < width; piece += 16) {
        // The positions whose runs reach this piece, the last first: image column piece + l takes
        // tap j = piece + l - x of position x, for 0 <= j < kw.
        long count = 0;
        for (long x = ow / 2 * 2 - 1; x >= 0; x--) {
            long from = x - piece, to = x - piece + kw;
            if (!won_count[y * ow + x] || to <= 0 || from >= 16) continue;
            reached[count] = (__mmask16)(first_lanes(to) & ~first_lanes(from));
            offset[count++] = x * patch + piece - x;
        }
        __mmask16 inside = first_lanes(width - piece);
        long r = 0;
        for (; r + 4 <= rows; r += 4) {
            float *t0 = image + ((r / kh) * height + y + r % kh) * width + piece;
            float *t1 = image + (((r + 1) / kh) * height + y + (r + 1) % kh) * width + piece;
            float *t2 = image + (((r + 2) / kh) * height + y + (r + 2) % kh) * width + piece;
            float *t3 = image + (((r + 3) / kh) * height + y + (r + 3) % kh) * width + piece;
            const float *run = columns + r * kw;
            __m512 s0 = _mm512_maskz_loadu_ps(inside, t0), s1 = _mm512_maskz_loadu_ps(inside, t1);
            __m512 s2 = _mm512_maskz_loadu_ps(inside, t2), s3 = _mm512_maskz_loadu_ps(inside, t3);
            for (long n = 0; n < count; n++) {
                const float *source = run + offset[n];
                __mmask16 m = reached[n];
                s0 = _mm512_mask_add_ps(s0, m, s0, _mm512_maskz_loadu_ps(m, source));
                s1 = _mm512_mask_add_ps(s1, m, s1, _mm512_maskz_loadu_ps(m, source + kw));
                s2 = _mm512_mask_add_ps(s2, m, s2, _mm512_maskz_loadu_ps(m, source + 2 * kw));
                s3 = _mm512_mask_add_ps(s3, m, s3, _mm512_maskz_loadu_ps(m, source + 3 * kw));
            }
            _mm512_mask_storeu_ps(t0, inside, s0); _mm512_mask_storeu_ps(t1, inside, s1);
            _mm512_mask_storeu_ps(t2, inside, s2); _mm512_mask_storeu_ps(t3, inside, s3);
        }
        for (; r < rows; r++) {
            float *target = image + ((r / kh) * height + y + r % kh) * width + piece;
            const float *run = columns + r * kw;
            __m512 sum = _mm512_maskz_loadu_ps(inside, target);
            for (long n = 0; n < count; n++)
                sum = _mm512_mask_add_ps(sum, reached[n], sum, _mm512_maskz_loadu_ps(reached[n], run + offset[n]));
            _mm512_mask_storeu_ps(target, inside, sum);
        }
    }
}
#endif

long wb_pooled_backward_scratch(const struct wb_pooled_convolution *shape, long count) {
    long oh = shape->height - shape->kernel_height + 1, ow = shape->width - shape->kernel_width + 1, plane = oh * ow;
    long patch = shape->channels * shape->kernel_height * shape->kernel_width;
    long tiles = (oh / 2) * (ow / 2);
    return count * plane * patch + 16             // transposed windows, and room for a last run
         + 2 * (count * tiles + 1)                // a filter's winners: column, value
         + plane + 2 * plane * shape->outputs     // each position's winning filters: count; filter, value
         + ow * patch;                            // one output row's columns
}

int wb_pooled_convolution_backward(const struct wb_pooled_convolution *shape, long count, const float *gradient,
                                   const int32_t *winners, const float *images, const float *weight, float *dw, float *db,
                                   float *dx, float *scratch) {
#if defined(__x86_64__) || defined(__i386__)
    if (!wb_avx512_usable() || shape->kernel_width > 16) return 0;
    long channels = shape->channels, height = shape->height, width = shape->width, outputs = shape->outputs;
    long kh = shape->kernel_height, kw = shape->kernel_width;
    long oh = height - kh + 1, ow = width - kw + 1, plane = oh * ow, ph = oh / 2, pw = ow / 2, tiles = ph * pw;
    long patch = channels * kh * kw, image_size = channels * height * width, columns = count * plane;
    float *cols = scratch;
    int32_t *column_of = (int32_t *)(cols + columns * patch + 16);
    float *value_of = (float *)(column_of + count * tiles + 1);
    int32_t *won_count = (int32_t *)(value_of + count * tiles + 1);
    int32_t *won_filter = won_count + plane;
    float *won_value = (float *)(won_filter + plane * outputs);
    float *row_columns = won_value + plane * outputs;

    // The arithmetic done (bench train's GFLOP/s): each winner's window or filter, once per product.
    wb_flops_add(2LL * patch * count * outputs * tiles * ((dw != NULL) + (dx != NULL)));

    // Each filter's winners in column order (image, then row, then column), with 0 + g, and db.
    long whole = columns - columns % 8;
    int32_t *index = column_of;
    float *value = value_of;
    for (long o = 0; o < outputs; o++) {
        long entries = 0;
        for (long k = 0; k < count; k++) {
            long at = (k * outputs + o) * tiles;
            for (long r = 0; r < ph; r++)
                for (long half = 0; half < 2; half++) {
                    long row_end = (o * oh + 2 * r + half + 1) * ow;
                    // Every tile written, and kept where its winner is in this row (no branch to
                    // mispredict; one entry of room after the last).
                    for (long t = at + r * pw; t < at + (r + 1) * pw; t++) {
                        long won = winners[t];
                        index[entries] = (int32_t)(k * plane + won - o * plane);
                        value[entries] = 0.0f + gradient[t];
                        entries += won < row_end && won >= row_end - ow;
                    }
                }
        }
        float eight[8] = {0, 0, 0, 0, 0, 0, 0, 0};
        long e = 0;
        for (; e < entries && index[e] < whole; e++) eight[index[e] & 7] += value[e];
        float total = ((eight[0] + eight[1]) + (eight[2] + eight[3])) + ((eight[4] + eight[5]) + (eight[6] + eight[7]));
        for (; e < entries; e++) total += value[e];
        db[o] += total;
        if (dw) {
            if (o == 0)
                for (long k = 0; k < count; k++) unroll_transposed(images + k * image_size, shape, k * plane, cols);
            over_patch(weight_blocks, index, value, entries, cols, patch, dw + o * patch);
        }
    }
    if (!dx) return 1;
    // dx, image by image: each position's winning filters in filter order, then the positions'
    // columns added from the last position to the first.
    for (long k = 0; k < count; k++) {
        float *image = dx + k * image_size;
        memset(image, 0, sizeof(float) * image_size);
        memset(won_count, 0, sizeof(int32_t) * plane);
        for (long o = 0; o < outputs; o++) {
            long at = (k * outputs + o) * tiles;
            for (long t = at; t < at + tiles; t++) {
                long position = winners[t] - o * plane, slot = position * outputs + won_count[position]++;
                won_filter[slot] = (int32_t)o;
                won_value[slot] = 0.0f + gradient[t];
            }
        }
        for (long y = oh / 2 * 2 - 1; y >= 0; y--) {
            for (long position = y * ow; position < y * ow + ow / 2 * 2; position++)
                if (won_count[position])
                    over_patch(input_blocks, won_filter + position * outputs, won_value + position * outputs,
                               won_count[position], weight, patch, row_columns + (position - y * ow) * patch);
            add_row(row_columns, won_count, shape, y, image);
        }
    }
    return 1;
#else
    (void)shape; (void)count; (void)gradient; (void)winners; (void)images; (void)weight; (void)dw; (void)db; (void)dx; (void)scratch;
    return 0;
#endif
}
