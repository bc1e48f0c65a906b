// Element-wise kernels that Swift cannot vectorise well here: Swift code is compiled for the
// x86-64 baseline (SSE2), and `squareRoot()` of a SIMD vector becomes one libm call per lane.
// Each kernel has a plain C loop and, on CPUs with AVX2 (checked once at run time), an 8-wide
// version with the same operations in the same order and no fused multiply-add, so both give
// the same values, bit for bit (and the values of the Swift loops they replace).
#pragma STDC FP_CONTRACT OFF
#include "CBLAS.h"
#include <math.h>
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define WB_X86 1
#endif

// MARK: - Adam

static inline void adam_one(float *w, const float *g, float *m, float *v, long i, const struct wb_adam_settings *s) {
    float gradient = s->decoupled ? g[i] : g[i] + s->decay * w[i];
    m[i] = s->beta1 * m[i] + s->keep1 * gradient;
    v[i] = s->beta2 * v[i] + s->keep2 * gradient * gradient;
    float update = (m[i] / s->correction1) / (sqrtf(v[i] / s->correction2) + s->epsilon);
    w[i] = w[i] - s->rate * (s->decoupled ? update + s->decay * w[i] : update);
}

#ifdef WB_X86
__attribute__((target("avx2")))
static long adam_avx2(float *w, const float *g, float *m, float *v, long n, const struct wb_adam_settings *s) {
    const __m256 decay = _mm256_set1_ps(s->decay), beta1 = _mm256_set1_ps(s->beta1), beta2 = _mm256_set1_ps(s->beta2);
    const __m256 keep1 = _mm256_set1_ps(s->keep1), keep2 = _mm256_set1_ps(s->keep2);
    const __m256 c1 = _mm256_set1_ps(s->correction1), c2 = _mm256_set1_ps(s->correction2);
    const __m256 eps = _mm256_set1_ps(s->epsilon), rate = _mm256_set1_ps(s->rate);
    long i = 0;
    for (; i + 8 <= n; i += 8) {
        __m256 weight = _mm256_loadu_ps(w + i), grad = _mm256_loadu_ps(g + i);
        __m256 gradient = s->decoupled ? grad : _mm256_add_ps(grad, _mm256_mul_ps(decay, weight));
        __m256 moment = _mm256_add_ps(_mm256_mul_ps(beta1, _mm256_loadu_ps(m + i)), _mm256_mul_ps(keep1, gradient));
        __m256 square = _mm256_add_ps(_mm256_mul_ps(beta2, _mm256_loadu_ps(v + i)),
                                      _mm256_mul_ps(_mm256_mul_ps(keep2, gradient), gradient));
        _mm256_storeu_ps(m + i, moment);
        _mm256_storeu_ps(v + i, square);
        __m256 update = _mm256_div_ps(_mm256_div_ps(moment, c1),
                                      _mm256_add_ps(_mm256_sqrt_ps(_mm256_div_ps(square, c2)), eps));
        if (s->decoupled) update = _mm256_add_ps(update, _mm256_mul_ps(decay, weight));
        _mm256_storeu_ps(w + i, _mm256_sub_ps(weight, _mm256_mul_ps(rate, update)));
    }
    return i;
}
#endif

void wb_adam(float *w, const float *g, float *m, float *v, long n, const struct wb_adam_settings *s) {
    long i = 0;
#ifdef WB_X86
    if (wb_avx2_supported()) i = adam_avx2(w, g, m, v, n, s);
#endif
    for (; i < n; i++) adam_one(w, g, m, v, i, s);
}

// MARK: - Adagrad

