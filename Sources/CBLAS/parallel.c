// A small pool of persistent worker threads for the engine's parallel loops.
//
// wb_parallel_run(n, fn, context) calls fn(context, i) for i in 0..<n: i = 0 on the calling
// thread, the others on workers. After a job a worker spins briefly (about 200 µs) before it
// sleeps on a condition variable, so the parallel ops of one training step (a few µs to a few
// ms apart) find it awake, and an idle program leaves the other cores alone. A call made while
// the pool is busy (from inside a job, or from a second thread) runs its tasks in order on the
// calling thread, so nesting is safe. OpenBLAS itself stays on one thread: the engine splits
// large products across this pool instead (see BLAS.swift), so there is never more than one
// runnable thread per core.
#define _GNU_SOURCE
#include "CBLAS.h"
#include <pthread.h>
#include <sched.h>
#include <time.h>
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define WB_PAUSE() _mm_pause()
#else
#define WB_PAUSE() ((void)0)
#endif

enum { MAX_WORKERS = 64 };

static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;   // held by the caller of a job
static pthread_mutex_t sleep_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static int started = 0;                  // worker threads running
static long generation = 0;              // incremented for every job
static int sleepers = 0;                 // workers waiting on `wake`
static int job_size = 0;
static wb_task_fn job_function;
static void *job_context;
static int remaining = 0;                // tasks of the current job not yet finished

static __thread int inside_job = 0;       // this thread is running a task of a job
int wb_parallel_inside(void) { return inside_job; }

static double seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static void *worker_main(void *argument) {
    int index = (int)(long)argument;
    long seen = 0;
    for (;;) {
        // Wait for the next job: spin for about 200 µs, then sleep.
        long now = __atomic_load_n(&generation, __ATOMIC_ACQUIRE);
        if (now == seen) {
            double deadline = seconds() + 200e-6;
            int spins = 0;
            while ((now = __atomic_load_n(&generation, __ATOMIC_ACQUIRE)) == seen) {
                WB_PAUSE();
                if (++spins % 64 == 0 && seconds() > deadline) {
                    pthread_mutex_lock(&sleep_lock);
                    sleepers++;
                    while ((now = __atomic_load_n(&generation, __ATOMIC_ACQUIRE)) == seen) pthread_cond_wait(&wake, &sleep_lock);
                    sleepers--;
                    pthread_mutex_unlock(&sleep_lock);
                    break;
                }
            }
        }
        seen = now;
        if (index < __atomic_load_n(&job_size, __ATOMIC_ACQUIRE)) {
            inside_job = 1;
            job_function(job_context, index);
            inside_job = 0;
            __atomic_sub_fetch(&remaining, 1, __ATOMIC_ACQ_REL);
        }
    }
    return NULL;
}

static void start_workers(int count) {
    while (started < count && started < MAX_WORKERS - 1) {
        pthread_t thread;
        pthread_attr_t attributes;
        pthread_attr_init(&attributes);
        pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
        if (pthread_create(&thread, &attributes, worker_main, (void *)(long)(started + 1)) != 0) {
            pthread_attr_destroy(&attributes);
            break;
        }
        pthread_attr_destroy(&attributes);
        started++;
    }
}

int wb_parallel_run(int tasks, wb_task_fn function, void *context) {
    if (tasks > 1 && pthread_mutex_trylock(&pool_lock) == 0) {
        start_workers(tasks - 1);
        int helpers = tasks - 1 < started ? tasks - 1 : started;
        if (helpers > 0) {
            job_function = function;
            job_context = context;
            __atomic_store_n(&remaining, helpers, __ATOMIC_RELAXED);
            __atomic_store_n(&job_size, helpers + 1, __ATOMIC_RELEASE);
            __atomic_add_fetch(&generation, 1, __ATOMIC_ACQ_REL);
            pthread_mutex_lock(&sleep_lock);
            if (sleepers > 0) pthread_cond_broadcast(&wake);
            pthread_mutex_unlock(&sleep_lock);
            inside_job = 1;
            function(context, 0);
            for (int i = helpers + 1; i < tasks; i++) function(context, i);   // more tasks than workers
            inside_job = 0;
            int spins = 0;
            while (__atomic_load_n(&remaining, __ATOMIC_ACQUIRE) > 0) {
                WB_PAUSE();
                if (++spins > 4096) sched_yield();
            }
            __atomic_store_n(&job_size, 0, __ATOMIC_RELEASE);
            pthread_mutex_unlock(&pool_lock);
            return helpers + 1;
        }
        pthread_mutex_unlock(&pool_lock);
    }
    int outer = inside_job;
    inside_job = 1;
    for (int i = 0; i < tasks; i++) function(context, i);
    inside_job = outer;
    return 1;
}
