// Whether the kernels of windows.c and pooling.c may use AVX-512 (checked once at run time).
#include "CBLAS.h"

static int allowed = 1;

void wb_allow_avx512(int allow) { __atomic_store_n(&allowed, allow, __ATOMIC_RELAXED); }

int wb_avx512_usable(void) {
#if defined(__x86_64__) || defined(__i386__)
    static int supported = -1;
    if (!__atomic_load_n(&allowed, __ATOMIC_RELAXED)) return 0;
    if (supported < 0) {
        __builtin_cpu_init();
        supported = __builtin_cpu_supports("avx512f") ? 1 : 0;
    }
    return supported;
#else
    return 0;
#endif
}
