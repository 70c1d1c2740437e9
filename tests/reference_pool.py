"""Plain NumPy float64 reference implementations of pooling, ReLU and the dense layer.

They follow torch.nn.functional semantics and are written for clarity, independently of
fastconv's C code: each loops over the window taps (in PyTorch's row-major scan order) and
vectorises over the batch, channels and output positions. The backward functions are written as
scatter-adds (np.add.at), not as gathers like the C code, so the two agree only if both are right.
"""
import numpy as np

__all__ = [
    "pool_output_size",
    "max_pool2d_ref",
    "max_pool2d_backward_ref",
    "avg_pool2d_ref",
    "avg_pool2d_backward_ref",
    "adaptive_avg_pool2d_ref",
    "adaptive_avg_pool2d_backward_ref",
    "relu_ref",
    "relu_backward_ref",
    "linear_ref",
]


def _pair(v):
    if isinstance(v, (tuple, list)):
        return int(v[0]), int(v[-1])
    return int(v), int(v)


def pool_output_size(size, kernel, stride, pad, dilation=1, ceil_mode=False):
    """Number of windows along one axis, counted one by one: floor mode keeps the windows that
    fit inside the padded input; ceil mode also keeps a last partial window if it starts before
    the padded input's last valid start + stride and inside the input or the left padding."""
    span = dilation * (kernel - 1) + 1
    last_full = size + 2 * pad - span  # the last start (relative to -pad) of a full window
    count = 0
    while True:
        start = count * stride
        if ceil_mode:
            ok = start < last_full + stride and start < size + pad
        else:
            ok = start <= last_full
        if not ok:
            return count
        count += 1


def _window_taps(h, w, kernel, stride, padding, dilation, ceil_mode):
    """Yield (r, s, ih, iw) for every tap in row-major order, ih / iw arrays over output
    positions (OH,) and (OW,), plus the output size."""
    kh, kw = _pair(kernel)
    sh, sw = _pair(stride)
    ph, pw = _pair(padding)
    dh, dw = _pair(dilation)
    oh = pool_output_size(h, kh, sh, ph, dh, ceil_mode)
    ow = pool_output_size(w, kw, sw, pw, dw, ceil_mode)
    taps = []
    for r in range(kh):
        for s in range(kw):
            taps.append((r, s, np.arange(oh) * sh - ph + r * dh, np.arange(ow) * sw - pw + s * dw))
    return taps, oh, ow


def max_pool2d_ref(x, kernel, stride=None, padding=0, dilation=1, ceil_mode=False):
    """(y, indices) of max pooling with PyTorch's rules: taps scanned row by row; the running
    maximum starts at -inf with the index of the window's first in-bounds tap; a tap replaces it
    when greater or NaN. A window without any in-bounds tap gives (-inf, -1)."""
    x = np.asarray(x, dtype=np.float64)
    n, c, h, w = x.shape
    stride = kernel if stride is None else stride
    taps, oh, ow = _window_taps(h, w, kernel, stride, padding, dilation, ceil_mode)
    best = np.full((n, c, oh, ow), -np.inf)
    index = np.full((n, c, oh, ow), -1, dtype=np.int64)
    for _, _, ih, iw in taps:
        valid = (ih >= 0)[:, None] & (ih < h)[:, None] & (iw >= 0)[None, :] & (iw < w)[None, :]
        ihc, iwc = np.clip(ih, 0, h - 1), np.clip(iw, 0, w - 1)
        v = x[:, :, ihc[:, None], iwc[None, :]]
        flat = np.broadcast_to(ihc[:, None] * w + iwc[None, :], (oh, ow))
        first = valid & (index == -1)
        index = np.where(first, flat, index)
        take = valid & ((v > best) | np.isnan(v))
        best = np.where(take, v, best)
        index = np.where(take, flat, index)
    return best, index


def max_pool2d_backward_ref(grad_out, indices, input_shape):
    """Scatter-add grad_out through the flat per-plane indices (index -1 is skipped)."""
    n, c, h, w = input_shape
    g = np.asarray(grad_out, dtype=np.float64).reshape(n * c, -1)
    idx = np.asarray(indices).reshape(n * c, -1)
    dx = np.zeros((n * c, h * w))
    planes = np.broadcast_to(np.arange(n * c)[:, None], idx.shape)
    keep = idx >= 0
    np.add.at(dx, (planes[keep], idx[keep]), g[keep])
    return dx.reshape(input_shape)


