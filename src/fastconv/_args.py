"""Argument checking and normalisation shared by every public function.

Everything here runs before any C code: bad input gets a ValueError or TypeError that names the
argument, sizes are checked in Python's unbounded integers so nothing overflows, and arrays are
made C-contiguous only when they are not already (inputs are never written to).
"""
import operator

import numpy as np

INT64_MAX = 2**63 - 1
FLOAT_DTYPES = (np.dtype(np.float32), np.dtype(np.float64))


def fail(func, msg, exc=ValueError):
    raise exc(f"{func}: {msg}")


def as_float_array(a, name, func, ndims=None):
    """`a` as an ndarray of float32 or float64 with one of the dimension counts in `ndims`
    (any number of dimensions when ndims is None)."""
    if a is None:
        fail(func, f"{name} must be an array, got None", TypeError)
    if not isinstance(a, np.ndarray):
        try:
            a = np.asarray(a)
        except Exception as e:  # ragged lists and the like
            fail(func, f"{name} could not be converted to an array ({e})", TypeError)
    dt = a.dtype
    if dt.kind == "f" and dt.itemsize in (4, 8) and not dt.isnative:
        a = a.astype(dt.newbyteorder("="))
    elif dt not in FLOAT_DTYPES:
        fail(func, f"{name} must have dtype float32 or float64, got {dt}", TypeError)
    if ndims is not None and a.ndim not in ndims:
        want = " or ".join(f"{d}-D" for d in ndims)
        fail(func, f"{name} must be {want}, got {a.ndim}-D array of shape {a.shape}")
    return a


def same_dtype(func, **arrays):
    """TypeError unless every given array (None skipped) has the same dtype."""
    items = [(k, v) for k, v in arrays.items() if v is not None]
    first_name, first = items[0]
    for name, a in items[1:]:
        if a.dtype != first.dtype:
            fail(func, f"{name} has dtype {a.dtype} but {first_name} has dtype {first.dtype}; "
                 "mixed dtypes are not supported", TypeError)


def contiguous(a, func, name):
    """`a` itself when C-contiguous, else a C-contiguous copy; a copy too large for memory (a
    broadcast view of a huge shape, say) raises a MemoryError naming the function and argument."""
    if a.flags.c_contiguous:
        return a
    try:
        return np.ascontiguousarray(a)
    except MemoryError:
        raise MemoryError(f"{func}: {name} is not C-contiguous, and its contiguous copy (shape "
                          f"{a.shape}, dtype {a.dtype}, {a.size * a.itemsize:,} bytes) does not "
                          "fit in memory") from None


def as_int(v, name, func):
    if isinstance(v, (bool, np.bool_)):
        fail(func, f"{name} must be an integer, got {v!r}", TypeError)
    try:
        v = operator.index(v)
    except TypeError:
        fail(func, f"{name} must be an integer or a pair of integers, got {v!r}", TypeError)
    if not -INT64_MAX - 1 <= v <= INT64_MAX:
        fail(func, f"{name} = {v} does not fit in 64 bits")
    return v


def pair(v, name, func, minimum):
    """An int or a sequence of 1 or 2 ints -> (h, w), each >= minimum."""
    if isinstance(v, (tuple, list, np.ndarray)):
        vals = list(v)
        if len(vals) == 1:
            vals = vals * 2
        if len(vals) != 2:
            fail(func, f"{name} must be an integer or a pair of integers, got {v!r}")
        h, w = (as_int(e, name, func) for e in vals)
    else:
        h = w = as_int(v, name, func)
    if h < minimum or w < minimum:
        what = "positive" if minimum == 1 else "non-negative"
        fail(func, f"{name} must be {what}, got {(h, w)}")
    return h, w


def shape_tuple(shape, name, func, ndims):
    """A shape argument (sequence of ints) as a tuple of non-negative ints."""
    if isinstance(shape, (str, bytes)) or not hasattr(shape, "__len__"):
        fail(func, f"{name} must be a tuple of integers, got {shape!r}", TypeError)
    dims = tuple(as_int(d, name, func) for d in shape)
    if len(dims) not in ndims:
        want = " or ".join(str(d) for d in ndims)
        fail(func, f"{name} must have {want} entries, got {dims}")
    if any(d < 0 for d in dims):
        fail(func, f"{name} must not have negative sizes, got {dims}")
    return dims


def check_sizes(func, **counts):
    """ValueError if an element count (or its size in bytes, 8 per element) overflows int64."""
    for name, count in counts.items():
        if count * 8 > INT64_MAX:
            fail(func, f"{name} would have {count} elements, too many for 64-bit sizes")


def out_size(size, kernel, stride, pad_total, dilation):
    """Output length of a sliding window: floor((I + P - D*(F-1) - 1) / S) + 1, where
    pad_total is the padding on both sides together (2P when symmetric)."""
    return (size + pad_total - dilation * (kernel - 1) - 1) // stride + 1


def check_out(func, out, shape, dtype, inputs):
    """`out` must be a writeable C-contiguous ndarray of exactly `shape` and `dtype`, sharing no
    memory with any array in `inputs`."""
    if not isinstance(out, np.ndarray):
        fail(func, f"out must be a numpy.ndarray, got {type(out).__name__}", TypeError)
    if out.shape != tuple(shape):
        fail(func, f"out has shape {out.shape}, expected {tuple(shape)}")
    if out.dtype != dtype:
        fail(func, f"out has dtype {out.dtype}, expected {dtype}")
    if not out.flags.c_contiguous:
        fail(func, "out must be C-contiguous")
    if not out.flags.writeable:
        fail(func, "out is read-only")
    for name, a in inputs.items():
        if isinstance(a, np.ndarray) and np.may_share_memory(out, a):
            try:
                overlap = np.shares_memory(out, a, max_work=10**6)
            except Exception:  # too hard to decide exactly: treat as overlapping
                overlap = True
            if overlap:
                fail(func, f"out overlaps {name}")
    return out


def new_array(func, shape, dtype, what="the result", zero=False):
    """np.empty (np.zeros when zero) of `shape`, or a MemoryError that names the function and
    the array it could not allocate (NumPy raises before allocating anything)."""
    try:
        return np.zeros(shape, dtype=dtype) if zero else np.empty(shape, dtype=dtype)
    except MemoryError:
        nbytes = int(np.prod(shape, dtype=object)) * np.dtype(dtype).itemsize
        raise MemoryError(f"{func}: {what}, of shape {tuple(shape)} and dtype "
                          f"{np.dtype(dtype).name}, needs {nbytes / 2**30:.1f} GiB, more than "
                          "can be allocated") from None
