#define _GNU_SOURCE
#include "CBLAS.h"
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// CBLAS constants, as in cblas.h.
enum { RowMajor = 101, NoTrans = 111, Trans = 112 };

typedef void (*sgemm_fn)(int, int, int, int, int, int, float, const float *, int,
                         const float *, int, float, float *, int);
typedef char *(*corename_fn)(void);
typedef void (*set_threads_fn)(int);
typedef int (*get_threads_fn)(void);

static pthread_once_t once = PTHREAD_ONCE_INIT;
static void pin_openblas_to_one_thread(void);
static sgemm_fn sgemm;
static corename_fn corename;
static set_threads_fn set_threads;
static get_threads_fn get_threads;
static char error_text[512];
static char requested[64];
static int chosen_by_us;

const char *wb_blas_best_coretype(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
        __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq") &&
        __builtin_cpu_supports("avx512cd"))
        return "SkylakeX";
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return "Haswell";
    if (__builtin_cpu_supports("avx")) return "Sandybridge";
#endif
    return "";
}

static void load_once(void) {
    const char *user = getenv("OPENBLAS_CORETYPE");
    if (user && *user) {
        snprintf(requested, sizeof requested, "%s", user);
    } else {
        const char *best = wb_blas_best_coretype();
        if (*best) {
            setenv("OPENBLAS_CORETYPE", best, 1);
            snprintf(requested, sizeof requested, "%s", best);
            chosen_by_us = 1;
        }
    }
    const char *custom = getenv("WORKBENCH_BLAS_LIBRARY");
    const char *names[] = {custom, "libopenblas.so.0", "libopenblas.so", "libopenblas.dylib"};
    void *handle = NULL;
    for (size_t i = 0; i < sizeof names / sizeof *names && !handle; i++) {
        if (names[i] && *names[i]) handle = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    }
    if (!handle) {
        snprintf(error_text, sizeof error_text,
                 "OpenBLAS could not be opened (%s); install libopenblas0 "
                 "(apt-get install libopenblas-dev) or set WORKBENCH_BLAS_LIBRARY",
                 dlerror());
        return;
    }
    sgemm = (sgemm_fn)dlsym(handle, "cblas_sgemm");
    corename = (corename_fn)dlsym(handle, "openblas_get_corename");
    set_threads = (set_threads_fn)dlsym(handle, "openblas_set_num_threads");
    get_threads = (get_threads_fn)dlsym(handle, "openblas_get_num_threads");
    if (!sgemm) {
        snprintf(error_text, sizeof error_text, "the BLAS library has no cblas_sgemm");
    }
    pin_openblas_to_one_thread();
}

int wb_blas_load(void) {
    pthread_once(&once, load_once);
    return sgemm ? 0 : -1;
}

const char *wb_blas_error(void) { return error_text[0] ? error_text : NULL; }
const char *wb_blas_corename(void) { return corename ? corename() : "none"; }
const char *wb_blas_requested_coretype(void) { return requested; }
int wb_blas_coretype_was_chosen(void) { return chosen_by_us; }
// The engine's thread count (the user's choice, or the cores OpenBLAS found). OpenBLAS itself runs
// on one thread from load on: large products are split across the engine's worker pool
// (parallel.c) by the caller, so OpenBLAS's own threads, which spin for about 0.1 s after each
// product, never compete with the pool's workers for the cores.
static int wanted_threads = 0;
static long small_product = 1L << 21;

static void pin_openblas_to_one_thread(void) {
    if (wanted_threads == 0) wanted_threads = get_threads ? get_threads() : 1;
    if (wanted_threads < 1) wanted_threads = 1;
    if (set_threads) set_threads(1);
}

int wb_blas_get_threads(void) {
    pthread_once(&once, load_once);
    return wanted_threads > 0 ? wanted_threads : 1;
}

void wb_blas_set_threads(int threads) {
    pthread_once(&once, load_once);
    if (threads > 0) wanted_threads = threads;
}

void wb_blas_set_small_product(long multiply_adds) { small_product = multiply_adds; }
long wb_blas_small_product(void) { return small_product; }

// Floating-point operations of every product (2 m n k), summed over all threads. A relaxed atomic
// add per product: a few nanoseconds against a product's microseconds.
static long long flop_count = 0;
void wb_flops_add(long long flops) { __atomic_fetch_add(&flop_count, flops, __ATOMIC_RELAXED); }
long long wb_flops_read(void) { return __atomic_load_n(&flop_count, __ATOMIC_RELAXED); }

void wb_sgemm(int transA, int transB, int m, int n, int k, float alpha,
              const float *a, int lda, const float *b, int ldb, float beta, float *c, int ldc) {
    sgemm(RowMajor, transA ? Trans : NoTrans, transB ? Trans : NoTrans, m, n, k, alpha, a, lda,
          b, ldb, beta, c, ldc);
}
