"""Module: the base of every layer (parameters, sub-layers, train/eval, state_dict)."""
import functools
from collections import OrderedDict, namedtuple

import numpy as np

from .parameter import Parameter

IncompatibleKeys = namedtuple("IncompatibleKeys", "missing_keys unexpected_keys")

# The state a layer keeps between forward and backward: _NOTHING before the first forward (and
# from the start of each forward until it succeeds, so that a forward that raised leaves nothing
# behind to go back through), _CONSUMED once a backward has succeeded (a second backward then
# fails clearly; a backward that raised, say on a wrong grad_out, can be retried).
_NOTHING = None
_CONSUMED = object()


def _forgets_first(forward):
    @functools.wraps(forward)
    def wrapper(self, *args, **kwargs):
        self.__dict__["_saved"] = _NOTHING
        return forward(self, *args, **kwargs)
    return wrapper


def _consumes_on_success(backward):
    @functools.wraps(backward)
    def wrapper(self, *args, **kwargs):
        out = backward(self, *args, **kwargs)
        self.__dict__["_saved"] = _CONSUMED
        return out
    return wrapper


class Module:
    """Base class of the layers, like torch.nn.Module without autograd.

    A layer's forward(x) (also `layer(x)`) computes its output and keeps what its backward pass
    needs; backward(grad_out) takes dL/d(output), adds (+=) the gradients of its parameters into
    their .grad and returns dL/d(input) (backward(grad_out, input_grad=False) skips that and
    returns None: for a first layer, whose input is data). A forward pass can be gone back
    through once; backward before forward, or a second backward after one forward, raises
    RuntimeError.

    Parameters and sub-layers assigned as attributes are registered (in assignment order), as in
    torch.nn.Module: they make named_parameters(), state_dict() and their key names
    ("0.weight", "features.3.bias", ...). Subclass it to write your own layer: assign Parameters
    and Modules in __init__ (after super().__init__()), define forward and backward.
    """

    def __init_subclass__(cls, **kwargs):
        # every layer's forward and backward keep the state rules above, user layers included
        super().__init_subclass__(**kwargs)
        if "forward" in cls.__dict__:
            cls.forward = _forgets_first(cls.__dict__["forward"])
        if "backward" in cls.__dict__:
            cls.backward = _consumes_on_success(cls.__dict__["backward"])

    def __init__(self):
        d = self.__dict__
        d["_parameters"] = OrderedDict()
        d["_modules"] = OrderedDict()
        d["training"] = True
        d["_saved"] = _NOTHING

    def __setattr__(self, name, value):
        if isinstance(value, Parameter):
            self.__dict__["_parameters"][name] = value
        elif isinstance(value, Module):
            self.__dict__["_modules"][name] = value
        elif name in self.__dict__.get("_parameters", ()):
            if value is not None:
                raise TypeError(f"cannot assign {type(value).__name__} to parameter {name!r} "
                                "(a Parameter or None is required)")
            self._parameters[name] = None
        elif name in self.__dict__.get("_modules", ()):
            if value is not None:
                raise TypeError(f"cannot assign {type(value).__name__} to sub-module {name!r} "
                                "(a Module or None is required)")
            self._modules[name] = None
        object.__setattr__(self, name, value)

    def __delattr__(self, name):
        self._parameters.pop(name, None)
        self._modules.pop(name, None)
        object.__delattr__(self, name)

    def register_parameter(self, name, param):
        """Adds a Parameter (or None: a registered but absent one, like a bias=False bias)."""
        if param is not None and not isinstance(param, Parameter):
            raise TypeError(f"register_parameter: {name!r} must be a Parameter or None, got "
                            f"{type(param).__name__}")
        self._parameters[name] = param
        object.__setattr__(self, name, param)

    def add_module(self, name, module):
        """Adds a sub-layer under `name` (its parameters' keys then start with "name.")."""
        if module is not None and not isinstance(module, Module):
            raise TypeError(f"add_module: {name!r} must be a Module or None, got "
                            f"{type(module).__name__}")
        self._modules[str(name)] = module
        object.__setattr__(self, str(name), module)

    # ---- forward / backward ----

    def __call__(self, *args, **kwargs):
        return self.forward(*args, **kwargs)

    def forward(self, *args):
        raise NotImplementedError(f"{type(self).__name__} does not define forward()")

    def backward(self, grad_out, input_grad=True):
        raise NotImplementedError(f"{type(self).__name__} does not define backward()")

    def _take_saved(self):
        """What forward kept for backward; fails clearly before forward, after a forward that
        raised, or on a second backward (backward marks it used once it has succeeded)."""
        saved = self._saved
        if saved is _NOTHING or saved is _CONSUMED:
            self._backward_error(saved)
        return saved

    def _backward_error(self, saved):
        name = self._short_repr()
        if saved is _CONSUMED:
            raise RuntimeError(f"{name}.backward() called twice after one forward(): a forward "
                               "pass can be gone back through only once (call forward again)")
        raise RuntimeError(f"{name}.backward() called before forward() (or after a forward "
                           "pass that raised): there is no forward pass to go back through")

    # ---- parameters and sub-layers ----

    def named_parameters(self, prefix="", recurse=True):
        """(name, Parameter) pairs, PyTorch's names and order; each Parameter once."""
        seen = set()
        for mod_prefix, mod in (self.named_modules(prefix) if recurse else [(prefix, self)]):
            for name, p in mod._parameters.items():
                if p is None or id(p) in seen:
                    continue
                seen.add(id(p))
                yield (f"{mod_prefix}.{name}" if mod_prefix else name), p

    def parameters(self, recurse=True):
        """The Parameters, in named_parameters() order (an iterator, as in PyTorch)."""
        for _, p in self.named_parameters(recurse=recurse):
            yield p

    def named_modules(self, prefix=""):
        """(name, Module) for this module ("" or prefix) and every sub-module, depth first."""
        seen = set()
        stack = [(prefix, self)]
        while stack:
            name, mod = stack.pop()
            if id(mod) in seen:
                continue
            seen.add(id(mod))
            yield name, mod
            children = [(f"{name}.{k}" if name else k, m) for k, m in mod._modules.items()
                        if m is not None]
            stack.extend(reversed(children))

    def modules(self):
        for _, m in self.named_modules():
            yield m

    def named_children(self):
        for k, m in self._modules.items():
            if m is not None:
                yield k, m

    def children(self):
        for _, m in self.named_children():
            yield m

    def zero_grad(self, set_to_none=True):
        """Clears every parameter's gradient: to None (PyTorch's default), or to zeros."""
        for p in self.parameters():
            if set_to_none:
                p.grad = None
            elif p.grad is not None:
                p.grad.fill(0)

    def train(self, mode=True):
        """Sets training mode on this module and every sub-module (layers here behave the same
        in both modes; the flag is there for your own). Returns self."""
        if not isinstance(mode, (bool, np.bool_)):
            raise ValueError(f"train: mode must be a bool, got {mode!r}")
        for m in self.modules():
            m.__dict__["training"] = bool(mode)
        return self

    def eval(self):
        """train(False). Returns self."""
        return self.train(False)

    # ---- state_dict ----

    def state_dict(self):
        """An OrderedDict from PyTorch's key names ("0.weight", "3.bias", ...) to the parameter
        arrays themselves (not copies, as PyTorch's tensors share storage: copy them to keep a
        snapshot while training goes on). np.savez(path, **model.state_dict()) saves it;
        torch_model.load_state_dict({k: torch.from_numpy(v) for k, v in sd.items()}) loads it
        into the same model built in PyTorch."""
        return OrderedDict((k, p.data) for k, p in self.named_parameters())

    def load_state_dict(self, state_dict, strict=True):
        """Copies values into the parameters, in place, from a mapping with PyTorch's key names:
        this model's state_dict(), a dict of NumPy arrays (np.load of an .npz), or a PyTorch
        model's state_dict() (tensors). Each value goes through numpy.asarray and is cast to the
        parameter's dtype. Missing keys, unexpected keys (with strict=True, the default) and
        wrongly shaped values raise ValueError listing every one of them, and then nothing is
        loaded. Returns (missing_keys, unexpected_keys), as PyTorch."""
        if not hasattr(state_dict, "keys") or not hasattr(state_dict, "__getitem__"):
            raise TypeError(f"load_state_dict: state_dict must be a mapping from names to arrays, "
                            f"got {type(state_dict).__name__}")
        own = OrderedDict(self.named_parameters())
        keys = list(state_dict.keys())
        missing = [k for k in own if k not in state_dict]
        unexpected = [k for k in keys if k not in own]
        values, wrong = {}, []
        for k, p in own.items():
            if k not in state_dict:
                continue
            a = _as_numeric_array(state_dict[k], k)
            if a.shape != p.data.shape:
                wrong.append(f"{k!r}: expected shape {p.data.shape}, got {a.shape}")
            values[k] = a
        problems = []
        if wrong:
            problems.append("wrong shapes: " + "; ".join(wrong))
        if strict and missing:
            problems.append(f"missing keys: {missing}")
        if strict and unexpected:
            problems.append(f"unexpected keys: {unexpected}")
        if problems:
            raise ValueError(f"load_state_dict into {type(self).__name__}: "
                             + "; ".join(problems) + " (nothing was loaded)")
        for k, a in values.items():
            np.copyto(own[k].data, a, casting="unsafe")
        return IncompatibleKeys(missing, unexpected)

    # ---- printing ----

    def extra_repr(self):
        return ""

    def _short_repr(self):
        return f"{type(self).__name__}({self.extra_repr()})"

    def __repr__(self):
        children = [(k, m) for k, m in self._modules.items()]
        if not children:
            return self._short_repr()
        lines = [f"{type(self).__name__}("]
        if self.extra_repr():
            lines.append("  " + self.extra_repr())
        for k, m in children:
            sub = repr(m).replace("\n", "\n  ")
            lines.append(f"  ({k}): {sub}")
        lines.append(")")
        return "\n".join(lines)


def _tensor_as_array(t):
    """A torch tensor that requires grad, or of a dtype NumPy lacks (bfloat16: exact in float64)."""
    t = t.detach().cpu()
    try:
        return np.asarray(t)
    except Exception:
        return np.asarray(t.double())


def _as_numeric_array(v, key):
    try:
        a = np.asarray(v)
    except Exception as e:
        try:
            a = _tensor_as_array(v) if hasattr(v, "detach") else None
        except Exception:
            a = None
        if a is None:
            raise TypeError(f"load_state_dict: the value of {key!r} could not be converted to "
                            f"an array ({e})") from None
    if a.dtype.kind not in "biuf":
        raise TypeError(f"load_state_dict: the value of {key!r} must be numeric, got dtype "
                        f"{a.dtype}")
    return a