#ifdef WB_X86
__attribute__((target("avx2")))
static long adagrad_avx2(float *w, const float *g, float *sum, long n, float rate, float epsilon, float decay) {
    const __m256 decays = _mm256_set1_ps(decay), rates = _mm256_set1_ps(rate), eps = _mm256_set1_ps(epsilon);
    long i = 0;
    for (; i + 8 <= n; i += 8) {
        __m256 weight = _mm256_loadu_ps(w + i);
        __m256 gradient = _mm256_add_ps(_mm256_loadu_ps(g + i), _mm256_mul_ps(decays, weight));
        __m256 total = _mm256_add_ps(_mm256_loadu_ps(sum + i), _mm256_mul_ps(gradient, gradient));
        _mm256_storeu_ps(sum + i, total);
        __m256 step = _mm256_div_ps(_mm256_mul_ps(rates, gradient), _mm256_add_ps(_mm256_sqrt_ps(total), eps));
        _mm256_storeu_ps(w + i, _mm256_sub_ps(weight, step));
    }
    return i;
}
#endif

void wb_adagrad(float *w, const float *g, float *sum, long n, float rate, float epsilon, float decay) {
    long i = 0;
#ifdef WB_X86
    if (wb_avx2_supported()) i = adagrad_avx2(w, g, sum, n, rate, epsilon, decay);
#endif
    for (; i < n; i++) {
        float gradient = g[i] + decay * w[i];
        sum[i] += gradient * gradient;
        w[i] = w[i] - rate * gradient / (sqrtf(sum[i]) + epsilon);
    }
}

// MARK: - Products with a mostly-zero matrix

void wb_sparse_index(const float *x, long rows, long columns, long *row_starts, long *column_of, float *row_values,
                     long *column_starts, long *row_of, float *column_values) {
    // Row by row: each value is written at the next free place, which moves on only past a nonzero.
    long count = 0;
    row_starts[0] = 0;
    for (long r = 0; r < rows; r++) {
        const float *row = x + r * columns;
        for (long k = 0; k < columns; k++) {
            column_of[count] = k;
            row_values[count] = row[k];
            count += row[k] != 0;
        }
        row_starts[r + 1] = count;
    }
    // Column by column: a counting sort of the row-by-row list, which keeps rows increasing.
    for (long k = 0; k <= columns; k++) column_starts[k] = 0;
    for (long p = 0; p < count; p++) column_starts[column_of[p] + 1]++;
    for (long k = 0; k < columns; k++) column_starts[k + 1] += column_starts[k];
    for (long r = 0; r < rows; r++) {
        for (long p = row_starts[r]; p < row_starts[r + 1]; p++) {
            long place = column_starts[column_of[p]]++;
            row_of[place] = r;
            column_values[place] = row_values[p];
        }
    }
    for (long k = columns; k > 0; k--) column_starts[k] = column_starts[k - 1];
    column_starts[0] = 0;
}

// z[i, j0..<j0 + 8·LANES] += Σ_p v_p b[index[p], same columns], the sums kept in registers.
#define SPMM_STRIP(LANES) do {                                                                   \
        __m256 sum[LANES];                                                                          \
        for (int q = 0; q < LANES; q++) sum[q] = _mm256_loadu_ps(zi + j0 + 8 * q);                 \
        for (long p = starts[i]; p < starts[i + 1]; p++) {                                          \
            const __m256 scale = _mm256_set1_ps(values[p]);                                         \
            const float *bp = b + index[p] * n + j0;                                                \
            for (int q = 0; q < LANES; q++)                                                         \
                sum[q] = _mm256_add_ps(sum[q], _mm256_mul_ps(scale, _mm256_loadu_ps(bp + 8 * q)));  \
        }                                                                                           \
        for (int q = 0; q < LANES; q++) _mm256_storeu_ps(zi + j0 + 8 * q, sum[q]);                 \
    } while (0)

