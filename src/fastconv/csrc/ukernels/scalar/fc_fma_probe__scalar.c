/* fc_fma_probe__scalar
 * The portable twin of fc_fma_probe__avx2: `iters` steps of 16 independent multiply-add chains
 * (the compiler may vectorise them with the baseline ISA). Returns the FLOPs done. */
#include "../../internal.h"

#define CHAINS 16

double fc_fma_probe__scalar(int64_t iters, int is_f64)
{
    if (is_f64) {
        double acc[CHAINS];
        for (int i = 0; i < CHAINS; i++)
            acc[i] = (double)i;
        for (int64_t k = 0; k < iters; k++)
            for (int i = 0; i < CHAINS; i++)
                acc[i] = acc[i] * 0.999999 + 1e-7;
        double sink = 0;
        for (int i = 0; i < CHAINS; i++)
            sink += acc[i];
        return (double)iters * CHAINS * 2 + (sink == -1.0);
    }
    float acc[CHAINS];
    for (int i = 0; i < CHAINS; i++)
        acc[i] = (float)i;
    for (int64_t k = 0; k < iters; k++)
        for (int i = 0; i < CHAINS; i++)
            acc[i] = acc[i] * 0.9999f + 1e-5f;
    float sink = 0;
    for (int i = 0; i < CHAINS; i++)
        sink += acc[i];
    return (double)iters * CHAINS * 2 + (sink == -1.0f);
}
