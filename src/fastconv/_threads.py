"""Thread count for fastconv's kernels.

The count a call uses is, first match wins: the innermost `num_threads(n)` context of the
calling Python thread; the process-wide `set_num_threads(n)`; else the OpenMP runtime's
`omp_get_max_threads()`, asked at every call, so OMP_NUM_THREADS and threadpoolctl's limits apply.

After a fork(): GNU OpenMP cannot start its threads again in a child forked from a process whose
OpenMP threads had started (the child would wait for them forever), so such a child runs every
call on one thread. A child forked before any multi-threaded call, or started with the "spawn" or
"forkserver" methods of multiprocessing, keeps its threads.
"""
import contextlib
import operator
import os
import threading

from . import _ext

_global = None
_local = threading.local()
_threads_started = False  # a call may have run on more than one OpenMP thread
_forked = False           # this process was forked after that: one thread only


def _after_fork_in_child():
    global _forked
    if _threads_started:
        _forked = True


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


def _positive_int(n, func, name="n"):
    if isinstance(n, bool):
        raise TypeError(f"{func}: {name} must be a positive integer, got {n!r}")
    try:
        n = operator.index(n)
    except TypeError:
        raise TypeError(f"{func}: {name} must be a positive integer, got "
                        f"{type(n).__name__}") from None
    if n < 1:
        raise ValueError(f"{func}: {name} must be a positive integer, got {n}")
    if n > 4096:
        raise ValueError(f"{func}: {name} must be at most 4096, got {n}")
    return n


def set_num_threads(n):
    """Use `n` threads in every later call, in every Python thread (a positive integer)."""
    global _global
    _global = _positive_int(n, "set_num_threads")


def get_num_threads():
    """The number of threads the next call from this Python thread will use (1 in a process
    forked after fastconv ran on several threads: see the module's note)."""
    global _threads_started
    if _forked:
        return 1
    stack = getattr(_local, "stack", None)
    if stack:
        n = stack[-1]
    elif _global is not None:
        n = _global
    else:
        n = max(1, _ext.openmp_max_threads())
    if n > 1:
        _threads_started = True
    return n


@contextlib.contextmanager
def num_threads(n):
    """Within the block, calls from this Python thread use `n` threads. Contexts nest."""
    n = _positive_int(n, "num_threads")
    stack = getattr(_local, "stack", None)
    if stack is None:
        stack = _local.stack = []
    stack.append(n)
    try:
        yield n
    finally:
        stack.pop()
