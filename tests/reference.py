"""Plain NumPy float64 reference implementations of 2-D convolution and its gradients.

Everything here computes in float64 and follows torch.nn.functional semantics (NCHW layout,
weight of shape (K, C // groups, R, S)). The code is written for clarity: it loops over the
R * S kernel taps and vectorises everything else (batch, channels, output pixels) with matmul.

The backward functions are written directly as adjoints (scatter-add over taps for the input
gradient, correlation of the output gradient with input windows for the weight gradient); they
do not call the forward.
"""
import numpy as np

__all__ = [
    "pair",
    "normalize_padding",
    "output_size",
    "conv2d_output_shape_ref",
    "conv2d_ref",
    "conv2d_backward_input_ref",
    "conv2d_backward_weight_ref",
    "conv2d_backward_bias_ref",
    "unfold_ref",
    "fold_ref",
]


def pair(value):
    """An int or an (h, w) pair -> (h, w)."""
    if isinstance(value, (tuple, list)):
        h, w = value
        return int(h), int(w)
    return int(value), int(value)


def normalize_padding(padding, kernel_size, dilation=1):
    """Padding as (top, bottom, left, right).

    padding is an int, an (h, w) pair, "valid" (no padding) or "same" (total padding
    dilation * (kernel - 1) per axis, the extra row/column going to the bottom/right).
    """
    r, s = pair(kernel_size)
    dil_h, dil_w = pair(dilation)
    if isinstance(padding, str):
        if padding == "valid":
            return 0, 0, 0, 0
        if padding == "same":
            total_h = dil_h * (r - 1)
            total_w = dil_w * (s - 1)
            top = total_h // 2
            left = total_w // 2
            return top, total_h - top, left, total_w - left
        raise ValueError(f"unknown padding {padding!r}")
    pad_h, pad_w = pair(padding)
    return pad_h, pad_h, pad_w, pad_w


def output_size(size, kernel, stride, pad_before, pad_after, dilation):
    """Number of window positions along one axis."""
    return (size + pad_before + pad_after - dilation * (kernel - 1) - 1) // stride + 1


def conv2d_output_shape_ref(input_shape, weight_shape, stride=1, padding=0, dilation=1, groups=1):
    n, _, h, w = input_shape
    k, _, r, s = weight_shape
    stride_h, stride_w = pair(stride)
    dil_h, dil_w = pair(dilation)
    top, bottom, left, right = normalize_padding(padding, (r, s), dilation)
    oh = output_size(h, r, stride_h, top, bottom, dil_h)
    ow = output_size(w, s, stride_w, left, right, dil_w)
    return (n, k, oh, ow)


class _Geometry:
    """Sizes and tap positions shared by all the functions below."""

    def __init__(self, input_shape, weight_shape, stride, padding, dilation, groups):
        self.n, self.c, self.h, self.w = (int(v) for v in input_shape)
        self.k, self.cg, self.r, self.s = (int(v) for v in weight_shape)
        self.stride_h, self.stride_w = pair(stride)
        self.dil_h, self.dil_w = pair(dilation)
        self.top, self.bottom, self.left, self.right = normalize_padding(
            padding, (self.r, self.s), dilation
        )
        self.groups = int(groups)
        assert self.c == self.cg * self.groups, "channels do not match weight * groups"
        assert self.k % self.groups == 0, "groups must divide the output channels"
        self.kg = self.k // self.groups
        self.padded_h = self.h + self.top + self.bottom
        self.padded_w = self.w + self.left + self.right
        self.oh = output_size(self.h, self.r, self.stride_h, self.top, self.bottom, self.dil_h)
        self.ow = output_size(self.w, self.s, self.stride_w, self.left, self.right, self.dil_w)
        assert self.oh >= 1 and self.ow >= 1, "kernel larger than the padded input"

    def tap_window(self, r, s):
        """Slices of the padded input read by kernel tap (r, s) for every output pixel."""
        row0 = r * self.dil_h
        col0 = s * self.dil_w
        rows = slice(row0, row0 + self.stride_h * (self.oh - 1) + 1, self.stride_h)
        cols = slice(col0, col0 + self.stride_w * (self.ow - 1) + 1, self.stride_w)
        return rows, cols

    def pad(self, x):
        """Zero-pad a (N, C, H, W) array to (N, C, padded_h, padded_w)."""
        return np.pad(x, ((0, 0), (0, 0), (self.top, self.bottom), (self.left, self.right)))

    def crop(self, padded):
        """Inverse of pad: keep the (H, W) interior."""
        return padded[:, :, self.top:self.top + self.h, self.left:self.left + self.w]


