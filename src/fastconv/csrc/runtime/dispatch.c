/* The dispatch table: which micro-kernels and block sizes the operators use. Filled on first use
 * (at import) with the best kernel set the CPU and the build support, in the order avx512, avx2,
 * generic; fc_isa_select() changes it. */
#include <stdlib.h>

#include "../internal.h"

/* Block sizes: KC x NR of B stays in L1 (256 x 24 floats = 24 KiB), MC x KC of A in L2,
 * KC x NC of B in the shared L3; up to MS rows, A's whole KC-deep block (256 KiB) stays in L2
 * and B is packed a few slivers at a time. AVX2 tiles are 4 rows (4x24 float, 4x12 double): 4 divides
 * the usual channel counts, where 6-row tiles wasted an edge tile (measured: ResNet 3x3 forward
 * 152 -> 175 GFLOP/s on 2 threads, VGG 3x3 200 -> 206). Measured with benchmarks/compare.py. */
static const fc_dispatch_table generic_table = {
    .isa = FC_ISA_GENERIC,
    .f32_gemm = {fc_f32_gemm_ukernel_6x16__scalar, 6, 16, 256, 144, 4096, 252},
    .f64_gemm = {fc_f64_gemm_ukernel_6x8__scalar, 6, 8, 256, 72, 2048, 126},
    .fma_probe = fc_fma_probe__scalar,
    .f32_dconv = {fc_f32_dconv_ukernel_4x16__scalar, 4, 2, 8},
    .f64_dconv = {fc_f64_dconv_ukernel_4x8__scalar, 4, 2, 4},
    .f32_dconvw = {fc_f32_dconvw_ukernel_4x2__scalar, 4, 2, 8},
    .f64_dconvw = {fc_f64_dconvw_ukernel_4x2__scalar, 4, 2, 4},
    .f32_dwconv = {fc_f32_dwconv_ukernel_1x8__scalar, fc_f32_dwconvw_ukernel_1x8__scalar, 8},
    .f64_dwconv = {fc_f64_dwconv_ukernel_1x4__scalar, fc_f64_dwconvw_ukernel_1x4__scalar, 4},
    .f32_maxpool = fc_f32_maxpool_ukernel_1x1__scalar,
    .f64_maxpool = fc_f64_maxpool_ukernel_1x1__scalar,
    .f32_avgpool = fc_f32_avgpool_ukernel_1x1__scalar,
    .f64_avgpool = fc_f64_avgpool_ukernel_1x1__scalar,
    .f32_avgpool_backward = fc_f32_avgpool_backward_ukernel_1x1__scalar,
    .f64_avgpool_backward = fc_f64_avgpool_backward_ukernel_1x1__scalar,
    .f32_maxpool_backward = fc_f32_maxpool_backward_ukernel_1x1__scalar,
    .f64_maxpool_backward = fc_f64_maxpool_backward_ukernel_1x1__scalar,
    .f32_relu = fc_f32_relu_ukernel_1x1__scalar,
    .f64_relu = fc_f64_relu_ukernel_1x1__scalar,
    .f32_relu_backward = fc_f32_relu_backward_ukernel_1x1__scalar,
    .f64_relu_backward = fc_f64_relu_backward_ukernel_1x1__scalar,
};

/* Pooling and elementwise kernels are bound by memory: the AVX2 ones serve the AVX-512 set too.
 * The max-pool backward is a scatter through arbitrary indices (AVX2 has no scatter store): the
 * scalar loop serves every set. */
#define FC_AVX2_POOL_AND_RELU                                                                       \
    .f32_maxpool = fc_f32_maxpool_ukernel_4x8__avx2,                                                \
    .f64_maxpool = fc_f64_maxpool_ukernel_4x4__avx2,                                                \
    .f32_avgpool = fc_f32_avgpool_ukernel_4x8__avx2,                                                \
    .f64_avgpool = fc_f64_avgpool_ukernel_4x4__avx2,                                                \
    .f32_avgpool_backward = fc_f32_avgpool_backward_ukernel_1x8__avx2,                              \
    .f64_avgpool_backward = fc_f64_avgpool_backward_ukernel_1x4__avx2,                              \
    .f32_maxpool_backward = fc_f32_maxpool_backward_ukernel_1x1__scalar,                            \
    .f64_maxpool_backward = fc_f64_maxpool_backward_ukernel_1x1__scalar,                            \
    .f32_relu = fc_f32_relu_ukernel_1x32__avx2,                                                     \
    .f64_relu = fc_f64_relu_ukernel_1x16__avx2,                                                     \
    .f32_relu_backward = fc_f32_relu_backward_ukernel_1x32__avx2,                                   \
    .f64_relu_backward = fc_f64_relu_backward_ukernel_1x16__avx2

#ifdef FC_HAVE_AVX2
static const fc_dispatch_table avx2_table = {
    .isa = FC_ISA_AVX2,
    .f32_gemm = {fc_f32_gemm_ukernel_4x24__avx2, 4, 24, 256, 144, 4080, 256},
    .f64_gemm = {fc_f64_gemm_ukernel_4x12__avx2, 4, 12, 256, 72, 2040, 128},
    .fma_probe = fc_fma_probe__avx2,
    .f32_dconv = {fc_f32_dconv_ukernel_4x24__avx2, 4, 3, 8},
    .f64_dconv = {fc_f64_dconv_ukernel_4x12__avx2, 4, 3, 4},
    .f32_dconvw = {fc_f32_dconvw_ukernel_3x3__avx2, 3, 3, 8},
    .f64_dconvw = {fc_f64_dconvw_ukernel_3x3__avx2, 3, 3, 4},
    .f32_dwconv = {fc_f32_dwconv_ukernel_1x96__avx2, fc_f32_dwconvw_ukernel_1x8__avx2, 8},
    .f64_dwconv = {fc_f64_dwconv_ukernel_1x48__avx2, fc_f64_dwconvw_ukernel_1x4__avx2, 4},
    FC_AVX2_POOL_AND_RELU,
};
#endif

