"""SGD: stochastic gradient descent with PyTorch's momentum, dampening, Nesterov and weight
decay."""
import numpy as np

from .parameter import Parameter

_HYPER = ("lr", "momentum", "dampening", "weight_decay", "nesterov", "maximize")


class SGD:
    """torch.optim.SGD on Parameters: for each parameter p with a gradient g (in place, in p's
    dtype), step() does

        g = -g if maximize;  g = g + weight_decay * p
        if momentum: buf = g (first step) else momentum * buf + (1 - dampening) * g
                     g = g + momentum * buf if nesterov else buf
        p = p - lr * g

    params: an iterable of Parameters (model.parameters()), of (name, Parameter) pairs, or of
    dicts (parameter groups: {"params": [...], "lr": ...}, the other options defaulting to the
    constructor's). Parameters without a gradient (grad None) or with requires_grad False are
    skipped; state["momentum_buffer"] per parameter is in self.state[p]."""

    def __init__(self, params, lr=1e-3, momentum=0, dampening=0, weight_decay=0, nesterov=False,
                 *, maximize=False):
        self.defaults = dict(lr=lr, momentum=momentum, dampening=dampening,
                             weight_decay=weight_decay, nesterov=nesterov, maximize=maximize)
        if isinstance(params, Parameter):
            raise TypeError("SGD: params must be an iterable of Parameters (model.parameters()), "
                            "got one Parameter")
        params = list(params)
        if not params:
            raise ValueError("SGD: got an empty parameter list")
        groups = params if isinstance(params[0], dict) else [{"params": params}]
        self.param_groups = []
        self.state = {}
        seen = set()
        for g in groups:
            self._add_group(g, seen)

    def _add_group(self, group, seen):
        if not isinstance(group, dict) or "params" not in group:
            raise TypeError("SGD: a parameter group must be a dict with a 'params' entry")
        unknown = set(group) - set(_HYPER) - {"params"}
        if unknown:
            raise ValueError(f"SGD: unknown options in a parameter group: {sorted(unknown)}")
        ps = group["params"]
        ps = [ps] if isinstance(ps, Parameter) else list(ps)
        ps = [p[1] if isinstance(p, tuple) and len(p) == 2 else p for p in ps]
        for p in ps:
            if not isinstance(p, Parameter):
                raise TypeError(f"SGD: parameters must be fastconv.nn.Parameter, got "
                                f"{type(p).__name__}")
            if id(p) in seen:
                raise ValueError("SGD: a parameter appears more than once (in one group or "
                                 "in two)")
            seen.add(id(p))
        g = dict(self.defaults)
        g.update({k: v for k, v in group.items() if k != "params"})
        g["params"] = ps
        for k in ("lr", "momentum", "dampening", "weight_decay"):
            v = g[k]
            if isinstance(v, bool) or not isinstance(v, (int, float, np.integer, np.floating)):
                raise TypeError(f"SGD: {k} must be a number, got {v!r}")
            if k != "dampening" and (v < 0 or v != v):
                raise ValueError(f"SGD: invalid {k} {v!r} (must be >= 0)")
            g[k] = float(v)
        g["nesterov"], g["maximize"] = bool(g["nesterov"]), bool(g["maximize"])
        if g["nesterov"] and (g["momentum"] <= 0 or g["dampening"] != 0):
            raise ValueError("SGD: Nesterov momentum requires a momentum and zero dampening")
        self.param_groups.append(g)

    def add_param_group(self, group):
        """Adds a parameter group (a dict with "params" and optional options)."""
        seen = {id(p) for g in self.param_groups for p in g["params"]}
        self._add_group(group, seen)

    def zero_grad(self, set_to_none=True):
        """Clears every parameter's gradient: to None (PyTorch's default), or to zeros."""
        for g in self.param_groups:
            for p in g["params"]:
                if set_to_none:
                    p.grad = None
                elif p.grad is not None:
                    p.grad.fill(0)

    def step(self):
        """One update of every parameter that has a gradient."""
        for group in self.param_groups:
            lr, momentum, dampening = group["lr"], group["momentum"], group["dampening"]
            wd, nesterov, maximize = group["weight_decay"], group["nesterov"], group["maximize"]
            for p in group["params"]:
                d = p.grad
                if d is None or not p.requires_grad:
                    continue
                data = p.data
                if maximize:
                    d = -d
                if wd != 0:
                    d = d + wd * data
                if momentum != 0:
                    state = self.state.get(p)
                    if state is None:
                        buf = d.copy()
                        self.state[p] = {"momentum_buffer": buf}
                    else:
                        buf = state["momentum_buffer"]
                        buf *= momentum
                        buf += (1.0 - dampening) * d if dampening else d
                    d = d + momentum * buf if nesterov else buf
                data -= lr * d