#ifdef WB_X86
__attribute__((target("avx2")))
static void spmm_avx2(const long *starts, const long *index, const float *values, const float *b, long n,
                      float *z, long first, long end) {
    // Strips of 64 columns, each over all the rows: a strip of b (64 floats of each row) stays
    // in the cache while every row that needs it is summed.
    long j0 = 0;
    for (; j0 + 64 <= n; j0 += 64)
        for (long i = first; i < end; i++) { float *zi = z + i * n; SPMM_STRIP(8); }
    for (; j0 + 8 <= n; j0 += 8)
        for (long i = first; i < end; i++) { float *zi = z + i * n; SPMM_STRIP(1); }
    for (long i = first; i < end; i++)
        for (long p = starts[i]; p < starts[i + 1]; p++)
            for (long j = j0; j < n; j++) z[i * n + j] = z[i * n + j] + values[p] * b[index[p] * n + j];
}
#endif

void wb_spmm(const long *starts, const long *index, const float *values, const float *b, long n,
             float *z, long first, long end) {
#ifdef WB_X86
    if (wb_avx2_supported()) { spmm_avx2(starts, index, values, b, n, z, first, end); return; }
#endif
    for (long i = first; i < end; i++)
        for (long p = starts[i]; p < starts[i + 1]; p++)
            for (long j = 0; j < n; j++) z[i * n + j] = z[i * n + j] + values[p] * b[index[p] * n + j];
}

long wb_count_nonzero(const float *x, long n) {
    long count = 0;
    for (long i = 0; i < n; i++) count += x[i] != 0;
    return count;
}

// MARK: - Products read at a few entries only

// Σ_i a[i] b[i] in eight interleaved partial sums, added pairwise, then the tail in order. The
// AVX2 version does the same additions in the same order (no fused multiply-add).
static inline float dot_plain(const float *a, const float *b, long n) {
    float s[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    long i = 0;
    for (; i + 8 <= n; i += 8)
        for (int j = 0; j < 8; j++) s[j] = s[j] + a[i + j] * b[i + j];
    float total = ((s[0] + s[4]) + (s[2] + s[6])) + ((s[1] + s[5]) + (s[3] + s[7]));
    for (; i < n; i++) total = total + a[i] * b[i];
    return total;
}

#ifdef WB_X86
__attribute__((target("avx2")))
static float dot_avx2(const float *a, const float *b, long n) {
    __m256 sum = _mm256_setzero_ps();
    long i = 0;
    for (; i + 8 <= n; i += 8)
        sum = _mm256_add_ps(sum, _mm256_mul_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i)));
    // (s0 + s4, s1 + s5, s2 + s6, s3 + s7), then (. + s2s6, . + s3s7), then the two halves.
    __m128 half = _mm_add_ps(_mm256_castps256_ps128(sum), _mm256_extractf128_ps(sum, 1));
    __m128 quarter = _mm_add_ps(half, _mm_movehl_ps(half, half));
    float total = _mm_cvtss_f32(_mm_add_ss(quarter, _mm_shuffle_ps(quarter, quarter, 1)));
    for (; i < n; i++) total = total + a[i] * b[i];
    return total;
}
#endif

static float dot(const float *a, const float *b, long n) {
#ifdef WB_X86
    if (wb_avx2_supported()) return dot_avx2(a, b, n);
#endif
    return dot_plain(a, b, n);
}

void wb_sampled_dots(const float *x, long inputs, const float *wt, const long *column_starts, const long *by_column,
                     const long *entry_rows, long columns, const float *bias, float *out, long first, long end) {
    for (long c = 0; c < columns; c++) {
        for (long k = column_starts[c]; k < column_starts[c + 1]; k++) {
            long e = by_column[k], r = entry_rows[e];
            if (r < first || r >= end) continue;
            float value = dot(x + r * inputs, wt + c * inputs, inputs);
            out[e] = bias ? bias[c] + value : value;
        }
    }
}

