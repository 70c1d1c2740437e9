# Runtime: CPU features, kernel-set selection, OpenMP facts; the status-code check.

cdef int check(fc_status st) except -1:
    if st == FC_OK:
        return 0
    if st == FC_ERR_NOMEM:
        raise MemoryError("fastconv: could not allocate the kernel workspace")
    raise RuntimeError("fastconv: internal error: a C operator rejected its arguments "
                       f"(status {<int>st}); please report this with the call that caused it")

# Kernel sets in increasing order of preference (isa_available() keeps this order, best last).
_ISA_BY_NAME = {"generic": FC_ISA_GENERIC, "avx2": FC_ISA_AVX2, "avx512": FC_ISA_AVX512}
_ISA_RUNS = {"generic": lambda: True, "avx2": lambda: bool(fc_cpu_has_avx2_fma()),
             "avx512": lambda: bool(fc_cpu_has_avx512())}


def cpu_features():
    """CPU features the kernels care about, as detected at run time (the CPU reports them and the
    OS saves the registers they need). "avx512" is what the AVX-512 kernel set needs: F, DQ,
    BW and VL."""
    return {"avx2_fma": bool(fc_cpu_has_avx2_fma()), "avx512f": bool(fc_cpu_has_avx512f()),
            "avx512": bool(fc_cpu_has_avx512())}


def isa_compiled():
    """Kernel sets this build contains."""
    return [name for name, isa in _ISA_BY_NAME.items() if fc_isa_compiled(isa)]


def isa_available():
    """Kernel sets this build contains and this CPU can run, the best last."""
    return [name for name, isa in _ISA_BY_NAME.items()
            if fc_isa_compiled(isa) and _ISA_RUNS[name]()]


def isa_current():
    return fc_isa_name(fc_isa_current()).decode()


def isa_select(str name):
    """Select a kernel set by name; ValueError if unknown or unavailable here."""
    if name not in _ISA_BY_NAME or fc_isa_select(_ISA_BY_NAME[name]) != FC_OK:
        raise ValueError(f"kernel set {name!r} is not available here; available: "
                         f"{isa_available()}")


def openmp_enabled():
    return bool(fc_openmp_enabled())


def openmp_max_threads():
    return fc_openmp_max_threads()


def gemm_tile(bint is_f64):
    """(MR, NR) of the current GEMM micro-kernel for the dtype."""
    cdef int mr = 0, nr = 0
    fc_gemm_tile(is_f64, &mr, &nr)
    return mr, nr


def gemm_blocks(bint is_f64):
    """(KC, MC, NC, MS) cache blocks of the current GEMM kernel set for the dtype."""
    cdef int64_t kc = 0, mc = 0, nc = 0, ms = 0
    fc_gemm_blocks(is_f64, &kc, &mc, &nc, &ms)
    return kc, mc, nc, ms


def compiler():
    return fc_compiler_description().decode()


def peak_gflops(bint is_f64, int nthreads, double seconds):
    """The measured FMA peak (GFLOP/s) of the current kernel set on nthreads threads."""
    cdef double r
    with nogil:
        r = fc_peak_gflops(is_f64, nthreads, seconds)
    return r


# Fill the dispatch table once, at import, before any thread can race to do it.
fc_isa_current()
