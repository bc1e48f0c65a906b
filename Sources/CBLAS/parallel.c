// A small pool of persistent worker threads for the engine's parallel loops.
//
// wb_parallel_run(n, fn, context) calls fn(context, i) once for each i in 0..<n and returns when
// all are done. Tasks are claimed one at a time from a shared counter, by the calling thread as
// well as by the workers, so the caller never waits for a worker that has not started: on a
// busy machine it simply runs the tasks no worker took. It waits only for tasks a worker is
// running. After a job a worker spins briefly (about 200 µs) before it sleeps on a condition
// variable, so the parallel ops of one training step find it awake, and an idle program leaves
// the other cores alone. A call made while the pool is busy (from inside a task, or from a
// second thread) runs its tasks in order on the calling thread. OpenBLAS itself stays on one
// thread: the engine splits large products across this pool instead (see BLAS.swift).
#define _GNU_SOURCE
#include "CBLAS.h"
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <time.h>
#include <unistd.h>
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
static int started = 0;                // worker threads running
static int sleepers = 0;               // workers waiting on `wake`
// The current job: (generation << 32) | tasks claimed so far. A worker claims a task with a
// compare-and-swap that also checks the generation, so it never takes a task of a later job; a
// finished job's counter is set to 0x7fffffff, so a stale claim of an earlier job always fails.
static uint64_t state = 0;
static int job_tasks = 0;
static wb_task_fn job_function;
static void *job_context;
static int finished = 0;               // tasks of the current job done

static __thread int inside_job = 0;    // this thread is running a task
int wb_parallel_inside(void) { return inside_job; }

static double seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/// Claims and runs tasks of generation `generation` until none is left.
static void run_tasks(uint32_t generation) {
    for (;;) {
        uint64_t current = __atomic_load_n(&state, __ATOMIC_ACQUIRE);
        if ((uint32_t)(current >> 32) != generation) return;
        uint32_t task = (uint32_t)current;
        if ((int)task >= __atomic_load_n(&job_tasks, __ATOMIC_ACQUIRE)) return;
        if (!__atomic_compare_exchange_n(&state, &current, current + 1, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) continue;
        inside_job = 1;
        job_function(job_context, (int)task);
        inside_job = 0;
        __atomic_add_fetch(&finished, 1, __ATOMIC_ACQ_REL);
    }
}

static void *worker_main(void *unused) {
    (void)unused;
    uint32_t seen = 0;
    for (;;) {
        uint32_t now = (uint32_t)(__atomic_load_n(&state, __ATOMIC_ACQUIRE) >> 32);
        if (now == seen) {
            // Spin for about 200 µs, then sleep until the next job.
            double deadline = seconds() + 200e-6;
            int spins = 0;
            while ((now = (uint32_t)(__atomic_load_n(&state, __ATOMIC_ACQUIRE) >> 32)) == seen) {
                WB_PAUSE();
                if (++spins % 64 == 0 && seconds() > deadline) {
                    pthread_mutex_lock(&sleep_lock);
                    sleepers++;
                    while ((now = (uint32_t)(__atomic_load_n(&state, __ATOMIC_ACQUIRE) >> 32)) == seen)
                        pthread_cond_wait(&wake, &sleep_lock);
                    sleepers--;
                    pthread_mutex_unlock(&sleep_lock);
                    break;
                }
            }
        }
        seen = now;
        run_tasks(now);
    }
    return NULL;
}

static void start_workers(int count) {
    while (started < count && started < MAX_WORKERS - 1) {
        pthread_t thread;
        pthread_attr_t attributes;
        pthread_attr_init(&attributes);
        pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
        int failed = pthread_create(&thread, &attributes, worker_main, NULL);
        pthread_attr_destroy(&attributes);
        if (failed) break;
        started++;
    }
}

static void run_inline(int tasks, wb_task_fn function, void *context) {
    int outer = inside_job;
    inside_job = 1;
    for (int i = 0; i < tasks; i++) function(context, i);
    inside_job = outer;
}

int wb_parallel_run(int tasks, wb_task_fn function, void *context) {
    if (tasks < 2 || inside_job || pthread_mutex_trylock(&pool_lock) != 0) {
        run_inline(tasks, function, context);
        return 1;
    }
    start_workers(tasks - 1);
    if (started == 0) {
        pthread_mutex_unlock(&pool_lock);
        run_inline(tasks, function, context);
        return 1;
    }
    job_function = function;
    job_context = context;
    __atomic_store_n(&finished, 0, __ATOMIC_RELAXED);
    __atomic_store_n(&job_tasks, tasks, __ATOMIC_RELAXED);
    uint32_t generation = (uint32_t)(__atomic_load_n(&state, __ATOMIC_RELAXED) >> 32) + 1;
    __atomic_store_n(&state, (uint64_t)generation << 32, __ATOMIC_RELEASE);
    pthread_mutex_lock(&sleep_lock);
    if (sleepers > 0) pthread_cond_broadcast(&wake);
    pthread_mutex_unlock(&sleep_lock);
    run_tasks(generation);
    // Wait only for tasks that workers took and are still running.
    int spins = 0;
    while (__atomic_load_n(&finished, __ATOMIC_ACQUIRE) < tasks) {
        WB_PAUSE();
        if (++spins > 1024) sched_yield();
    }
    // Close the job: its claim counter jumps past any task count. A worker that loaded (G, tasks)
    // just before this, and reads job_tasks after the next caller raised it, would otherwise win
    // its compare-and-swap on the unchanged (G, tasks) and run task `tasks` of the next job twice.
    __atomic_store_n(&state, ((uint64_t)generation << 32) | 0x7fffffffu, __ATOMIC_RELEASE);
    pthread_mutex_unlock(&pool_lock);
    return tasks;
}

int wb_available_cpus(void) {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof(set), &set) == 0) {
        int count = CPU_COUNT(&set);
        if (count > 0) return count;
    }
    long online = sysconf(_SC_NPROCESSORS_ONLN);
    return online > 0 ? (int)online : 1;
}
