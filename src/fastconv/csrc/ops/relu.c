/* ReLU forward and backward over n elements of any layout, both dtypes. Threads split the array
 * into contiguous chunks cut at multiples of 16 elements (whole cache lines); each element is
 * computed once by one thread, so any nthreads gives the same bits. Below RELU_MIN_PARALLEL
 * elements, one thread (waking a team costs more than it saves). */
#ifdef _OPENMP
#include <omp.h>
#endif

#include "../internal.h"

enum { RELU_MIN_PARALLEL = 1 << 16 };

static int relu_team(int64_t n, int nthreads) { return n < RELU_MIN_PARALLEL ? 1 : nthreads; }

/* This thread's chunk [lo, hi) of n elements. */
static void relu_chunk(int64_t n, int64_t *lo, int64_t *hi)
{
    int t = 0, nt = 1;
#ifdef _OPENMP
    t = omp_get_thread_num();
    nt = omp_get_num_threads();
#endif
    const int64_t blocks = (n + 15) / 16;
    *lo = FC_MIN(n, blocks * t / nt * 16);
    *hi = FC_MIN(n, blocks * (t + 1) / nt * 16);
}

fc_status fc_f32_relu_forward(int64_t n, const float *x, float *y, int nthreads)
{
    if (n < 0 || nthreads < 1)
        return FC_ERR_INVALID;
    const fc_f32_relu_ukernel_fn ukernel = fc_dispatch()->f32_relu;
    const int team = relu_team(n, nthreads);
#ifdef _OPENMP
#pragma omp parallel num_threads(team) if (team > 1)
#endif
    {
        int64_t lo, hi;
        relu_chunk(n, &lo, &hi);
        ukernel(hi - lo, x + lo, y + lo);
    }
    return FC_OK;
}

fc_status fc_f64_relu_forward(int64_t n, const double *x, double *y, int nthreads)
{
    if (n < 0 || nthreads < 1)
        return FC_ERR_INVALID;
    const fc_f64_relu_ukernel_fn ukernel = fc_dispatch()->f64_relu;
    const int team = relu_team(n, nthreads);
#ifdef _OPENMP
#pragma omp parallel num_threads(team) if (team > 1)
#endif
    {
        int64_t lo, hi;
        relu_chunk(n, &lo, &hi);
        ukernel(hi - lo, x + lo, y + lo);
    }
    return FC_OK;
}

fc_status fc_f32_relu_backward(int64_t n, const float *dy, const float *x, float *dx,
                               int nthreads)
{
    if (n < 0 || nthreads < 1)
        return FC_ERR_INVALID;
    const fc_f32_relu_backward_ukernel_fn ukernel = fc_dispatch()->f32_relu_backward;
    const int team = relu_team(n, nthreads);
#ifdef _OPENMP
#pragma omp parallel num_threads(team) if (team > 1)
#endif
    {
        int64_t lo, hi;
        relu_chunk(n, &lo, &hi);
        ukernel(hi - lo, dy + lo, x + lo, dx + lo);
    }
    return FC_OK;
}

fc_status fc_f64_relu_backward(int64_t n, const double *dy, const double *x, double *dx,
                               int nthreads)
{
    if (n < 0 || nthreads < 1)
        return FC_ERR_INVALID;
    const fc_f64_relu_backward_ukernel_fn ukernel = fc_dispatch()->f64_relu_backward;
    const int team = relu_team(n, nthreads);
#ifdef _OPENMP
#pragma omp parallel num_threads(team) if (team > 1)
#endif
    {
        int64_t lo, hi;
        relu_chunk(n, &lo, &hi);
        ukernel(hi - lo, dy + lo, x + lo, dx + lo);
    }
    return FC_OK;
}