#ifdef WB_X86
// b[0..8, 0..8] = a[0..8, 0..8]ᵀ (rows lda and ldb apart).
__attribute__((target("avx2")))
static void transpose8x8(const float *a, long lda, float *b, long ldb) {
    __m256 r[8], t[8], u[8];
    for (int i = 0; i < 8; i++) r[i] = _mm256_loadu_ps(a + i * lda);
    for (int i = 0; i < 8; i += 2) {
        t[i] = _mm256_unpacklo_ps(r[i], r[i + 1]);
        t[i + 1] = _mm256_unpackhi_ps(r[i], r[i + 1]);
    }
    for (int i = 0; i < 8; i += 4) {
        u[i] = _mm256_shuffle_ps(t[i], t[i + 2], _MM_SHUFFLE(1, 0, 1, 0));
        u[i + 1] = _mm256_shuffle_ps(t[i], t[i + 2], _MM_SHUFFLE(3, 2, 3, 2));
        u[i + 2] = _mm256_shuffle_ps(t[i + 1], t[i + 3], _MM_SHUFFLE(1, 0, 1, 0));
        u[i + 3] = _mm256_shuffle_ps(t[i + 1], t[i + 3], _MM_SHUFFLE(3, 2, 3, 2));
    }
    for (int i = 0; i < 4; i++) {
        _mm256_storeu_ps(b + i * ldb, _mm256_permute2f128_ps(u[i], u[i + 4], 0x20));
        _mm256_storeu_ps(b + (i + 4) * ldb, _mm256_permute2f128_ps(u[i], u[i + 4], 0x31));
    }
}
#endif

void wb_transpose(const float *a, long rows, long columns, float *b, long first, long end) {
    enum { TILE = 32 };
    for (long c0 = first; c0 < end; c0 += TILE) {
        long c1 = c0 + TILE < end ? c0 + TILE : end;
        for (long r0 = 0; r0 < rows; r0 += TILE) {
            long r1 = r0 + TILE < rows ? r0 + TILE : rows;
            long c = c0;
#ifdef WB_X86
            if (wb_avx2_supported() && r1 - r0 == TILE) {
                for (; c + 8 <= c1; c += 8)
                    for (long r = r0; r < r1; r += 8) transpose8x8(a + r * columns + c, columns, b + c * rows + r, rows);
            }
#endif
            for (; c < c1; c++)
                for (long r = r0; r < r1; r++) b[c * rows + r] = a[r * columns + c];
        }
    }
}

// MARK: - Softmax of wide rows

// e^x for x <= 0 (Cephes' expf: x = n ln 2 + r, |r| <= ln 2 / 2, e^r by a degree-7 polynomial,
// then times 2^n), in eight lanes. Relative error about 1e-7; x below -87.3 gives about 1e-38.
// The plain version does the same operations in the same order (no fused multiply-add).
static const float EXP_C1 = 0.693359375f, EXP_C2 = -2.12194440e-4f, EXP_LOG2E = 1.44269504088896341f;
static const float EXP_P[6] = {1.9875691500e-4f, 1.3981999507e-3f, 8.3334519073e-3f,
                               4.1665795894e-2f, 1.6666665459e-1f, 5.0000001201e-1f};

static inline float exp_negative_plain(float x) {
    if (x < -87.3f) x = -87.3f;
    float n = floorf(x * EXP_LOG2E + 0.5f);
    float r = x - n * EXP_C1;
    r = r - n * EXP_C2;
    float p = EXP_P[0];
    for (int i = 1; i < 6; i++) p = p * r + EXP_P[i];
    p = p * (r * r) + r;
    p = p + 1.0f;
    union { int i; float f; } scale = { .i = ((int)n + 127) << 23 };
    return p * scale.f;
}

