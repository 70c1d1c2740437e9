"""Initialisation: PyTorch's defaults for Conv2d and Linear, on a NumPy random generator."""
import math

import numpy as np

from .._args import check_sizes, new_array


def make_rng(rng, func="make_rng"):
    """rng: None (fresh, unpredictable entropy), an int seed, or a numpy.random.Generator (used
    as is: pass one generator to every layer to make a whole model reproducible)."""
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is None or (isinstance(rng, (int, np.integer)) and not isinstance(rng, bool)):
        return np.random.default_rng(rng)
    raise TypeError(f"{func}: rng must be None, an int seed or a numpy.random.Generator, got "
                    f"{type(rng).__name__}")


def check_dtype(dtype, func):
    try:
        dt = np.dtype(dtype)
    except TypeError:
        dt = None
    if dt not in (np.dtype(np.float32), np.dtype(np.float64)):
        raise TypeError(f"{func}: dtype must be float32 or float64, got {dtype!r}")
    return dt


def fan_in(shape):
    """Inputs feeding one output: shape[1] * the receptive field (Linear: in_features;
    Conv2d: in_channels / groups * kernel height * kernel width)."""
    return shape[1] * math.prod(shape[2:])


def kaiming_uniform(shape, rng, dtype, a=math.sqrt(5), func="kaiming_uniform"):
    """torch.nn.init.kaiming_uniform_ (fan_in mode, leaky_relu gain with slope a): values drawn
    uniformly from [-bound, bound), bound = gain * sqrt(3 / fan_in), gain = sqrt(2 / (1 + a^2)).
    With PyTorch's default a = sqrt(5) (what Conv2d and Linear use) bound = 1 / sqrt(fan_in)."""
    fi = fan_in(shape)
    gain = math.sqrt(2.0 / (1.0 + a * a))
    bound = gain * math.sqrt(3.0 / fi) if fi > 0 else 0.0
    return _uniform(shape, bound, rng, dtype, func, "weight")


def bias_uniform(weight_shape, n, rng, dtype, func="bias_uniform"):
    """PyTorch's default bias: uniform in [-1/sqrt(fan_in), 1/sqrt(fan_in)) of the weight."""
    fi = fan_in(weight_shape)
    bound = 1.0 / math.sqrt(fi) if fi > 0 else 0.0
    return _uniform((n,), bound, rng, dtype, func, "bias")


_CHUNK = 1 << 20


def _uniform(shape, bound, rng, dtype, func, name):
    """An array of `dtype` drawn uniformly from [-bound, bound): the same values as
    rng.uniform(-bound, bound, size=shape).astype(dtype), drawn a chunk at a time (no float64
    copy of a big weight), and a ValueError / MemoryError naming the layer when too big."""
    check_sizes(func, **{name: math.prod(shape)})
    out = new_array(func, shape, dtype, f"the {name}")
    flat = out.reshape(-1)
    for i in range(0, flat.size, _CHUNK):
        flat[i:i + _CHUNK] = rng.uniform(-bound, bound, size=min(_CHUNK, flat.size - i))
    return out