def _avg_divisors(h, w, kernel, stride, padding, ceil_mode, count_include_pad,
                  divisor_override):
    """The (OH, OW) divisor of every window, PyTorch's rule."""
    kh, kw = _pair(kernel)
    sh, sw = _pair(stride)
    ph, pw = _pair(padding)
    oh = pool_output_size(h, kh, sh, ph, 1, ceil_mode)
    ow = pool_output_size(w, kw, sw, pw, 1, ceil_mode)
    div = np.zeros((oh, ow))
    for i in range(oh):
        for j in range(ow):
            h0, w0 = i * sh - ph, j * sw - pw
            h1, w1 = min(h0 + kh, h + ph), min(w0 + kw, w + pw)
            padded = (h1 - h0) * (w1 - w0)
            inside = (min(h1, h) - max(h0, 0)) * (min(w1, w) - max(w0, 0))
            if divisor_override is not None:
                div[i, j] = divisor_override
            else:
                div[i, j] = padded if count_include_pad else inside
    return div


def avg_pool2d_ref(x, kernel, stride=None, padding=0, ceil_mode=False, count_include_pad=True,
                   divisor_override=None):
    x = np.asarray(x, dtype=np.float64)
    n, c, h, w = x.shape
    stride = kernel if stride is None else stride
    taps, oh, ow = _window_taps(h, w, kernel, stride, padding, 1, ceil_mode)
    total = np.zeros((n, c, oh, ow))
    for _, _, ih, iw in taps:
        valid = (ih >= 0)[:, None] & (ih < h)[:, None] & (iw >= 0)[None, :] & (iw < w)[None, :]
        v = x[:, :, np.clip(ih, 0, h - 1)[:, None], np.clip(iw, 0, w - 1)[None, :]]
        total += np.where(valid, v, 0.0)
    return total / _avg_divisors(h, w, kernel, stride, padding, ceil_mode, count_include_pad,
                                 divisor_override)


def avg_pool2d_backward_ref(grad_out, input_shape, kernel, stride=None, padding=0,
                            ceil_mode=False, count_include_pad=True, divisor_override=None):
    n, c, h, w = input_shape
    stride = kernel if stride is None else stride
    g = np.asarray(grad_out, dtype=np.float64)
    g = g / _avg_divisors(h, w, kernel, stride, padding, ceil_mode, count_include_pad,
                          divisor_override)
    taps, oh, ow = _window_taps(h, w, kernel, stride, padding, 1, ceil_mode)
    dx = np.zeros((n, c, h, w))
    for _, _, ih, iw in taps:
        hh, ww = np.meshgrid(ih, iw, indexing="ij")
        valid = (hh >= 0) & (hh < h) & (ww >= 0) & (ww < w)
        for_b = np.moveaxis(g, (2, 3), (0, 1))[valid]  # (count, n, c)
        np.add.at(np.moveaxis(dx, (2, 3), (0, 1)), (hh[valid], ww[valid]), for_b)
    return dx


def _adaptive_bounds(size, out):
    return [((i * size) // out, -((-(i + 1) * size) // out)) for i in range(out)]


def adaptive_avg_pool2d_ref(x, output_size):
    x = np.asarray(x, dtype=np.float64)
    n, c, h, w = x.shape
    oh, ow = output_size
    y = np.zeros((n, c, oh, ow))
    for i, (h0, h1) in enumerate(_adaptive_bounds(h, oh)):
        for j, (w0, w1) in enumerate(_adaptive_bounds(w, ow)):
            y[:, :, i, j] = x[:, :, h0:h1, w0:w1].mean(axis=(2, 3))
    return y


def adaptive_avg_pool2d_backward_ref(grad_out, input_shape):
    g = np.asarray(grad_out, dtype=np.float64)
    n, c, h, w = input_shape
    oh, ow = g.shape[2:]
    dx = np.zeros((n, c, h, w))
    for i, (h0, h1) in enumerate(_adaptive_bounds(h, oh)):
        for j, (w0, w1) in enumerate(_adaptive_bounds(w, ow)):
            dx[:, :, h0:h1, w0:w1] += g[:, :, i, j][:, :, None, None] / ((h1 - h0) * (w1 - w0))
    return dx


def relu_ref(x):
    """x where x > 0 or NaN, else 0; -0.0 stays -0.0 (torch.relu)."""
    x = np.asarray(x)
    return np.where(x < 0, np.zeros_like(x), x)


def relu_backward_ref(grad_out, x):
    """grad_out where x > 0 or x is NaN, else 0."""
    x = np.asarray(x)
    return np.where(x <= 0, np.zeros_like(grad_out), grad_out)


def linear_ref(x, weight, bias=None):
    y = np.asarray(x, dtype=np.float64) @ np.asarray(weight, dtype=np.float64).T
    return y if bias is None else y + np.asarray(bias, dtype=np.float64)
