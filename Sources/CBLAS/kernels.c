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

static int has_avx2(void) {
#ifdef WB_X86
    static int cached = -1;
    if (cached < 0) {
        __builtin_cpu_init();
        cached = __builtin_cpu_supports("avx2") ? 1 : 0;
    }
    return cached;
#else
    return 0;
#endif
}

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
    if (has_avx2()) i = adam_avx2(w, g, m, v, n, s);
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
    if (has_avx2()) i = adagrad_avx2(w, g, sum, n, rate, epsilon, decay);
#endif
    for (; i < n; i++) {
        float gradient = g[i] + decay * w[i];
        sum[i] += gradient * gradient;
        w[i] = w[i] - rate * gradient / (sqrtf(sum[i]) + epsilon);
    }
}

// MARK: - Products with a mostly-zero left matrix

// y[j] += a * w[j] for j in 0..<n (a row of an affine map).
static inline void axpy_plain(float *y, float a, const float *w, long n) {
    for (long j = 0; j < n; j++) y[j] = y[j] + a * w[j];
}

#ifdef WB_X86
__attribute__((target("avx2")))
static void axpy_avx2(float *y, float a, const float *w, long n) {
    const __m256 scale = _mm256_set1_ps(a);
    long j = 0;
    for (; j + 8 <= n; j += 8)
        _mm256_storeu_ps(y + j, _mm256_add_ps(_mm256_loadu_ps(y + j), _mm256_mul_ps(scale, _mm256_loadu_ps(w + j))));
    for (; j < n; j++) y[j] = y[j] + a * w[j];
}
#endif

static void axpy(float *y, float a, const float *w, long n) {
#ifdef WB_X86
    if (has_avx2()) { axpy_avx2(y, a, w, n); return; }
#endif
    axpy_plain(y, a, w, n);
}

void wb_sparse_rows_times(const float *x, long rows, long inputs, const float *w, long outputs,
                          float *y, long first, long end) {
    for (long r = 0; r < rows; r++) {
        const float *row = x + r * inputs;
        for (long k = 0; k < inputs; k++) {
            if (row[k] != 0) axpy(y + r * outputs + first, row[k], w + k * outputs + first, end - first);
        }
    }
}

void wb_sparse_transposed_times(const float *x, long rows, long inputs, const float *dy, long outputs,
                                float *dw, long first, long end) {
    for (long r = 0; r < rows; r++) {
        const float *row = x + r * inputs;
        for (long k = 0; k < inputs; k++) {
            if (row[k] != 0) axpy(dw + k * outputs + first, row[k], dy + r * outputs + first, end - first);
        }
    }
}

long wb_count_nonzero(const float *x, long n) {
    long count = 0;
    for (long i = 0; i < n; i++) count += x[i] != 0;
    return count;
}
