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
/// The engine's thread count: the one set with wb_blas_set_threads, else the cores OpenBLAS found.
/// (OpenBLAS itself always runs on one thread; the engine splits large products.)
int wb_blas_get_threads(void);
void wb_blas_set_threads(int threads);
/// Products of fewer multiply-adds than this stay on one thread (the engine's rule, kept here).
void wb_blas_set_small_product(long multiply_adds);
long wb_blas_small_product(void);
/// Adds to / reads the process-wide count of floating-point operations done by the engine's kernels.
void wb_flops_add(long long flops);
long long wb_flops_read(void);
/// Row-major C = alpha * op(A) * op(B) + beta * C; op transposes when trans* != 0.
void wb_sgemm(int transA, int transB, int m, int n, int k, float alpha,
              const float *a, int lda, const float *b, int ldb, float beta, float *c, int ldc);

// MARK: - Worker pool (parallel.c)

typedef void (*wb_task_fn)(void *context, int task);
/// Calls function(context, i) for i in 0..<tasks, task 0 on the calling thread and the others on
/// persistent worker threads, and returns when all are done. While the pool is busy (a nested or
/// concurrent call) the tasks run one after another on the caller. Returns the threads used.
/// The CPUs this process may run on (its affinity mask, which taskset and Slurm set), at least 1.
int wb_available_cpus(void);
int wb_parallel_run(int tasks, wb_task_fn function, void *context);
/// Whether the calling thread is running a task of wb_parallel_run (then splitting work further
/// would only run it in pieces on the same thread).
int wb_parallel_inside(void);

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
/// y[r, first..<end] += Σ_k x[r, k] w[k, first..<end] over the nonzero x[r, k] (x: [rows, inputs],
/// w and y: [·, outputs]), each row of y summed in increasing k.
void wb_sparse_rows_times(const float *x, long rows, long inputs, const float *w, long outputs,
                          float *y, long first, long end);
/// dw[k, first..<end] += Σ_r x[r, k] dy[r, first..<end] over the nonzero x[r, k], in increasing r.
void wb_sparse_transposed_times(const float *x, long rows, long inputs, const float *dy, long outputs,
                                float *dw, long first, long end);
/// The number of nonzero values among n.
long wb_count_nonzero(const float *x, long n);
#endif
