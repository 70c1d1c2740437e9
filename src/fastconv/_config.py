"""Build and run-time configuration: the kernel set in use, OpenMP, CPU features."""
import contextlib
import os
import platform
import warnings

from . import _ext
from ._threads import get_num_threads

ISA_ENV = "FASTCONV_ISA"


def apply_isa_env():
    """At import: FASTCONV_ISA=generic forces the portable kernels, 'avx2' the AVX2+FMA ones,
    'avx512' the AVX-512 ones; unset, empty or 'auto' keeps the best the CPU runs (the order is
    avx512, avx2, generic). A set this CPU or build lacks warns and keeps the best."""
    want = os.environ.get(ISA_ENV, "").strip().lower()
    if want in ("", "auto", "best"):
        return
    try:
        _ext.isa_select(want)
    except ValueError as e:
        warnings.warn(f"{ISA_ENV}={want!r} ignored: {e}; using {_ext.isa_current()!r}",
                      RuntimeWarning, stacklevel=3)


@contextlib.contextmanager
def use_isa(name):
    """Run the block on the kernel set `name` ('generic', 'avx2' or 'avx512', one of
    _ext.isa_available()); not thread-safe."""
    before = _ext.isa_current()
    _ext.isa_select(name)
    try:
        yield
    finally:
        _ext.isa_select(before)


def get_config():
    """The configuration as a dict (see show_config)."""
    from . import __version__
    features = _ext.cpu_features()
    return {
        "version": __version__,
        "compiler": _ext.compiler(),
        "openmp": _ext.openmp_enabled(),
        "cpu": _cpu_model(),
        "machine": platform.machine(),
        "cpu_features": features,
        "isa_compiled": _ext.isa_compiled(),
        "isa_available": _ext.isa_available(),
        "isa": _ext.isa_current(),
        "gemm_tile_f32": _ext.gemm_tile(False),
        "gemm_tile_f64": _ext.gemm_tile(True),
        "num_threads": get_num_threads(),
    }


def _cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def show_config(file=None):
    """Print the version, compiler, OpenMP on/off, CPU features, the kernel set in use and the
    thread count; returns the same facts as a dict."""
    cfg = get_config()
    feats = ", ".join(f"{k}={'yes' if v else 'no'}" for k, v in cfg["cpu_features"].items())
    lines = [
        f"fastconv {cfg['version']}",
        f"  compiler:      {cfg['compiler']}",
        f"  OpenMP:        {'on' if cfg['openmp'] else 'off (single-threaded build)'}",
        f"  CPU:           {cfg['cpu']} ({cfg['machine']})",
        f"  CPU features:  {feats}",
        f"  kernel sets:   compiled {', '.join(cfg['isa_compiled'])}; "
        f"runnable {', '.join(cfg['isa_available'])}",
        f"  kernel set:    {cfg['isa']} (GEMM tile f32 {cfg['gemm_tile_f32'][0]}x"
        f"{cfg['gemm_tile_f32'][1]}, f64 {cfg['gemm_tile_f64'][0]}x{cfg['gemm_tile_f64'][1]})"
        f"{'  [forced by ' + ISA_ENV + ']' if os.environ.get(ISA_ENV) else ''}",
        f"  threads:       {cfg['num_threads']}",
    ]
    print("\n".join(lines), file=file)
    return cfg
