"""The rule behind algorithm="auto": which operator, direct or im2col + GEMM, runs a pass.

The rule is an ordered list of conditions per pass; the first that holds decides, and its text
is the reason fastconv.explain() gives. It was calibrated on benchmarks/sweep.py: the standard
layers (AlexNet conv1, VGG 3x3, ResNet 3x3 / 1x1 / 3x3 stride 2, LeNet conv2, depthwise) and 70
more drawn over channels 3-512, spatial 7-224, kernels 1/3/5/7/11, strides 1-4 and depthwise
groups, each pass timed with both algorithms on 2 threads (float32 and float64, AVX-512
kernels). What the measurements showed, and the rule follows:

- depthwise layers (one input channel per group): im2col runs one GEMM row per group, 3-40x
  slower than the direct row kernels (only strides of 3 or more, where both are bound by reading
  the input, come out even or in im2col's favour for the backward to the input);
- 1x1 kernels: the GEMM works on the image itself, with nothing to pack; im2col by 15-70%;
- few output channels per group (<= 32): the GEMM's tile rows run mostly empty, while the direct
  kernel keeps 8 channels x 48 outputs in registers; direct by 1.2-4x (2-6x for the weight
  gradient), unless a stride of 3+ leaves a very short reduction;
- large strides (3+) with many channels: the direct tile packs every stride phase of rows and
  columns it only partly uses; im2col by 1.5-10x, except first layers (3 input channels, 7x7 and
  larger kernels), where the direct kernel's long reduction wins;
- many output channels (>= 256, or >= 128 with stride 2 and a 3x3 kernel): the GEMM's big, well
  shaped panels win by 5-45%;
- the backward to the input reduces over the forward's output channels and writes the forward's
  input channels: with at most 4 input channels per group (a first layer) the direct tile's 8
  rows run mostly empty, so im2col wins by 1.5-5x (unless there are at most 8 output channels);
- float64 (8 lanes a run, not 16): with a stride, the backward to the input's polyphase
  correlations and the forward on small outputs leave runs part empty, and so do fewer than 8
  input channels in the backward to the input; im2col by 10-90%. The float64 weight gradient at
  stride 1 with at most 64 output channels goes direct (the GEMM's packing weighs more there);
- tiny outputs under big kernels (fewer output positions than taps) leave the direct kernel's
  runs empty: im2col;
- the weight gradient: im2col for anything with more than 32 output channels, except tiny
  first layers at stride 1.
The sweep's summary (benchmarks/sweep.py prints it; 2026-11-25, float32, 2 threads): the rule
is within 5% of the faster algorithm on 74 / 72 / 71 of the 77 layers of the forward / backward
input / backward weight passes, 0.9% / 2.1% / 2.5% slower than the faster one on average; its
worst picks (37%, 78%, 121% slower) are tiny layers (a 3x3 or 7x7 output, 64 images) where both
algorithms are slow and the sweep's timings are noisiest. On the first 47 of the layers in float64:
within 5% on 43 / 44 / 45, 2.1% / 0.5% / 2.3% slower on average.

`geom` is the tuple the C operators take:
(N, C, H, W, K, R, S, OH, OW, stride_h, stride_w, pad_h, pad_w, dil_h, dil_w, groups).
"""
import numpy as np

PASSES = ("forward", "backward_input", "backward_weight")


class _Layer:
    """The features the rule looks at."""

    def __init__(self, geom, dtype):
        N, C, H, W, K, R, S, OH, OW, sh, sw, ph, pw, dh, dw, groups = geom
        self.f64 = np.dtype(dtype) == np.float64
        self.cg, self.kg, self.rs = C // groups, K // groups, R * S
        self.stride = max(sh, sw)
        self.positions = OH * OW
        self.reduction = self.cg * self.rs  # the forward's sum per output: Cg * R * S


# Rules that more than one pass uses, word for word.
_DEPTHWISE = (lambda l: l.cg == 1, "direct",
              "one input channel per group (depthwise): im2col would run a one-row GEMM per group")
_FEW_POSITIONS = (lambda l: l.positions < l.rs, "im2col",
                  "fewer output positions than kernel taps: too few outputs to fill the direct "
                  "kernel")
_MANY_CHANNELS = (lambda l: l.kg >= 256, "im2col",
                  "256 or more output channels per group: the GEMM's panels are big and well "
                  "shaped")

