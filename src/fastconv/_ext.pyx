# cython: language_level=3
"""fastconv._ext: the Cython layer between the Python API and the C operators.

Thin by design: one def per C operator, typed memoryviews (C-contiguous, fused float32/float64),
outputs allocated by the caller, the C call inside `with nogil`, C status codes turned into
exceptions. No validation beyond what keeps C memory-safe, no loops over data: the Python layer
(fastconv._args and the functional modules) checks arguments first.
"""
from cython cimport floating
from libc.stdint cimport int64_t

from fastconv._capi cimport *

include "_ext_runtime.pxi"
include "_ext_gemm.pxi"
include "_ext_conv.pxi"
include "_ext_pool.pxi"
include "_ext_dense.pxi"