#ifdef FC_HAVE_AVX512
/* AVX-512 tiles, chosen by measurement on a Zen 5 (2 cores, L1d 48 KiB, L2 1 MiB per core):
 * every tile tried (f32 6x32, 8x32, 12x32, 14x32, 4x48, 8x48; f64 6x16, 8x16, 12x16, 14x16,
 * 4x24, 8x24) runs at 97-99% of one core's FMA peak with its panels in L1, so the choice was made
 * on whole GEMMs and convolutions (2 threads, the tiles alternated in one process, best of 9-12
 * runs each, GFLOP/s; rows hit by other jobs on the shared machine left out). f32 8x32 was first
 * or within 2% of the first on the GEMM and on every standard layer's passes but LeNet's forward
 * (93; 4x48 100): GEMM n=1024 490 (12x32 457, 14x32 458, 4x48 473, 8x48 479), ResNet 3x3 forward
 * 368 (335, 338, 362, 372), its weight gradient 320 (237, 235, 242, 240). 8 rows divide the usual
 * channel counts and get the unrolled 8-row A packing; 12 and 14 waste edge tiles. f64 8x24 led
 * the GEMM (n=2048: 234; 8x16 229, 6x16 225, 4x24 227, 12x16 206) and the forward passes (ResNet
 * 3x3: 204; 196, 193, 202, 179) by 2-5%; 8x16 and 6x16 are up to 5% faster on weight gradients
 * with 64 output channels (N = 64 is not a multiple of 24).
 * Block sizes: a deep KC, so that C is read and written fewer times, beat keeping the KC x NR
 * sliver of B in L1: KC 512 (f32, a 64 KiB sliver) and 384 (f64, 72 KiB) stream the sliver from
 * L2 and were faster than 256 / 192 (slivers of 32 / 36 KiB in the 48 KiB L1): GEMM n=1024..4096
 * f32 475-485 -> 489-505 GFLOP/s, f64 228-238 -> 238-243 (medians of 3 processes alternated), the
 * convolutions the same or up to 5% faster (f64 AlexNet 174 -> 190). MC 144 (A block 288 / 432
 * KiB in the 1 MiB L2; MC 72-192 and MS 128-512 measured within the 2-3% noise of this shared
 * machine); NC keeps the KC x NC panel of B at 4 MiB per thread in the shared 32 MiB L3. */
static const fc_dispatch_table avx512_table = {
    .isa = FC_ISA_AVX512,
    .f32_gemm = {fc_f32_gemm_ukernel_8x32__avx512, 8, 32, 512, 144, 2048, 256},
    .f64_gemm = {fc_f64_gemm_ukernel_8x24__avx512, 8, 24, 384, 144, 1344, 128},
    .fma_probe = fc_fma_probe__avx512,
    .f32_dconv = {fc_f32_dconv_ukernel_8x48__avx512, 8, 3, 16},
    .f64_dconv = {fc_f64_dconv_ukernel_8x24__avx512, 8, 3, 8},
    .f32_dconvw = {fc_f32_dconvw_ukernel_4x6__avx512, 4, 6, 16},
    .f64_dconvw = {fc_f64_dconvw_ukernel_4x6__avx512, 4, 6, 8},
    .f32_dwconv = {fc_f32_dwconv_ukernel_1x192__avx512, fc_f32_dwconvw_ukernel_1x16__avx512, 16},
    .f64_dwconv = {fc_f64_dwconv_ukernel_1x96__avx512, fc_f64_dwconvw_ukernel_1x8__avx512, 8},
    FC_AVX2_POOL_AND_RELU,
};
#endif

static const fc_dispatch_table *current = NULL;

static const fc_dispatch_table *table_for(fc_isa isa)
{
#ifdef FC_HAVE_AVX512
    if (isa == FC_ISA_AVX512)
        return fc_cpu_has_avx512() ? &avx512_table : NULL;
#endif
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
        t = table_for(FC_ISA_AVX512);
        if (!t)
            t = table_for(FC_ISA_AVX2);
        if (!t)
            t = &generic_table;
        current = t;
    }
    return t;
}

int fc_isa_compiled(fc_isa isa)
{
#ifdef FC_HAVE_AVX512
    if (isa == FC_ISA_AVX512)
        return 1;
#endif
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
    case FC_ISA_AVX512:
        return "avx512";
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

void fc_gemm_blocks(int is_f64, int64_t *kc, int64_t *mc, int64_t *nc, int64_t *ms)
{
    const fc_dispatch_table *t = fc_dispatch();
    *kc = is_f64 ? t->f64_gemm.kc : t->f32_gemm.kc;
    *mc = is_f64 ? t->f64_gemm.mc : t->f32_gemm.mc;
    *nc = is_f64 ? t->f64_gemm.nc : t->f32_gemm.nc;
    *ms = is_f64 ? t->f64_gemm.ms : t->f32_gemm.ms;
}
