#ifndef WORKBENCH_CBLAS_H
#define WORKBENCH_CBLAS_H
#include <stdint.h>
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
// MARK: - Products with a mostly-zero matrix

/// The nonzeros of x [rows, columns] row by row (row r's are row_starts[r]..<row_starts[r + 1] of
/// column_of and row_values) and column by column (column k's are column_starts[k]..<
/// column_starts[k + 1] of row_of and column_values, in increasing row). column_of and row_values
/// need room for one value more than the nonzeros.
void wb_sparse_index(const float *x, long rows, long columns, long *row_starts, long *column_of, float *row_values,
                     long *column_starts, long *row_of, float *column_values);
/// The product of a sparse matrix and a dense one, z[i, :] += Σ_p values[p] b[index[p], :] over
/// p in starts[i]..<starts[i + 1], for the rows first..<end of z (b and z: [·, n]). Each value of
/// z adds its terms in list order; the same on every CPU.
void wb_spmm(const long *starts, const long *index, const float *values, const float *b, long n,
             float *z, long first, long end);
/// The number of nonzero values among n.
long wb_count_nonzero(const float *x, long n);

// MARK: - Products read at a few entries only (a loss over observed ratings)
/// out[e] = bias[c] + Σ_i x[r, i] wt[c, i] for the entries e of the rows first..<end of a pattern
/// (entries listed column by column: column c's are by_column[column_starts[c]..<column_starts[c + 1]],
/// entry e in row entry_rows[e]); wt is the weight transposed, [columns, inputs], and bias may be
/// NULL. Going column by column reads each row of wt once while it is in the cache. Each sum in
/// eight interleaved partial sums, the same on every CPU.
void wb_sampled_dots(const float *x, long inputs, const float *wt, const long *column_starts, const long *by_column,
                     const long *entry_rows, long columns, const float *bias, float *out, long first, long end);
/// b[c, r] = a[r, c] for a: [rows, columns] and the rows first..<end of b (columns of a).
void wb_transpose(const float *a, long rows, long columns, float *b, long first, long end);

// MARK: - Windows of a convolution (windows.c)

/// im2col for stride 1 without padding: cols[(c·kh + i)·kw + j, y·ow + x] = image[c, y + i, x + j]
/// for image [channels, height, width], ow = width - kw + 1, oh = height - kh + 1; row r of cols
/// at cols + r·row_stride.
void wb_unroll_windows(const float *image, long channels, long height, long width, long kh, long kw,
                       float *cols, long row_stride);
/// Its adjoint (col2im): image[c, y + i, x + j] += cols[(c·kh + i)·kw + j, y·ow + x]. Each value
/// of image adds its terms in tap order (i, j), as a loop over taps would; the same on every CPU.
/// With accumulate 0 the sums start from zero and overwrite image (which need not be initialized).
void wb_fold_windows(const float *cols, long row_stride, long channels, long height, long width, long kh, long kw,
                     float *image, int accumulate);
/// 2x2 max pooling, stride 2, of the planes first_plane..<end_plane of x ([planes, height, width]):
/// y[plane, i, j] = the largest of the tile's four values, read top-left, top-right, bottom-left,
/// bottom-right, a later one winning only when greater; winners[plane, i, j] = its offset in x.
void wb_max_pool_2x2(const float *x, long height, long width, float *y, int32_t *winners, long first_plane, long end_plane);
/// Its gradient for the planes first_plane..<end_plane: dx = 0 + g at each tile's winner, 0 elsewhere
/// (dx written in full, including an odd size's last row and column).
void wb_max_unpool_2x2(const float *g, const int32_t *winners, long height, long width, float *dx, long first_plane,
                       long end_plane);

/// A direct stride-1 convolution of one image [channels, height, width] without padding (convolution.c):
/// out[o, y, x] = bias[o] + Σ_{c,i,j} w[o, c, i, j] image[c, y + i, x + j] for out [outputs, oh, ow], each
/// output one chain of fused multiply-adds from zero over the taps in order, then the bias (may be
/// NULL). wt is the weight transposed, [channels·kh·kw, outputs]. Returns 0, doing nothing, where
/// the CPU lacks AVX-512.
int wb_convolve_direct(const float *image, long channels, long height, long width, long kh, long kw,
                       const float *wt, long outputs, const float *bias, float *out);

/// A stride-1 convolution without padding of [channels, height, width] images by `outputs` filters
/// of kernel_height x kernel_width, its output [outputs, oh, ow] max-pooled over 2x2 tiles.
struct wb_pooled_convolution {
    long channels, height, width;
    long kernel_height, kernel_width;
    long outputs;
};
/// Floats of scratch that wb_pooled_convolution_backward needs for `count` images.
long wb_pooled_backward_scratch(const struct wb_pooled_convolution *shape, long count);
/// The backward pass for one group of `count` images from the pooled gradient and the tiles'
/// winners ([count, outputs, oh/2, ow/2], winners offsets in an image's output), without the
/// zeros of the unpooled gradient (pooled_convolution.c): dw += dout · colsᵀ (dw may be NULL),
/// db += row sums of dout, dx = col2im(Wᵀ · dout) (may be NULL), the same values, bit for bit, as
/// the unrolled path where OpenBLAS sums each value of dout · colsᵀ in one chain (see
/// ConvolutionPlan.skipsZeros(count:needsWeight:)). Returns 0, doing nothing, without AVX-512 or
/// for kernels wider than 16.
int wb_pooled_convolution_backward(const struct wb_pooled_convolution *shape, long count, const float *gradient,
                                   const int32_t *winners, const float *images, const float *weight, float *dw, float *db,
                                   float *dx, float *scratch);

// MARK: - Vector instructions (cpu.c)

/// Whether the CPU has AVX2 (checked once): the kernels of kernels.c use it.
int wb_avx2_supported(void);
/// Whether the CPU has AVX-512 (checked once).
int wb_avx512_supported(void);
/// Whether the window and pooling kernels use AVX-512, and conv2d its direct kernel: the CPU has
/// it and tests have not turned it off. Each path gives the same values as the other.
int wb_avx512_usable(void);
/// Tests: 0 makes those kernels take their plain C loops; 1 (the default) lets them use AVX-512.
void wb_allow_avx512(int allow);

// MARK: - Softmax of wide rows

/// y = softmax(x) for the rows first..<end of x and y ([·, width]): e^(x - max) by a polynomial
/// (Cephes' expf, relative error about 1e-7) in eight lanes, summed in eight partial sums; the
/// same values on every CPU.
void wb_softmax_rows(const float *x, float *y, long first, long end, long width);
#endif