#ifdef WB_X86
__attribute__((target("avx2")))
static inline __m256 exp_negative_avx2(__m256 x) {
    x = _mm256_max_ps(_mm256_set1_ps(-87.3f), x);  // a NaN in x stays (max returns its second operand)
    __m256 n = _mm256_floor_ps(_mm256_add_ps(_mm256_mul_ps(x, _mm256_set1_ps(EXP_LOG2E)), _mm256_set1_ps(0.5f)));
    __m256 r = _mm256_sub_ps(x, _mm256_mul_ps(n, _mm256_set1_ps(EXP_C1)));
    r = _mm256_sub_ps(r, _mm256_mul_ps(n, _mm256_set1_ps(EXP_C2)));
    __m256 p = _mm256_set1_ps(EXP_P[0]);
    for (int i = 1; i < 6; i++) p = _mm256_add_ps(_mm256_mul_ps(p, r), _mm256_set1_ps(EXP_P[i]));
    p = _mm256_add_ps(_mm256_mul_ps(p, _mm256_mul_ps(r, r)), r);
    p = _mm256_add_ps(p, _mm256_set1_ps(1.0f));
    __m256i scale = _mm256_slli_epi32(_mm256_add_epi32(_mm256_cvtps_epi32(n), _mm256_set1_epi32(127)), 23);
    return _mm256_mul_ps(p, _mm256_castsi256_ps(scale));
}

__attribute__((target("avx2")))
static void softmax_row_avx2(const float *x, float *y, long width) {
    long blocks = width / 8 * 8;
    __m256 top8 = _mm256_set1_ps(-INFINITY);
    for (long i = 0; i < blocks; i += 8) top8 = _mm256_max_ps(top8, _mm256_loadu_ps(x + i));
    float lanes[8];
    _mm256_storeu_ps(lanes, top8);
    float top = -INFINITY;
    for (int j = 0; j < 8; j++) top = lanes[j] > top ? lanes[j] : top;
    for (long i = blocks; i < width; i++) top = x[i] > top ? x[i] : top;
    __m256 shift = _mm256_set1_ps(top), sum8 = _mm256_setzero_ps();
    for (long i = 0; i < blocks; i += 8) {
        __m256 e = exp_negative_avx2(_mm256_sub_ps(_mm256_loadu_ps(x + i), shift));
        _mm256_storeu_ps(y + i, e);
        sum8 = _mm256_add_ps(sum8, e);
    }
    _mm256_storeu_ps(lanes, sum8);
    float total = ((lanes[0] + lanes[4]) + (lanes[2] + lanes[6])) + ((lanes[1] + lanes[5]) + (lanes[3] + lanes[7]));
    for (long i = blocks; i < width; i++) {
        y[i] = exp_negative_plain(x[i] - top);
        total = total + y[i];
    }
    __m256 scale = _mm256_set1_ps(1.0f / total);
    for (long i = 0; i < blocks; i += 8) _mm256_storeu_ps(y + i, _mm256_mul_ps(_mm256_loadu_ps(y + i), scale));
    for (long i = blocks; i < width; i++) y[i] = y[i] * (1.0f / total);
}
#endif

static void softmax_row_plain(const float *x, float *y, long width) {
    long blocks = width / 8 * 8;
    float top = -INFINITY;
    for (long i = 0; i < width; i++) top = x[i] > top ? x[i] : top;
    float sums[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    for (long i = 0; i < blocks; i++) {
        y[i] = exp_negative_plain(x[i] - top);
        sums[i % 8] = sums[i % 8] + y[i];
    }
    float total = ((sums[0] + sums[4]) + (sums[2] + sums[6])) + ((sums[1] + sums[5]) + (sums[3] + sums[7]));
    for (long i = blocks; i < width; i++) {
        y[i] = exp_negative_plain(x[i] - top);
        total = total + y[i];
    }
    float scale = 1.0f / total;
    for (long i = 0; i < width; i++) y[i] = y[i] * scale;
}

void wb_softmax_rows(const float *x, float *y, long first, long end, long width) {
    for (long r = first; r < end; r++) {
#ifdef WB_X86
        if (wb_avx2_supported()) { softmax_row_avx2(x + r * width, y + r * width, width); continue; }
#endif
        softmax_row_plain(x + r * width, y + r * width, width);
    }
}
