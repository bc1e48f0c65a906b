#ifndef WORKBENCH_CBLAS_H
#define WORKBENCH_CBLAS_H
// OpenBLAS, opened with dlopen after choosing the CPU kernel (see DECISIONS.md:
// OpenBLAS reads OPENBLAS_CORETYPE once, when the library loads).

/// Loads OpenBLAS once. Returns 0 on success, -1 when no library could be opened
/// (then `wb_blas_error` says why and callers use their reference kernels).
int wb_blas_load(void);
/// Why loading failed, or NULL.
const char *wb_blas_error(void);
/// The kernel family OpenBLAS reports ("Haswell", "SkylakeX", ...), or "none".
const char *wb_blas_corename(void);
/// The OPENBLAS_CORETYPE in force when the library loaded ("" when OpenBLAS chose).
const char *wb_blas_requested_coretype(void);
/// Whether the coretype was chosen by us (1) or by the user's environment (0).
int wb_blas_coretype_was_chosen(void);
/// The kernel family this CPU supports best, from its feature flags ("" if none better than default).
const char *wb_blas_best_coretype(void);
/// The thread count asked for with wb_blas_set_threads (OpenBLAS's own count before that).
int wb_blas_get_threads(void);
/// Threads for products of at least wb_blas_small_product() multiply-adds; smaller ones run on one.
void wb_blas_set_threads(int threads);
void wb_blas_set_small_product(long multiply_adds);
long wb_blas_small_product(void);
/// Between begin and end the caller runs its own worker threads, each calling wb_sgemm: OpenBLAS
/// stays on one thread. Call both from the thread that owns the BLAS settings.
void wb_blas_begin_workers(void);
void wb_blas_end_workers(void);
/// Adds to / reads the process-wide count of floating-point operations done by the engine's kernels.
void wb_flops_add(long long flops);
long long wb_flops_read(void);
/// Row-major C = alpha * op(A) * op(B) + beta * C; op transposes when trans* != 0.
void wb_sgemm(int transA, int transB, int m, int n, int k, float alpha,
              const float *a, int lda, const float *b, int ldb, float beta, float *c, int ldc);

// MARK: - Element-wise kernels (kernels.c): plain C, or AVX2 where the CPU has it, same values.

/// Adam's constants for one step (see NeuralNet's Adam).
struct wb_adam_settings {
    float rate, beta1, beta2, keep1, keep2, correction1, correction2, epsilon, decay;
    int decoupled;
};
/// One Adam update of n values: m, v and w in place.
void wb_adam(float *w, const float *g, float *m, float *v, long n, const struct wb_adam_settings *settings);
/// One Adagrad update of n values: sum and w in place.
void wb_adagrad(float *w, const float *g, float *sum, long n, float rate, float epsilon, float decay);
#endif
