// Which vector instructions the C kernels may use, checked once at run time: AVX2 for kernels.c,
// AVX-512 for windows.c, pooling.c and convolution.c.
#include "CBLAS.h"

static int allowed = 1;

void wb_allow_avx512(int allow) { __atomic_store_n(&allowed, allow, __ATOMIC_RELAXED); }

int wb_avx2_supported(void) {
#if defined(__x86_64__) || defined(__i386__)
    static int supported = -1;
    if (supported < 0) {
        __builtin_cpu_init();
        supported = __builtin_cpu_supports("avx2") ? 1 : 0;
    }
    return supported;
#else
    return 0;
#endif
}

int wb_avx512_supported(void) {
#if defined(__x86_64__) || defined(__i386__)
    static int supported = -1;
    if (supported < 0) {
        __builtin_cpu_init();
        supported = __builtin_cpu_supports("avx512f") ? 1 : 0;
    }
    return supported;
#else
    return 0;
#endif
}

int wb_avx512_usable(void) { return __atomic_load_n(&allowed, __ATOMIC_RELAXED) && wb_avx512_supported(); }
