// 2x2 max pooling with stride 2 (Tensor.maxPoolTiles(2)): each output is the largest of its
// tile's four inputs, read in the order top-left, top-right, bottom-left, bottom-right, a later
// one winning only when strictly greater (so the first of equal values wins, and a NaN in the
// top-left corner stays), with the input offset of the winner kept for the backward pass. The
// AVX-512 path makes the same comparisons, sixteen tiles at a time: the same values and winners.
// The gradient goes to each tile's winner (0 + g, as if added to zeros) and 0 to the other three,
// every input written once, so the gradient buffer needs no zeroing first.
#include "CBLAS.h"
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define WB_X86 1
#endif

static void pool_row_plain(const float *x, long top, long width, long out_width, float *y, int32_t *winners) {
    for (long j = 0; j < out_width; j++) {
        long a = top + 2 * j, b = a + 1, c = a + width, d = c + 1;
        float best = x[a];
        long winner = a;
        if (x[b] > best) { best = x[b]; winner = b; }
        if (x[c] > best) { best = x[c]; winner = c; }
        if (x[d] > best) { best = x[d]; winner = d; }
        y[j] = best;
        winners[j] = (int32_t)winner;
    }
}

#ifdef WB_X86
__attribute__((target("avx512f")))
static void pool_row_avx512(const float *x, long top, long width, long out_width, float *y, int32_t *winners) {
    const __m512i even = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
    const __m512i odd = _mm512_setr_epi32(1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31);
    const __m512i twice_lane = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
    for (long j = 0; j < out_width; j += 16) {
        long left = out_width - j < 16 ? out_width - j : 16;      // tiles in this block
        long values = 2 * left;                                    // inputs per row
        __mmask16 low = (__mmask16)(values >= 16 ? 0xffff : (1u << values) - 1);
        __mmask16 high = (__mmask16)(values <= 16 ? 0 : (values >= 32 ? 0xffff : (1u << (values - 16)) - 1));
        __mmask16 out = (__mmask16)(left == 16 ? 0xffff : (1u << left) - 1);
        const float *upper = x + top + 2 * j, *lower = upper + width;
        __m512 u0 = _mm512_maskz_loadu_ps(low, upper), u1 = _mm512_maskz_loadu_ps(high, upper + 16);
        __m512 l0 = _mm512_maskz_loadu_ps(low, lower), l1 = _mm512_maskz_loadu_ps(high, lower + 16);
        __m512 a = _mm512_permutex2var_ps(u0, even, u1), b = _mm512_permutex2var_ps(u0, odd, u1);
        __m512 c = _mm512_permutex2var_ps(l0, even, l1), d = _mm512_permutex2var_ps(l0, odd, l1);
        __m512i at = _mm512_add_epi32(_mm512_set1_epi32((int32_t)(top + 2 * j)), twice_lane);
        __m512 best = a;
        __m512i winner = at;
        __mmask16 greater = _mm512_cmp_ps_mask(b, best, _CMP_GT_OQ);
        best = _mm512_mask_mov_ps(best, greater, b);
        winner = _mm512_mask_mov_epi32(winner, greater, _mm512_add_epi32(at, _mm512_set1_epi32(1)));
        greater = _mm512_cmp_ps_mask(c, best, _CMP_GT_OQ);
        best = _mm512_mask_mov_ps(best, greater, c);
        winner = _mm512_mask_mov_epi32(winner, greater, _mm512_add_epi32(at, _mm512_set1_epi32((int32_t)width)));
        greater = _mm512_cmp_ps_mask(d, best, _CMP_GT_OQ);
        best = _mm512_mask_mov_ps(best, greater, d);
        winner = _mm512_mask_mov_epi32(winner, greater, _mm512_add_epi32(at, _mm512_set1_epi32((int32_t)width + 1)));
        _mm512_mask_storeu_ps(y + j, out, best);
        _mm512_mask_storeu_epi32(winners + j, out, winner);
    }
}
#endif

static void unpool_row_plain(const float *g, const int32_t *winners, long top, long width, long out_width, float *dx) {
    for (long j = 0; j < out_width; j++) {
        long a = top + 2 * j;
        dx[a] = dx[a + 1] = dx[a + width] = dx[a + width + 1] = 0;
    }
    for (long j = 0; j < out_width; j++) dx[winners[j]] += g[j];
}