def conv2d_ref(x, w, b=None, stride=1, padding=0, dilation=1, groups=1):
    """y[n, k, oh, ow] = b[k] + sum_{c, r, s} x_padded[n, g*Cg + c, oh*sh + r*dh, ow*sw + s*dw]
    * w[k, c, r, s], with g the group of output channel k."""
    x = np.asarray(x, dtype=np.float64)
    w = np.asarray(w, dtype=np.float64)
    geo = _Geometry(x.shape, w.shape, stride, padding, dilation, groups)
    g, cg, kg = geo.groups, geo.cg, geo.kg

    x_padded = geo.pad(x).reshape(geo.n, g, cg, geo.padded_h, geo.padded_w)
    w_grouped = w.reshape(g, kg, cg, geo.r, geo.s)
    y = np.zeros((geo.n, g, kg, geo.oh * geo.ow))
    for r in range(geo.r):
        for s in range(geo.s):
            rows, cols = geo.tap_window(r, s)
            window = x_padded[:, :, :, rows, cols].reshape(geo.n, g, cg, geo.oh * geo.ow)
            # (G, Kg, Cg) @ (N, G, Cg, P) -> (N, G, Kg, P)
            y += w_grouped[:, :, :, r, s] @ window
    y = y.reshape(geo.n, geo.k, geo.oh, geo.ow)
    if b is not None:
        y += np.asarray(b, dtype=np.float64).reshape(1, geo.k, 1, 1)
    return y


def conv2d_backward_input_ref(dy, w, input_shape, stride=1, padding=0, dilation=1, groups=1):
    """Adjoint of the forward in x: every output gradient dy[n, k, oh, ow] is scattered back,
    through each kernel tap, onto the input pixel that tap read. Padding positions are dropped."""
    dy = np.asarray(dy, dtype=np.float64)
    w = np.asarray(w, dtype=np.float64)
    geo = _Geometry(input_shape, w.shape, stride, padding, dilation, groups)
    g, cg, kg = geo.groups, geo.cg, geo.kg
    assert dy.shape == (geo.n, geo.k, geo.oh, geo.ow), "grad_out shape mismatch"

    dy_grouped = dy.reshape(geo.n, g, kg, geo.oh * geo.ow)
    w_grouped = w.reshape(g, kg, cg, geo.r, geo.s)
    dx_padded = np.zeros((geo.n, g, cg, geo.padded_h, geo.padded_w))
    for r in range(geo.r):
        for s in range(geo.s):
            rows, cols = geo.tap_window(r, s)
            # (G, Cg, Kg) @ (N, G, Kg, P) -> (N, G, Cg, P)
            contribution = np.swapaxes(w_grouped[:, :, :, r, s], 1, 2) @ dy_grouped
            # Within one tap the written positions are distinct, so += does not lose updates.
            dx_padded[:, :, :, rows, cols] += contribution.reshape(
                geo.n, g, cg, geo.oh, geo.ow
            )
    dx_padded = dx_padded.reshape(geo.n, geo.c, geo.padded_h, geo.padded_w)
    return np.ascontiguousarray(geo.crop(dx_padded))