_RULES = {
    "forward": [
        (lambda l: l.f64 and l.stride >= 2 and l.positions < 256 and l.rs <= 9 and l.kg > 8,
         "im2col",
         "float64, strided, a small kernel and a small output: the direct kernel's runs stay "
         "part empty"),
        _DEPTHWISE,
        (lambda l: l.rs == 1, "im2col",
         "a 1x1 kernel: the GEMM runs on the image itself, with nothing to pack"),
        (lambda l: l.kg <= 32 and (l.stride < 3 or l.reduction >= 27), "direct",
         "at most 32 output channels per group: too few rows for the GEMM's tiles"),
        (lambda l: l.stride >= 3 and l.rs >= 49 and l.cg <= 4, "direct",
         "a first layer (few input channels, a large kernel): the direct kernel's long sum wins"),
        (lambda l: l.stride >= 3, "im2col",
         "a stride of 3 or more: the direct tile would pack rows and columns it skips"),
        _FEW_POSITIONS,
        _MANY_CHANNELS,
        (lambda l: l.reduction < 64 and l.positions >= 1024, "im2col",
         "a short sum per output (C/groups * R * S < 64) over a large image"),
        (lambda l: l.stride == 2 and l.kg >= 128 and l.rs <= 9, "im2col",
         "stride 2 with 128 or more output channels and a small kernel"),
        (lambda l: True, "direct",
         "the direct kernel keeps a tile of channels x outputs in registers and packs no im2col "
         "panel"),
    ],
    "backward_input": [
        (lambda l: l.f64 and l.stride >= 2 and l.kg > 32 and l.rs <= 49, "im2col",
         "float64 with a stride and many channels: the polyphase correlations' runs stay part "
         "empty"),
        (lambda l: l.f64 and l.stride >= 2 and l.cg == 1 and l.rs <= 9, "im2col",
         "float64 depthwise with a stride and a small kernel: the polyphase correlations' runs "
         "stay part empty"),
        (lambda l: l.cg == 1 and l.stride <= 2, "direct",
         "one input channel per group (depthwise): im2col would run a one-row GEMM per group"),
        (lambda l: l.cg == 1, "im2col",
         "depthwise with a stride of 3 or more: both read the whole gradient, im2col's col2im "
         "touches less"),
        (lambda l: l.rs == 1, "im2col",
         "a 1x1 kernel: the GEMM runs on the gradient itself"),
        (lambda l: l.f64 and l.cg < 8, "im2col",
         "float64 with fewer than 8 input channels per group: most rows of the direct kernel's "
         "channel tile would idle"),
        (lambda l: l.cg <= 4 and l.kg > 8, "im2col",
         "at most 4 input channels per group (a first layer): most rows of the direct kernel's "
         "channel tile would idle"),
        (lambda l: l.kg <= 32, "direct",
         "a short sum over at most 32 output channels per group: too little for the GEMM"),
        (lambda l: l.stride >= 3, "im2col",
         "a stride of 3 or more: many small polyphase correlations"),
        _FEW_POSITIONS,
        _MANY_CHANNELS,
        (lambda l: l.kg <= 64 and l.stride == 1, "direct",
         "a moderate number of channels at stride 1: the direct kernel needs no dcol matrix or "
         "col2im"),
        (lambda l: True, "im2col",
         "many channels: the GEMM's panels are big and well shaped"),
    ],
    "backward_weight": [
        _DEPTHWISE,
        (lambda l: l.rs == 1, "im2col",
         "a 1x1 kernel: the GEMM runs on the image itself"),
        (lambda l: l.kg <= 32 and (l.stride <= 2 or l.reduction >= 100), "direct",
         "at most 32 output channels per group: too few columns for the GEMM's tiles"),
        (lambda l: l.f64 and l.kg <= 64 and l.stride == 1 and l.positions >= l.rs, "direct",
         "float64 at stride 1 with at most 64 output channels: the lane accumulators beat the "
         "GEMM's packing"),
        (lambda l: l.kg <= 128 and l.cg <= 4 and l.stride <= 2, "direct",
         "a first layer (few input channels): few (channel, tap) pairs, each summed over many "
         "positions"),
        (lambda l: True, "im2col",
         "the GEMM's reduction over every (image, position) runs on well-shaped panels"),
    ],
}


def choose_algorithm(pass_, geom, dtype, explain=False):
    """'direct' or 'im2col' for one pass of one layer; with explain=True, (choice, reason)."""
    layer = _Layer(geom, dtype)
    for cond, algo, why in _RULES[pass_]:
        if cond(layer):
            return (algo, why) if explain else algo
    raise AssertionError("the last rule of every pass always holds")
