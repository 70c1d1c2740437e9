"""Thread count for fastconv's kernels.

The count a call uses is, first match wins: the innermost `num_threads(n)` context of the
calling Python thread; the process-wide `set_num_threads(n)`; else the OpenMP runtime's
`omp_get_max_threads()`, asked at every call, so OMP_NUM_THREADS and threadpoolctl's limits apply.
"""
import contextlib
import operator
import threading

from . import _ext

_global = None
_local = threading.local()


def _positive_int(n, name="n"):
    if isinstance(n, bool):
        raise TypeError(f"{name} must be a positive integer, got {n!r}")
    try:
        n = operator.index(n)
    except TypeError:
        raise TypeError(f"{name} must be a positive integer, got {type(n).__name__}") from None
    if n < 1:
        raise ValueError(f"{name} must be a positive integer, got {n}")
    if n > 4096:
        raise ValueError(f"{name} must be at most 4096, got {n}")
    return n


def set_num_threads(n):
    """Use `n` threads in every later call, in every Python thread (a positive integer)."""
    global _global
    _global = _positive_int(n)


def get_num_threads():
    """The number of threads the next call from this Python thread will use."""
    stack = getattr(_local, "stack", None)
    if stack:
        return stack[-1]
    if _global is not None:
        return _global
    return max(1, _ext.openmp_max_threads())


@contextlib.contextmanager
def num_threads(n):
    """Within the block, calls from this Python thread use `n` threads. Contexts nest."""
    n = _positive_int(n)
    stack = getattr(_local, "stack", None)
    if stack is None:
        stack = _local.stack = []
    stack.append(n)
    try:
        yield n
    finally:
        stack.pop()
