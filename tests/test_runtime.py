"""Configuration, kernel-set selection, thread-count handling and the command line."""
import os
import subprocess
import sys
import threading

import numpy as np
import pytest

import fastconv
from fastconv import _ext


def test_show_config_prints_and_returns_the_facts(capsys):
    cfg = fastconv.show_config()
    text = capsys.readouterr().out
    for key in ("version", "compiler", "openmp", "cpu_features", "isa", "num_threads"):
        assert key in cfg
    assert cfg["version"] == fastconv.__version__
    assert cfg["isa"] in cfg["isa_available"]
    for word in ("fastconv", "compiler", "OpenMP", "CPU features", "kernel set", "threads"):
        assert word in text


def test_cli_info():
    out = subprocess.run([sys.executable, "-m", "fastconv", "info"], capture_output=True,
                         text=True, check=True).stdout
    assert "kernel set" in out and "OpenMP" in out


KNOWN_ISAS = ["generic", "avx2", "avx512"]


@pytest.mark.parametrize("name", KNOWN_ISAS)
def test_isa_env_forces_a_kernel_set(name):
    if name not in _ext.isa_available():
        pytest.skip(f"{name} does not run here")
    env = dict(os.environ, FASTCONV_ISA=name)
    code = ("import fastconv, io; s = io.StringIO(); cfg = fastconv.show_config(s); "
            "print(cfg['isa']); print(s.getvalue())")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=env, check=True).stdout
    assert out.splitlines()[0] == name
    assert f"kernel set:    {name} " in out and "forced by FASTCONV_ISA" in out


def test_isa_env_unknown_warns_and_keeps_best():
    env = dict(os.environ, FASTCONV_ISA="sse9")
    code = "import fastconv; print(fastconv.get_config()['isa'])"
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=env, check=True)
    assert "FASTCONV_ISA" in res.stderr
    assert res.stdout.strip() == _ext.isa_available()[-1]


def test_isa_env_unavailable_set_warns_and_keeps_best():
    missing = [name for name in KNOWN_ISAS if name not in _ext.isa_available()]
    if not missing:
        pytest.skip("every kernel set runs here")
    env = dict(os.environ, FASTCONV_ISA=missing[0])
    code = "import fastconv; print(fastconv.get_config()['isa'])"
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=env, check=True)
    assert "not available" in res.stderr
    assert res.stdout.strip() == _ext.isa_available()[-1]


def test_best_kernel_set_selected_by_default():
    if os.environ.get("FASTCONV_ISA"):
        pytest.skip("FASTCONV_ISA is set for this run")
    assert _ext.isa_current() == _ext.isa_available()[-1]


def test_kernel_sets_follow_cpu_features():
    """isa_available() is the compiled sets the CPU runs, in order of preference (best last)."""
    feats = _ext.cpu_features()
    avail = _ext.isa_available()
    compiled = _ext.isa_compiled()
    assert avail[0] == "generic" and set(avail) <= set(compiled) <= set(KNOWN_ISAS)
    assert avail == [name for name in KNOWN_ISAS if name in avail]
    if "avx2" in compiled:
        assert ("avx2" in avail) == feats["avx2_fma"]
    if "avx512" in compiled:
        assert ("avx512" in avail) == feats["avx512"]
    if feats["avx512"]:
        assert feats["avx512f"] and feats["avx2_fma"]


@pytest.mark.parametrize("name", KNOWN_ISAS)
def test_use_isa_switches_and_restores(name):
    from fastconv._config import use_isa
    before = _ext.isa_current()
    if name not in _ext.isa_available():
        with pytest.raises(ValueError, match="not available"):
            with use_isa(name):
                pass
        assert _ext.isa_current() == before
        return
    with use_isa(name):
        assert _ext.isa_current() == name
        assert fastconv.get_config()["isa"] == name
        mr, nr = _ext.gemm_tile(False)
        assert mr >= 1 and nr >= 1
    assert _ext.isa_current() == before


def test_unavailable_isa_rejected():
    with pytest.raises(ValueError, match="not available"):
        _ext.isa_select("sse9")
    for name in KNOWN_ISAS:
        if name not in _ext.isa_available():
            with pytest.raises(ValueError, match="not available"):
                _ext.isa_select(name)


def test_set_and_get_num_threads():
    before = fastconv.get_num_threads()
    try:
        fastconv.set_num_threads(3)
        assert fastconv.get_num_threads() == 3
        with fastconv.num_threads(1):
            assert fastconv.get_num_threads() == 1
            with fastconv.num_threads(2):
                assert fastconv.get_num_threads() == 2
            assert fastconv.get_num_threads() == 1
        assert fastconv.get_num_threads() == 3
    finally:
        fastconv._threads._global = None
    assert fastconv.get_num_threads() == before


@pytest.mark.parametrize("bad, exc", [(0, ValueError), (-2, ValueError), (1.5, TypeError),
                                      ("2", TypeError), (True, TypeError)])
def test_bad_thread_counts(bad, exc):
    with pytest.raises(exc, match="^set_num_threads: n must be a positive integer"):
        fastconv.set_num_threads(bad)
    with pytest.raises(exc, match="^num_threads: n must be a positive integer"):
        with fastconv.num_threads(bad):
            pass


def test_num_threads_context_is_per_python_thread():
    seen = {}
    barrier = threading.Barrier(2)

    def worker():
        with fastconv.num_threads(1):
            barrier.wait()
            seen["worker"] = fastconv.get_num_threads()
            barrier.wait()

    t = threading.Thread(target=worker)
    t.start()
    with fastconv.num_threads(4):
        barrier.wait()
        seen["main"] = fastconv.get_num_threads()
        barrier.wait()
    t.join()
    assert seen == {"worker": 1, "main": 4}


def test_default_follows_openmp_runtime():
    env = dict(os.environ, OMP_NUM_THREADS="1")
    code = "import fastconv; print(fastconv.get_num_threads())"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=env, check=True).stdout.strip()
    assert out == "1"


def test_threadpoolctl_limits_apply():
    threadpoolctl = pytest.importorskip("threadpoolctl")
    if not _ext.openmp_enabled():
        pytest.skip("built without OpenMP")
    x = np.ones((1, 1, 4, 4), np.float32)
    fastconv.conv2d(x, np.ones((1, 1, 1, 1), np.float32))  # OpenMP runtime loaded
    with threadpoolctl.threadpool_limits(1, user_api="openmp"):
        assert fastconv.get_num_threads() == 1


@pytest.mark.parametrize("name", KNOWN_ISAS)
def test_peak_probe_measures_something_plausible(name):
    """Each kernel set's FMA probe runs and counts its FLOPs (0.05 s: about 10^9 or more here)."""
    from fastconv._config import use_isa
    if name not in _ext.isa_available():
        pytest.skip(f"{name} does not run here")
    with use_isa(name):
        one = _ext.peak_gflops(False, 1, 0.05)
        f64 = _ext.peak_gflops(True, 1, 0.05)
        assert _ext.peak_gflops(False, 1, 0.0) == 0.0
    assert one > 0.5 and f64 > 0.25
