/* The dispatch table: which micro-kernels and block sizes the operators use. Filled on first use
 * with the best kernel set the CPU and the build support; fc_isa_select() changes it. */
#include <stdlib.h>

#include "../internal.h"

/* Block sizes: KC x NR of B stays in L1 (256 x 24 floats = 24 KiB), MC x KC of A in L2,
 * KC x NC of B in the shared L3; up to MS rows, A's whole KC-deep block (256 KiB) stays in L2
 * and B is packed a few slivers at a time. AVX2 tiles are 4 rows (4x24 float, 4x12 double): 4 divides
 * the usual channel counts, where 6-row tiles wasted an edge tile (measured: ResNet 3x3 forward
 * 152 -> 175 GFLOP/s on 2 threads, VGG 3x3 200 -> 206). Measured with benchmarks/compare.py. */
static const fc_dispatch_table generic_table = {
    FC_ISA_GENERIC,
    {fc_f32_gemm_ukernel_6x16__scalar, 6, 16, 256, 144, 4096, 252},
    {fc_f64_gemm_ukernel_6x8__scalar, 6, 8, 256, 72, 2048, 126},
    fc_fma_probe__scalar,
    fc_f32_maxpool_ukernel_1x1__scalar,
    fc_f64_maxpool_ukernel_1x1__scalar,
    fc_f32_avgpool_ukernel_1x1__scalar,
    fc_f64_avgpool_ukernel_1x1__scalar,
    fc_f32_avgpool_backward_ukernel_1x1__scalar,
    fc_f64_avgpool_backward_ukernel_1x1__scalar,
    fc_f32_maxpool_backward_ukernel_1x1__scalar,
    fc_f64_maxpool_backward_ukernel_1x1__scalar,
    fc_f32_relu_ukernel_1x1__scalar,
    fc_f64_relu_ukernel_1x1__scalar,
    fc_f32_relu_backward_ukernel_1x1__scalar,
    fc_f64_relu_backward_ukernel_1x1__scalar,
};

#ifdef FC_HAVE_AVX2
static const fc_dispatch_table avx2_table = {
    FC_ISA_AVX2,
    {fc_f32_gemm_ukernel_4x24__avx2, 4, 24, 256, 144, 4080, 256},
    {fc_f64_gemm_ukernel_4x12__avx2, 4, 12, 256, 72, 2040, 128},
    fc_fma_probe__avx2,
    fc_f32_maxpool_ukernel_4x8__avx2,
    fc_f64_maxpool_ukernel_4x4__avx2,
    fc_f32_avgpool_ukernel_4x8__avx2,
    fc_f64_avgpool_ukernel_4x4__avx2,
    fc_f32_avgpool_backward_ukernel_1x8__avx2,
    fc_f64_avgpool_backward_ukernel_1x4__avx2,
    /* a scatter through arbitrary indices: AVX2 has no scatter store, the scalar loop it is */
    fc_f32_maxpool_backward_ukernel_1x1__scalar,
    fc_f64_maxpool_backward_ukernel_1x1__scalar,
    fc_f32_relu_ukernel_1x32__avx2,
    fc_f64_relu_ukernel_1x16__avx2,
    fc_f32_relu_backward_ukernel_1x32__avx2,
    fc_f64_relu_backward_ukernel_1x16__avx2,
};
#endif

static const fc_dispatch_table *current = NULL;

static const fc_dispatch_table *table_for(fc_isa isa)
{
#ifdef FC_HAVE_AVX2
    if (isa == FC_ISA_AVX2)
        return fc_cpu_has_avx2_fma() ? &avx2_table : NULL;
#endif
    return isa == FC_ISA_GENERIC ? &generic_table : NULL;
}

const fc_dispatch_table *fc_dispatch(void)
{
    const fc_dispatch_table *t = current;
    if (!t) {
        t = table_for(FC_ISA_AVX2);
        if (!t)
            t = &generic_table;
        current = t;
    }
    return t;
}

int fc_isa_compiled(fc_isa isa)
{
#ifdef FC_HAVE_AVX2
    if (isa == FC_ISA_AVX2)
        return 1;
#endif
    return isa == FC_ISA_GENERIC;
}

fc_isa fc_isa_current(void) { return fc_dispatch()->isa; }

const char *fc_isa_name(fc_isa isa)
{
    switch (isa) {
    case FC_ISA_GENERIC:
        return "generic";
    case FC_ISA_AVX2:
        return "avx2";
    }
    return "unknown";
}

fc_status fc_isa_select(fc_isa isa)
{
    const fc_dispatch_table *t = table_for(isa);
    if (!t)
        return FC_ERR_INVALID;
    current = t;
    return FC_OK;
}

void fc_gemm_tile(int is_f64, int *mr, int *nr)
{
    const fc_dispatch_table *t = fc_dispatch();
    *mr = is_f64 ? t->f64_gemm.mr : t->f32_gemm.mr;
    *nr = is_f64 ? t->f64_gemm.nr : t->f32_gemm.nr;
}