#ifdef WB_X86
__attribute__((target("avx512f")))
static void unpool_row_avx512(const float *g, const int32_t *winners, long top, long width, long out_width, float *dx) {
    // Lanes 0-15 of the two halves of a row pair, interleaved back: tile j's left and right inputs.
    const __m512i low = _mm512_setr_epi32(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
    const __m512i high = _mm512_setr_epi32(8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
    const __m512i twice_lane = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
    for (long j = 0; j < out_width; j += 16) {
        long left = out_width - j < 16 ? out_width - j : 16, values = 2 * left;
        __mmask16 out = (__mmask16)(left == 16 ? 0xffff : (1u << left) - 1);
        __mmask16 first = (__mmask16)(values >= 16 ? 0xffff : (1u << values) - 1);
        __mmask16 second = (__mmask16)(values <= 16 ? 0 : (values >= 32 ? 0xffff : (1u << (values - 16)) - 1));
        // 0 + g, as the zeroed gradient plus the winner's share (so -0 becomes +0, as before).
        __m512 share = _mm512_add_ps(_mm512_setzero_ps(), _mm512_maskz_loadu_ps(out, g + j));
        __m512i at = _mm512_add_epi32(_mm512_set1_epi32((int32_t)(top + 2 * j)), twice_lane);
        __m512i won = _mm512_maskz_loadu_epi32(out, winners + j);
        __m512 a = _mm512_maskz_mov_ps(_mm512_cmpeq_epi32_mask(won, at), share);
        __m512 b = _mm512_maskz_mov_ps(_mm512_cmpeq_epi32_mask(won, _mm512_add_epi32(at, _mm512_set1_epi32(1))), share);
        __m512 c = _mm512_maskz_mov_ps(_mm512_cmpeq_epi32_mask(won, _mm512_add_epi32(at, _mm512_set1_epi32((int32_t)width))), share);
        __m512 d = _mm512_maskz_mov_ps(_mm512_cmpeq_epi32_mask(won, _mm512_add_epi32(at, _mm512_set1_epi32((int32_t)width + 1))), share);
        float *upper = dx + top + 2 * j, *lower = upper + width;
        _mm512_mask_storeu_ps(upper, first, _mm512_permutex2var_ps(a, low, b));
        _mm512_mask_storeu_ps(upper + 16, second, _mm512_permutex2var_ps(a, high, b));
        _mm512_mask_storeu_ps(lower, first, _mm512_permutex2var_ps(c, low, d));
        _mm512_mask_storeu_ps(lower + 16, second, _mm512_permutex2var_ps(c, high, d));
    }
}
#endif

void wb_max_unpool_2x2(const float *g, const int32_t *winners, long height, long width, float *dx, long first_plane,
                       long end_plane) {
    long out_height = height / 2, out_width = width / 2;
    int vectors = wb_avx512_usable();
    for (long plane = first_plane; plane < end_plane; plane++) {
        float *base = dx + plane * height * width;
        // The last row and column of an odd size belong to no tile.
        if (height % 2) for (long x = 0; x < width; x++) base[(height - 1) * width + x] = 0;
        if (width % 2) for (long y = 0; y < 2 * out_height; y++) base[y * width + width - 1] = 0;
        for (long i = 0; i < out_height; i++) {
            long top = plane * height * width + 2 * i * width;
            long source = (plane * out_height + i) * out_width;
#ifdef WB_X86
            if (vectors) { unpool_row_avx512(g + source, winners + source, top, width, out_width, dx); continue; }
#endif
            unpool_row_plain(g + source, winners + source, top, width, out_width, dx);
        }
    }
    (void)vectors;
}

void wb_max_pool_2x2(const float *x, long height, long width, float *y, int32_t *winners, long first_plane, long end_plane) {
    long out_height = height / 2, out_width = width / 2;
    int vectors = wb_avx512_usable();
    for (long plane = first_plane; plane < end_plane; plane++) {
        for (long i = 0; i < out_height; i++) {
            long top = plane * height * width + 2 * i * width;
            long target = (plane * out_height + i) * out_width;
#ifdef WB_X86
            if (vectors) { pool_row_avx512(x, top, width, out_width, y + target, winners + target); continue; }
#endif
            pool_row_plain(x, top, width, out_width, y + target, winners + target);
        }
    }
    (void)vectors;
}
