"""Build of fastconv's C kernels and its Cython extension.

The C sources are compiled here, per instruction set: the portable ones with the baseline flags
of the target; on x86-64 only, the AVX2+FMA micro-kernels with -mavx2 -mfma and the AVX-512
micro-kernels with -mavx512f -mavx512vl -mavx512dq -mavx512bw -mfma, each set in its own objects,
picked at run time by CPU detection. Never -march=native.

Environment variables:
  FASTCONV_NO_OPENMP=1   build without OpenMP (single-threaded), even where the compiler has it
  FASTCONV_DEBUG=1       -O0 -g with the C asserts on
  FASTCONV_SANITIZE=1    AddressSanitizer + UndefinedBehaviorSanitizer (C and Cython), -O1 -g, asserts
                         on, every report fatal; run with the ASan runtime preloaded (see .ci/run)
  FASTCONV_KEEP_SYMBOLS=1  do not strip the extension (for perf / objdump)
"""
import glob
import os
import platform
import shutil
import subprocess
import sys
import tempfile

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

HERE = os.path.dirname(os.path.abspath(__file__))
CSRC = os.path.join("src", "fastconv", "csrc")


def _rel_glob(pattern):
    return sorted(os.path.relpath(p, HERE) for p in glob.glob(os.path.join(HERE, pattern)))


PORTABLE_SOURCES = (_rel_glob(os.path.join(CSRC, "runtime", "*.c"))
                    + _rel_glob(os.path.join(CSRC, "ops", "*.c"))
                    + _rel_glob(os.path.join(CSRC, "ukernels", "scalar", "*.c")))
AVX2_SOURCES = _rel_glob(os.path.join(CSRC, "ukernels", "avx2", "*.c"))
AVX512_SOURCES = _rel_glob(os.path.join(CSRC, "ukernels", "avx512", "*.c"))
AVX512_DEPENDS = _rel_glob(os.path.join(CSRC, "ukernels", "avx512", "*.inc"))
INCLUDE_DIRS = ["include", CSRC]


def _env_flag(name):
    return os.environ.get(name, "").strip().lower() not in ("", "0", "false", "no")


def _is_x86_64():
    return platform.machine().lower() in ("x86_64", "amd64")


OMP_PROBE = r"""
#include <omp.h>
#include <stdio.h>
int main(void) {
    int n = 0;
    #pragma omp parallel reduction(+:n)
    n += 1;
    printf("%d\n", n);
    return n >= 1 ? 0 : 1;
}
"""


def _probe_openmp(compiler, flags):
    """Compile, link and run a tiny OpenMP program; True if it works with `flags`."""
    tmp = tempfile.mkdtemp(prefix="fastconv-omp-")
    try:
        src = os.path.join(tmp, "probe.c")
        with open(src, "w") as f:
            f.write(OMP_PROBE)
        objs = compiler.compile([src], output_dir=tmp, extra_postargs=flags)
        exe = os.path.join(tmp, "probe")
        compiler.link_executable(objs, exe, extra_postargs=flags)
        subprocess.run([exe], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       timeout=60)
        return True
    except Exception:
        return False
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


# Every report is fatal: a sanitized test run fails on the first one.
SANITIZE_FLAGS = ["-fsanitize=address,undefined", "-fno-omit-frame-pointer",
                  "-fno-sanitize-recover=all"]


class BuildExt(build_ext):
    def build_extension(self, ext):
        cc = self.compiler
        msvc = cc.compiler_type == "msvc"
        debug = _env_flag("FASTCONV_DEBUG")
        sanitize = _env_flag("FASTCONV_SANITIZE") and not msvc
        if msvc:
            base = ["/O2"]
            omp = ["/openmp"]
            avx2 = ["/arch:AVX2"]
            avx512 = ["/arch:AVX512"]
        else:
            base = (["-O0", "-g"] if debug else ["-O3"]) + ["-std=c11", "-fPIC",
                                                           "-fvisibility=hidden"]
            if sanitize:
                base = ["-O1", "-g", "-std=c11", "-fPIC", "-fvisibility=hidden"] + SANITIZE_FLAGS
            omp = ["-fopenmp"]
            avx2 = ["-mavx2", "-mfma"]
            # the subsets fc_cpu_has_avx512() checks: the kernels are written with AVX-512 F
            # intrinsics, but the compiler uses the others too (kmovb, from DQ, for 8-lane masks)
            avx512 = ["-mavx512f", "-mavx512vl", "-mavx512dq", "-mavx512bw", "-mavx2", "-mfma"]
        macros = [] if debug or sanitize else [("NDEBUG", None)]
        if not _env_flag("FASTCONV_NO_OPENMP") and _probe_openmp(cc, omp):
            print("fastconv: OpenMP found, building with", " ".join(omp))
        else:
            print("fastconv: no OpenMP, building single-threaded")
            omp = []
        x86_64 = _is_x86_64() or (msvc and platform.machine().lower() in ("amd64", "x86_64"))
        if x86_64:
            macros += [("FC_HAVE_AVX2", "1"), ("FC_HAVE_AVX512", "1")]
        out = os.path.join(self.build_temp, "fastconv_c")
        objects = cc.compile(PORTABLE_SOURCES, output_dir=out, macros=macros,
                             include_dirs=INCLUDE_DIRS, extra_postargs=base + omp)
        if x86_64:
            objects += cc.compile(AVX2_SOURCES, output_dir=out, macros=macros,
                                  include_dirs=INCLUDE_DIRS, extra_postargs=base + omp + avx2)
            objects += cc.compile(AVX512_SOURCES, output_dir=out, macros=macros,
                                  include_dirs=INCLUDE_DIRS, extra_postargs=base + omp + avx512,
                                  depends=AVX512_DEPENDS)
        ext.extra_objects = list(ext.extra_objects or []) + objects
        ext.extra_compile_args = list(ext.extra_compile_args or []) + (
            [] if msvc else ["-O0", "-g"] if debug else ["-O1", "-g"] + SANITIZE_FLAGS
            if sanitize else ["-O2"]) + omp
        keep = (debug or sanitize or msvc or sys.platform == "darwin"
                or _env_flag("FASTCONV_KEEP_SYMBOLS"))
        strip = [] if keep else ["-s"]
        ext.extra_link_args = (list(ext.extra_link_args or []) + omp + strip
                               + (SANITIZE_FLAGS if sanitize else []))
        ext.define_macros = list(ext.define_macros or []) + macros
        super().build_extension(ext)


def _extensions():
    from Cython.Build import cythonize

    ext = Extension(
        "fastconv._ext",
        sources=[os.path.join("src", "fastconv", "_ext.pyx")],
        include_dirs=INCLUDE_DIRS,
        define_macros=[("NPY_NO_DEPRECATED_API", "NPY_1_7_API_VERSION")],
        depends=PORTABLE_SOURCES + AVX2_SOURCES + AVX512_SOURCES + AVX512_DEPENDS,
    )
    return cythonize(
        [ext],
        include_path=[os.path.join(HERE, "src")],
        compiler_directives={
            "language_level": "3",
            "boundscheck": False,
            "wraparound": False,
            "cdivision": True,
            "initializedcheck": False,
            "embedsignature": True,
        },
    )


setup(ext_modules=_extensions(), cmdclass={"build_ext": BuildExt})
