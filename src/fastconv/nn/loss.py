"""CrossEntropyLoss: softmax cross-entropy on class indices, with its gradient."""
import numpy as np

from .._args import as_float_array, as_int, fail
from .module import Module

_REDUCTIONS = ("mean", "sum", "none")


class CrossEntropyLoss(Module):
    """torch.nn.CrossEntropyLoss for class-index targets: input (N, C) logits (or unbatched
    (C,)), target (N,) integer class indices in [0, C) (or a scalar). Per sample,
    loss_n = -w[t_n] * log_softmax(x_n)[t_n]; reduction "mean" (the default) divides the sum by
    the sum of w[t_n] (the batch size without weights), "sum" sums, "none" returns the (N,)
    losses. weight: optional (C,) class weights; targets equal to ignore_index add nothing (and
    do not count in the mean); label_smoothing eps mixes the one-hot target with the uniform
    distribution (PyTorch's formula, weights included). The arguments are torch's, in its order;
    the deprecated size_average and reduce, when given, set reduction as in PyTorch.

    forward(input, target) (also `loss_fn(input, target)`) returns the loss (a NumPy scalar of the
    input's dtype, or the (N,) array for "none"); backward(grad=None) returns dL/d(input), for
    grad = dL/d(loss) (1 by default; an (N,) array for "none"). Computed in float64 for both
    dtypes. Targets out of range, of the wrong shape or not integers raise ValueError/TypeError.
    """

    def __init__(self, weight=None, size_average=None, ignore_index=-100, reduce=None,
                 reduction="mean", label_smoothing=0.0):
        super().__init__()
        func = "CrossEntropyLoss"
        if size_average is not None or reduce is not None:
            # PyTorch's deprecated pair, which overrides `reduction` when given
            if reduce is None or reduce:
                reduction = "sum" if size_average is not None and not size_average else "mean"
            else:
                reduction = "none"
        if reduction not in _REDUCTIONS:
            fail(func, f"reduction must be one of {_REDUCTIONS}, got {reduction!r}")
        try:
            ls = float(label_smoothing)
        except (TypeError, ValueError):
            fail(func, f"label_smoothing must be a number between 0.0 and 1.0, got "
                 f"{label_smoothing!r}", TypeError)
        if not 0.0 <= ls <= 1.0:
            fail(func, f"label_smoothing must be between 0.0 and 1.0, got {label_smoothing!r}")
        if weight is not None:
            w = np.asarray(weight)
            if w.dtype.kind not in "biuf" or w.ndim != 1:
                fail(func, f"weight must be a 1-D array of class weights, got "
                     f"{w.ndim}-D array of dtype {w.dtype}")
            weight = w.astype(np.float64)
        self.weight = weight
        self.ignore_index = as_int(ignore_index, "ignore_index", func)
        self.reduction, self.label_smoothing = reduction, ls

    def forward(self, input, target):
        func = "CrossEntropyLoss"
        x = as_float_array(input, "input", func, (1, 2))
        unbatched = x.ndim == 1
        x2 = x[None] if unbatched else x
        N, C = x2.shape
        t = np.asarray(target)
        if t.dtype.kind not in "iu":
            fail(func, f"target must hold integer class indices, got dtype {t.dtype}", TypeError)
        want = () if unbatched else (N,)
        if t.shape != want:
            fail(func, f"target must have shape {want} (one class index per row of input "
                 f"shape {x.shape}), got shape {t.shape}")
        t = t.reshape(N)
        valid = t != self.ignore_index
        bad = valid & ((t < 0) | (t >= C))
        if bad.any():
            pos = np.flatnonzero(bad)
            fail(func, f"target holds class indices outside [0, {C}): {t[pos[:5]].tolist()} at "
                 f"positions {pos[:5].tolist()}{' ...' if pos.size > 5 else ''}")
        w = self.weight
        if w is not None and w.shape != (C,):
            fail(func, f"weight has shape {w.shape}, but input has {C} classes")
        ts = np.where(valid, t, 0)
        z = x2.astype(np.float64)
        if N > 0 and C > 0:
            z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        s = e.sum(axis=1, keepdims=True)
        logp = z - np.log(s)
        rows = np.arange(N)
        wy = (w[ts] * valid) if w is not None else valid.astype(np.float64)
        eps = self.label_smoothing
        loss = -(1.0 - eps) * wy * logp[rows, ts]
        if eps:
            wl = logp * w if w is not None else logp
            loss -= (eps / C) * wl.sum(axis=1) * valid
        if self.reduction == "mean":
            denom = wy.sum()
            with np.errstate(invalid="ignore", divide="ignore"):
                value, scale = loss.sum() / denom, 1.0 / denom
        elif self.reduction == "sum":
            value, scale = loss.sum(), 1.0
        else:
            value, scale = (loss[0] if unbatched else loss), None
        self.__dict__["_saved"] = (e / s, ts, wy, valid, scale, x.dtype, x.shape)
        return x.dtype.type(value) if scale is not None else value.astype(x.dtype)

    def backward(self, grad=None):
        p, ts, wy, valid, scale, dtype, shape = self._take_saved()
        N, C = p.shape
        if scale is None:  # reduction="none": grad holds one value per sample
            g = np.ones(N) if grad is None else np.asarray(grad, dtype=np.float64)
            if g.shape != shape[:-1]:
                fail("CrossEntropyLoss.backward", f"grad must have shape {shape[:-1]} (one value "
                     f"per sample, reduction='none'), got {g.shape}")
            scale = g.reshape(N)
        elif grad is not None:
            g = np.asarray(grad, dtype=np.float64)
            if g.size != 1:
                fail("CrossEntropyLoss.backward", f"grad must be a scalar (reduction="
                     f"{self.reduction!r}), got shape {g.shape}")
            scale = scale * float(g.reshape(()))
        eps, w = self.label_smoothing, self.weight
        # d loss_n / d x_nc = p_nc * sum_k a_nk - a_nc, a_nc = (1-eps) w_y [c == t_n] + eps/C w_c
        sum_a = (1.0 - eps) * wy
        if eps:
            sum_a = sum_a + (eps / C) * (w.sum() if w is not None else C) * valid
        dx = p * (sum_a * scale)[:, None]
        dx[np.arange(N), ts] -= (1.0 - eps) * wy * scale
        if eps:
            dx -= (eps / C) * (w if w is not None else 1.0) * (valid * scale)[:, None]
        return dx.astype(dtype, copy=False).reshape(shape)

    def extra_repr(self):
        parts = []
        if self.reduction != "mean":
            parts.append(f"reduction={self.reduction!r}")
        if self.ignore_index != -100:
            parts.append(f"ignore_index={self.ignore_index}")
        if self.label_smoothing:
            parts.append(f"label_smoothing={self.label_smoothing}")
        return ", ".join(parts)
