"""The rule behind algorithm="auto": which operator, direct or im2col + GEMM, runs a pass.

`geom` is the tuple the C operators take:
(N, C, H, W, K, R, S, OH, OW, stride_h, stride_w, pad_h, pad_w, dil_h, dil_w, groups).
"""
PASSES = ("forward", "backward_input", "backward_weight")


def choose_algorithm(pass_, geom, dtype, explain=False):
    """'direct' or 'im2col' for one pass of one layer; with explain=True, (choice, reason)."""
    N, C, H, W, K, R, S, OH, OW, sh, sw, ph, pw, dh, dw, groups = geom
    if C // groups == 1:
        algo, why = "direct", ("one input channel per group (depthwise): im2col would run a "
                               "GEMM with a single row per group")
    else:
        algo, why = "im2col", "provisional rule"
    return (algo, why) if explain else algo
