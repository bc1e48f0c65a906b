// Which vector instructions the C kernels may use, checked once at run time: AVX2 for kernels.c,
// AVX-512 for windows.c, pooling.c and convolution.c.
#include "CBLAS.h"

#if defined(__x86_64__) || defined(__i386__)
#define CPU_CHECK(name, feature)                                           \
    int name(void) {                                                       \
        static int supported = -1;                                         \
        if (supported < 0) {                                               \
            __builtin_cpu_init();                                          \
            supported = __builtin_cpu_supports(feature) ? 1 : 0;           \
        }                                                                  \
        return supported;                                                  \
    }
#else
#define CPU_CHECK(name, feature) int name(void) { return 0; }
#endif

CPU_CHECK(wb_avx2_supported, "avx2")
CPU_CHECK(wb_avx512_supported, "avx512f")

static int allowed = 1;

void wb_allow_avx512(int allow) { __atomic_store_n(&allowed, allow, __ATOMIC_RELAXED); }

int wb_avx512_usable(void) { return __atomic_load_n(&allowed, __ATOMIC_RELAXED) && wb_avx512_supported(); }
