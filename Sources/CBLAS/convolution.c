// A direct stride-1 convolution of one image without padding (conv2d frames a padded image in
// zeros first), with AVX-512:
//
//     out[o, y, x] = b[o] + Σ_{c, i, j} w[o, c, i, j] · image[c, y + i, x + j]
//
// Each output is one chain of fused multiply-adds from zero over the taps (c, i, j) in order,
// then the bias is added: the sum OpenBLAS's SkylakeX kernels compute for the unrolled product
// W · cols when the patch is short enough to be one block of the product (conv2d uses this
// kernel for single-channel inputs, whose patches are 9 to 81 taps; tests compare the two).
// Sixteen output positions of a row sit in one register, and a block of up to 12 filters shares
// each load of the image. No unrolled columns are written, where one channel's columns
// are KH·KW times the image.
#include "CBLAS.h"
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

/// Outputs o0..<o0+BLOCK for one image: wt is the weight transposed, [patch, outputs].
#define DIRECT_BLOCK(BLOCK)                                                                                       \
__attribute__((target("avx512f")))                                                                                \
static void direct_block_##BLOCK(const float *image, long channels, long height, long width, long kh, long kw,   \
                                 const float *wt, long outputs, long o0, const float *bias, float *out) {        \
    long oh = height - kh + 1, ow = width - kw + 1, plane = oh * ow;                                            \
    for (long y = 0; y < oh; y++) {                                                                              \
        for (long x0 = 0; x0 < ow; x0 += 16) {                                                                   \
            long left = ow - x0 < 16 ? ow - x0 : 16;                                                             \
            __mmask16 mask = (__mmask16)(left == 16 ? 0xffff : (1u << left) - 1);                                \
            __m512 sum[BLOCK];                                                                                   \
            for (int t = 0; t < BLOCK; t++) sum[t] = _mm512_setzero_ps();                                        \
            const float *tap = wt + o0;                                                                          \
            for (long c = 0; c < channels; c++)                                                                  \
                for (long i = 0; i < kh; i++) {                                                                  \
                    const float *row = image + (c * height + y + i) * width + x0;                               \
                    for (long j = 0; j < kw; j++, tap += outputs) {                                              \
                        __m512 v = _mm512_maskz_loadu_ps(mask, row + j);                                         \
                        for (int t = 0; t < BLOCK; t++) sum[t] = _mm512_fmadd_ps(_mm512_set1_ps(tap[t]), v, sum[t]); \
                    }                                                                                            \
                }                                                                                                \
            for (int t = 0; t < BLOCK; t++) {                                                                    \
                __m512 value = bias ? _mm512_add_ps(sum[t], _mm512_set1_ps(bias[o0 + t])) : sum[t];              \
                _mm512_mask_storeu_ps(out + (o0 + t) * plane + y * ow + x0, mask, value);                        \
            }                                                                                                    \
        }                                                                                                        \
    }                                                                                                            \
}

DIRECT_BLOCK(1) DIRECT_BLOCK(2) DIRECT_BLOCK(3) DIRECT_BLOCK(4) DIRECT_BLOCK(5) DIRECT_BLOCK(6)
DIRECT_BLOCK(7) DIRECT_BLOCK(8) DIRECT_BLOCK(9) DIRECT_BLOCK(10) DIRECT_BLOCK(11) DIRECT_BLOCK(12)

typedef void (*direct_kernel)(const float *, long, long, long, long, long, const float *, long, long, const float *, float *);
static const direct_kernel kernels[13] = {
    0, direct_block_1, direct_block_2, direct_block_3, direct_block_4, direct_block_5, direct_block_6,
    direct_block_7, direct_block_8, direct_block_9, direct_block_10, direct_block_11, direct_block_12,
};
#endif

int wb_convolve_direct(const float *image, long channels, long height, long width, long kh, long kw,
                       const float *wt, long outputs, const float *bias, float *out) {
#if defined(__x86_64__) || defined(__i386__)
    if (!wb_avx512_supported()) return 0;
    // Blocks of at most 12 filters, as equal as possible: a block of fewer than 8 leaves its few
    // chains of dependent FMAs waiting on each other (10 filters as 8 + 2 took a third longer).
    long blocks = (outputs + 11) / 12;
    for (long block = 0, o0 = 0; block < blocks; block++) {
        long size = (outputs - o0) / (blocks - block);
        kernels[size](image, channels, height, width, kh, kw, wt, outputs, o0, bias, out);
        o0 += size;
    }
    return 1;
#else
    (void)image; (void)channels; (void)height; (void)width; (void)kh; (void)kw; (void)wt; (void)outputs; (void)bias; (void)out;
    return 0;
#endif
}