def conv2d_backward_weight_ref(dy, x, weight_shape, stride=1, padding=0, dilation=1, groups=1):
    """dw[k, c, r, s] = sum_{n, oh, ow} dy[n, k, oh, ow] * x_padded[n, g*Cg + c,
    oh*sh + r*dh, ow*sw + s*dw]."""
    dy = np.asarray(dy, dtype=np.float64)
    x = np.asarray(x, dtype=np.float64)
    geo = _Geometry(x.shape, weight_shape, stride, padding, dilation, groups)
    g, cg, kg = geo.groups, geo.cg, geo.kg
    assert dy.shape == (geo.n, geo.k, geo.oh, geo.ow), "grad_out shape mismatch"

    x_padded = geo.pad(x).reshape(geo.n, g, cg, geo.padded_h, geo.padded_w)
    dy_grouped = dy.reshape(geo.n, g, kg, geo.oh * geo.ow)
    dw = np.zeros((g, kg, cg, geo.r, geo.s))
    for r in range(geo.r):
        for s in range(geo.s):
            rows, cols = geo.tap_window(r, s)
            window = x_padded[:, :, :, rows, cols].reshape(geo.n, g, cg, geo.oh * geo.ow)
            # (N, G, Kg, P) @ (N, G, P, Cg) -> (N, G, Kg, Cg), summed over the batch
            dw[:, :, :, r, s] = (dy_grouped @ np.swapaxes(window, 2, 3)).sum(axis=0)
    return dw.reshape(geo.k, cg, geo.r, geo.s)


def conv2d_backward_bias_ref(dy):
    """db[k] = sum over batch and output pixels of dy[n, k, oh, ow]."""
    return np.asarray(dy, dtype=np.float64).sum(axis=(0, 2, 3))


def _unfold_geometry(input_shape, kernel_size, stride, padding, dilation):
    n, c, h, w = input_shape
    r, s = pair(kernel_size)
    # A (C*R*S, C, R, S)-shaped weight with groups=1 describes the same windows.
    return _Geometry((n, c, h, w), (1, c, r, s), stride, padding, dilation, 1)


def unfold_ref(x, kernel_size, stride=1, padding=0, dilation=1):
    """Like torch.nn.functional.unfold: (N, C, H, W) -> (N, C*R*S, OH*OW), rows ordered
    (c, r, s), zeros where a window reads padding."""
    x = np.asarray(x, dtype=np.float64)
    geo = _unfold_geometry(x.shape, kernel_size, stride, padding, dilation)
    x_padded = geo.pad(x)
    cols = np.zeros((geo.n, geo.c, geo.r, geo.s, geo.oh * geo.ow))
    for r in range(geo.r):
        for s in range(geo.s):
            rows, columns = geo.tap_window(r, s)
            cols[:, :, r, s, :] = x_padded[:, :, rows, columns].reshape(
                geo.n, geo.c, geo.oh * geo.ow
            )
    return cols.reshape(geo.n, geo.c * geo.r * geo.s, geo.oh * geo.ow)


def fold_ref(cols, output_size, kernel_size, stride=1, padding=0, dilation=1):
    """Like torch.nn.functional.fold (the adjoint of unfold): (N, C*R*S, L) -> (N, C, H, W),
    summing the values that land on the same pixel."""
    cols = np.asarray(cols, dtype=np.float64)
    h, w = pair(output_size)
    r_size, s_size = pair(kernel_size)
    n, rows_total, length = cols.shape
    assert rows_total % (r_size * s_size) == 0, "rows not divisible by the kernel size"
    c = rows_total // (r_size * s_size)
    geo = _unfold_geometry((n, c, h, w), kernel_size, stride, padding, dilation)
    assert length == geo.oh * geo.ow, "number of blocks does not match output_size"

    cols = cols.reshape(n, c, r_size, s_size, geo.oh, geo.ow)
    x_padded = np.zeros((n, c, geo.padded_h, geo.padded_w))
    for r in range(r_size):
        for s in range(s_size):
            rows, columns = geo.tap_window(r, s)
            x_padded[:, :, rows, columns] += cols[:, :, r, s]
    return np.ascontiguousarray(geo.crop(x_padded))
