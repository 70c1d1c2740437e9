"""fastconv.explain: what a convolution would compute and how, without computing it."""
import numpy as np

from . import _ext
from ._args import fail, shape_tuple
from ._choice import PASSES, choose_algorithm
from ._threads import get_num_threads
from .conv import _geometry

_PASS_NAMES = {"forward": "forward", "backward_input": "backward to the input",
               "backward_weight": "backward to the weight"}


class Explanation(dict):
    """A dict of facts about one convolution; str() (and print()) give a readable report."""

    def __str__(self):
        return self["report"]


def _mib(nbytes):
    return f"{nbytes / 2**20:.2f} MiB" if nbytes >= 2**20 else f"{nbytes / 2**10:.1f} KiB"


def explain(x_shape, w_shape, stride=1, padding=0, dilation=1, groups=1, dtype=np.float32):
    """Explain a convolution of an input of shape x_shape (N, C, H, W) or (C, H, W) with a weight
    of shape w_shape (K, C // groups, R, S), with conv2d's arguments: the output shape, the FLOPs,
    the algorithm each pass (forward, backward to the input, backward to the weight) would use
    with algorithm="auto" and why, and the extra memory each algorithm would take on the current
    thread count. Returns an Explanation: a dict whose str() is a readable report."""
    func = "explain"
    dt = np.dtype(dtype) if not isinstance(dtype, np.ndarray) else dtype.dtype
    if dt not in (np.dtype(np.float32), np.dtype(np.float64)):
        fail(func, f"dtype must be float32 or float64, got {dt}", TypeError)
    xs = shape_tuple(x_shape, "x_shape", func, (3, 4))
    ws = shape_tuple(w_shape, "w_shape", func, (4,))
    full = xs if len(xs) == 4 else (1,) + xs
    geom, oshape = _geometry(func, full, ws, stride, padding, dilation, groups, "x_shape",
                             "w_shape")
    N, C, H, W, K, R, S, OH, OW, sh, sw, ph, pw, dh, dw, G = geom
    flops = 2 * N * K * OH * OW * (C // G) * R * S
    threads = get_num_threads()
    is_f64 = dt == np.dtype(np.float64)
    passes = {}
    for i, name in enumerate(PASSES):
        algo, why = choose_algorithm(name, geom, dt, explain=True)
        ws_bytes = {a: (_ext.conv2d_workspace(geom, i, is_f64, a == "direct", threads)
                        if N > 0 else 0) for a in ("direct", "im2col")}
        passes[name] = {"algorithm": algo, "reason": why, "workspace_bytes": ws_bytes}
    out_shape = oshape if len(xs) == 4 else oshape[1:]
    lines = [
        f"conv2d of x {tuple(xs)} with weight {tuple(ws)}, {dt.name}, groups={G}",
        f"  stride {(sh, sw)}, padding top/left {(ph, pw)}, dilation {(dh, dw)}",
        f"  output {tuple(out_shape)}: OH = floor((H + pads - D*(R-1) - 1) / S) + 1 = {OH}, "
        f"OW = {OW}",
        f"  {flops / 1e9:.3f} GFLOP per pass (2 per multiply-add; {K // G} output and {C // G} "
        f"input channels per group, {R}x{S} taps, {OH * OW} output positions, {N} images)",
        f"  kernel set {_ext.isa_current()}, {threads} thread(s)",
    ]
    for name, info in passes.items():
        wsb = info["workspace_bytes"]
        lines.append(f"  {_PASS_NAMES[name]}: {info['algorithm']} -- {info['reason']}")
        lines.append(f"      extra memory: direct {_mib(wsb['direct'])}, "
                     f"im2col {_mib(wsb['im2col'])}")
    return Explanation(
        input_shape=tuple(xs), weight_shape=tuple(ws), output_shape=tuple(out_shape),
        dtype=dt.name, stride=(sh, sw), padding=(ph, pw), dilation=(dh, dw), groups=G,
        flops=flops, threads=threads, isa=_ext.isa_current(), passes=passes,
        report="\n".join(lines))
