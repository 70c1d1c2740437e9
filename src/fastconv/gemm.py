"""Matrix product on fastconv's packed GEMM (the engine under the im2col convolution)."""

from . import _ext
from ._args import as_float_array, check_out, contiguous, fail, new_array, same_dtype
from ._threads import get_num_threads


def _operand(a, name):
    """(C-contiguous array, transposed?) without copying when a is C- or Fortran-ordered."""
    if a.flags.c_contiguous:
        return a, False
    if a.flags.f_contiguous:
        return a.T, True
    return contiguous(a, "matmul", name), False


def matmul(a, b, *, out=None):
    """a @ b for 2-D float32 / float64 arrays, like numpy.matmul, on fastconv's GEMM.
    Transposed (Fortran-ordered) operands are used in place, without a copy."""
    func = "matmul"
    aa = as_float_array(a, "a", func, (2,))
    ba = as_float_array(b, "b", func, (2,))
    same_dtype(func, a=aa, b=ba)
    M, K = aa.shape
    K2, N = ba.shape
    if K != K2:
        fail(func, f"a has shape {aa.shape} and b has shape {ba.shape}: a's columns ({K}) must "
             f"equal b's rows ({K2})")
    if out is not None:
        c = check_out(func, out, (M, N), aa.dtype, {"a": a, "b": b})
    else:
        c = new_array(func, (M, N), aa.dtype, "the product")
    if M == 0 or N == 0:
        return c
    ac, ta = _operand(aa, "a")
    bc, tb = _operand(ba, "b")
    _ext.gemm(ta, tb, ac, bc, c, False, get_num_threads())
    return c
