/* A plain parallel memory copy, the yardstick for the memory-bound operators: benchmarks report
 * pooling and ReLU in GB/s as a fraction of what this copy reaches on the same thread count in
 * the same run. Threads copy contiguous chunks (cut at 64-byte boundaries) with ordinary loads
 * and stores, as the operators do (no streaming stores), so the copy pays the same
 * read-for-ownership traffic on its writes. */
#include <string.h>

#ifdef _OPENMP
#include <omp.h>
#endif

#include "../internal.h"

void fc_stream_copy(const void *src, void *dst, int64_t bytes, int nthreads)
{
    if (bytes <= 0 || nthreads < 1)
        return;
    const char *s = (const char *)src;
    char *d = (char *)dst;
    const int64_t lines = (bytes + 63) / 64;
#ifdef _OPENMP
#pragma omp parallel num_threads(nthreads) if (nthreads > 1)
#endif
    {
        int t = 0, nt = 1;
#ifdef _OPENMP
        t = omp_get_thread_num();
        nt = omp_get_num_threads();
#endif
        const int64_t lo = FC_MIN(bytes, lines * t / nt * 64);
        const int64_t hi = FC_MIN(bytes, lines * (t + 1) / nt * 64);
        int64_t i = lo;
        for (; i + 64 <= hi; i += 64)
            memcpy(d + i, s + i, 64); /* inlined: four 16-byte moves, ordinary stores */
        if (i < hi)
            memcpy(d + i, s + i, (size_t)(hi - i));
    }
}
