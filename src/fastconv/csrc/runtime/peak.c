/* fc_peak_gflops: the FMA peak of this machine for the current kernel set, measured by running
 * the set's FMA probe on nthreads threads at once for about `seconds` (a short calibration first).
 * Used by the benchmarks to report a percentage of peak; the clock it implies is peak / FLOPs per
 * cycle. */
#include <time.h>

#include "../internal.h"

#ifdef _OPENMP
#include <omp.h>
#endif

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

double fc_peak_gflops(int is_f64, int nthreads, double seconds)
{
    const fc_probe_fn probe = fc_dispatch()->fma_probe;
    if (nthreads < 1 || seconds <= 0)
        return 0;
    /* calibrate: iterations for about seconds / 4 on one thread */
    int64_t iters = 1 << 16;
    for (;;) {
        const double t0 = now();
        probe(iters, is_f64);
        const double dt = now() - t0;
        if (dt > seconds / 20 || iters > ((int64_t)1 << 40)) {
            iters = (int64_t)((double)iters * (seconds / 4) / (dt > 0 ? dt : 1e-9)) + 1;
            break;
        }
        iters *= 4;
    }
    double best = 0;
    for (int rep = 0; rep < 3; rep++) {
        double flops = 0;
        const double t0 = now();
#ifdef _OPENMP
#pragma omp parallel num_threads(nthreads) reduction(+ : flops)
#endif
        flops += probe(iters, is_f64);
        const double rate = flops / (now() - t0) / 1e9;
        if (rate > best)
            best = rate;
    }
    return best;
}
