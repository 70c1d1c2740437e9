"""`python -m fastconv bench` and its contenders: the command end to end in --quick mode on tiny
shapes (one repetition), its JSON fields, --plot, bad options, and the plain-NumPy formulations
it times against fastconv (they must compute the same thing, or the ratios mean nothing).
No timing is asserted: speed is measured by the command, never tested."""
import json
import os
import re
import subprocess
import sys

import numpy as np
import pytest

import fastconv
from fastconv import _benchlib, bench
from fastconv._benchlib import ConvShape, PoolShape

TINY = "2,4,10,10,8,3,3,1,1"  # N,C,H,W,K,R,S,stride,pad
FAST = ["--quick", "--rounds", "1", "--settle", "0"]


def _have(module):
    try:
        __import__(module)
    except ImportError:
        return False
    return True


# ---- the NumPy contenders compute what fastconv computes ----

CONV_CASES = [  # N, C, H, W, K, R, S, stride, pad, groups, dilation
    (2, 4, 11, 13, 6, 3, 3, 2, 1, 1, 2),
    (2, 4, 9, 9, 4, 3, 3, 1, 1, 4, 1),  # depthwise
    (2, 4, 9, 9, 6, 3, 2, 1, 0, 2, 1),  # groups
    (1, 3, 15, 15, 8, 5, 5, 3, 2, 1, 1),
]


@pytest.mark.parametrize("case", CONV_CASES, ids=str)
def test_numpy_conv_formulations_match_fastconv(case):
    s = ConvShape("t", *case)
    d = bench.conv_data(s, np.float64, seed=3)
    ref = {"fwd": fastconv.conv2d(d.x, d.w, **d.kw),
           "bwd_input": fastconv.conv2d_backward_input(d.g, d.w, d.x.shape, **d.kw),
           "bwd_weight": fastconv.conv2d_backward_weight(d.g, d.x, d.w.shape, **d.kw)}
    for pass_ in bench.CONV_PASSES:
        calls = bench.numpy_conv_calls(d, pass_)
        assert len(calls) == (2 if pass_ == "fwd" and s.groups == 1 else 1)
        for fn in calls:
            np.testing.assert_allclose(fn(), ref[pass_], rtol=1e-10, atol=1e-10)


@pytest.mark.parametrize("shape", [PoolShape("a", 2, 3, 11, 12, 3, 2, 1),
                                   PoolShape("b", 2, 3, 11, 12, 3, 2, 0),
                                   PoolShape("c", 1, 2, 8, 10, 2, 2, 0),
                                   PoolShape("d", 1, 2, 9, 9, 3, 1, 1)], ids=lambda s: s.name)
@pytest.mark.parametrize("dtype", [np.float32, np.float64], ids=lambda d: np.dtype(d).name)
def test_numpy_pool_formulations_match_fastconv(shape, dtype):
    d = bench.pool_data(shape, dtype, seed=5)
    for op in bench.POOL_OPS:
        got, want = bench.numpy_pool_call(shape, d, op)(), bench.pool_call(shape, d, op)()
        if op == "max_fwd_idx":
            np.testing.assert_array_equal(got[0], want[0])
            np.testing.assert_array_equal(got[1], want[1])
        else:
            assert got.dtype == want.dtype and got.shape == want.shape
            tol = 1e-6 if dtype == np.float32 else 1e-13
            np.testing.assert_allclose(got, want, rtol=tol, atol=tol)


def test_conv_flops_counts_dilation():
    s = ConvShape("t", 2, 4, 10, 10, 8, 3, 3, 1, 0, 1, 2)  # 10 - 2*2 = 6 outputs per axis
    assert _benchlib.conv_output_hw(s) == (6, 6)
    assert _benchlib.conv_flops(s) == 2 * 2 * 8 * 36 * 4 * 9
    y = fastconv.conv2d(np.zeros((2, 4, 10, 10)), np.zeros((8, 4, 3, 3)), dilation=2)
    assert y.shape[2:] == (6, 6)


# ---- the command ----

def _run(argv, capsys):
    """bench.main in this process; returns (exit status, stdout, stderr)."""
    code = bench.main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_bench_quick_end_to_end(tmp_path):
    """The real command line in its own process: tables, progress, JSON and (with matplotlib)
    the PNG."""
    js, png = tmp_path / "bench.json", tmp_path / "bench.png"
    compare = "torch,numpy" if _have("torch") else "numpy"
    argv = [sys.executable, "-m", "fastconv", "bench", *FAST, "--custom", TINY,
            "--shapes", "pool_2x2s2", "--compare", compare, "--json", str(js)]
    if _have("matplotlib"):
        argv += ["--plot", str(png)]
    res = subprocess.run(argv, capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    out = res.stdout
    assert "peak" in out and "GFLOP/s" in out and "GB/s" in out
    for word in ("custom", "fwd", "bwd_input", "bwd_weight", "direct", "im2col", "auto (",
                 "pool_2x2s2", "max_fwd_idx", "avg_bwd", "numpy", "vs numpy"):
        assert word in out
    # progress: which measurement, out of how many, then a summary line
    assert "[1/8]" in res.stderr and "[8/8]" in res.stderr and "done: 8 measurements" in res.stderr
    report = json.loads(js.read_text())
    assert report["complete"] is True
    rows = report["results"]
    strategies = ["direct", "im2col", "auto", "numpy"] + (["torch"] if "torch" in compare else [])
    conv = [r for r in rows if r["kind"] == "conv"]
    assert len(conv) == 3 * len(strategies)
    assert {r["strategy"] for r in conv} == set(strategies)
    pool = [r for r in rows if r["kind"] == "pool"]
    assert {r["op"] for r in pool} == set(bench.POOL_OPS)
    if _have("matplotlib"):
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_json_has_the_documented_fields(tmp_path, capsys):
    js = tmp_path / "r.json"
    code, out, _ = _run([*FAST, "--custom", TINY + ",1,2", "--compare", "numpy", "--peak", "100",
                         "--json", str(js)], capsys)
    assert code == 0 and f"wrote {js}" in out
    report = json.loads(js.read_text())
    top = {"schema", "date", "complete", "elapsed_s", "other_load", "rounds_redone", "command",
           "machine", "settings", "peak", "results"}
    assert set(report) == top
    assert report["schema"] == bench.SCHEMA
    assert set(report["machine"]) == {"cpu", "cores", "platform", "python", "fastconv", "numpy",
                                      "torch", "kernel_set", "compiler", "openmp"}
    assert set(report["settings"]) == {"threads", "dtype", "quick", "rounds", "block",
                                       "numpy_rounds", "settle_s", "wait_idle", "algorithms",
                                       "passes", "compare", "shapes"}
    assert report["settings"]["shapes"][0]["dims"]["groups"] == 2
    # the installed PyTorch is named even when it is not compared
    torch_version = bench._installed_version("torch")
    assert report["machine"]["torch"] == torch_version
    assert (f"torch {torch_version}" if torch_version else "torch not installed") in out
    assert report["peak"] == [{"threads": report["settings"]["threads"][0], "dtype": "float32",
                               "gflops": 100.0, "source": "given",
                               "clock_ghz": report["peak"][0]["clock_ghz"], "other_load": None}]
    row_keys = {"kind", "shape", "dims", "pass", "op", "strategy", "picks", "threads", "dtype",
                "median_s", "work", "unit", "rate", "peak", "pct_of_peak", "vs_torch",
                "vs_numpy", "other_load"}
    for r in report["results"]:
        assert set(r) == row_keys
        assert r["median_s"] > 0 and r["work"] > 0 and r["unit"] == "GFLOP/s"
        assert r["rate"] == pytest.approx(r["work"] / r["median_s"] / 1e9)
        assert r["pct_of_peak"] == pytest.approx(r["rate"])  # peak 100
        assert (r["picks"] in ("direct", "im2col")) == (r["strategy"] == "auto")
        assert (r["vs_numpy"] is None) == (r["strategy"] == "numpy")
        assert r["vs_torch"] is None
        assert r["other_load"] is None or 0 <= r["other_load"] <= 1
    assert report["other_load"] is None or 0 <= report["other_load"] <= 1
    assert report["rounds_redone"] == 0  # no --wait-idle: nothing is redone
    assert "of the CPUs' time while this run timed" in out
    # every field is described in the module docstring (the --help-json text)
    doc = bench.__doc__
    for key in top | set(report["machine"]) | set(report["settings"]) | row_keys:
        assert key in doc, key


def test_load_prints_a_saved_run(tmp_path, capsys):
    js = tmp_path / "r.json"
    code, out, _ = _run([*FAST, "--custom", TINY, "--compare", "none", "--peak", "100",
                         "--passes", "fwd", "--json", str(js)], capsys)
    assert code == 0
    code, wide, _ = _run(["--load", str(js), "--layout", "wide", "--markdown"], capsys)
    assert code == 0 and "| custom | fwd |" in wide and "peak 100 GFLOP/s" in wide
    bad = tmp_path / "bad.json"
    bad.write_text("{}")
    for path, msg in ((bad, "not a saved run"), (tmp_path / "none.json", "--load")):
        with pytest.raises(SystemExit):
            bench.main(["--load", str(path)])
        assert msg in capsys.readouterr().err


def test_load_note_warns_when_others_were_busy():
    row = {"threads": 2, "shape": "vgg", "op": None, "pass": "fwd", "other_load": 0.4}
    assert bench.load_note({"other_load": None, "results": []}) == ""
    note = bench.load_note({"other_load": 0.01, "results": [row]})
    assert "used 1% of the CPUs" in note and "more than 10%: vgg fwd (40%)" in note
    quiet = dict(row, other_load=0.02)
    assert "busiest" not in bench.load_note({"other_load": 0.01, "results": [quiet]})
    note = bench.load_note({"other_load": 0.2, "results": [row]})
    assert note.startswith("WARNING: other processes used 20%") and "vgg fwd (40%)" in note
    assert "--wait-idle" in note
    note = bench.load_note({"other_load": 0.0, "rounds_redone": 3, "results": [row],
                            "peak": [{"other_load": 0.5}]})
    assert "3 round(s) disturbed" in note and "probed while other processes used 50%" in note


def test_wait_idle_redoes_disturbed_rounds(monkeypatch):
    """A --wait-idle round during which others took the CPUs is run again, at most `rounds`
    extra times; the kept rounds' loads are recorded."""
    from fastconv import _benchlib
    seen = iter([0.5, 0.0, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5])

    class FakeLoad:
        def stop(self):
            return next(seen)

    monkeypatch.setattr(_benchlib, "OtherLoad", FakeLoad)
    monkeypatch.setattr(_benchlib, "wait_until_idle", lambda: None)
    calls, loads = [], []
    _benchlib.alternating_medians({"a": lambda: calls.append(1)}, rounds=2, block=1, settle=0,
                                  wait_idle=True, loads=loads)
    assert [b for b, _ in loads] == ["redone", 0.0, "redone", 0.5]
    assert len(calls) == 4 * 2  # a settle call and a timed call per round, redone ones too
    assert _benchlib.mean_load([(0.0, 1.0), (0.5, 3.0), ("redone", 9.0)]) == 0.375


def test_help_json_describes_the_fields(capsys):
    code, out, _ = _run(["--help-json"], capsys)
    assert code == 0 and "results" in out and "pct_of_peak" in out


def test_plot_writes_a_png(tmp_path, capsys):
    pytest.importorskip("matplotlib")
    png = tmp_path / "p.png"
    code, out, _ = _run([*FAST, "--custom", TINY, "--shapes", "pool_2x2s2", "--passes", "fwd",
                         "--compare", "none", "--peak", "50", "--threads", "1,2",
                         "--plot", str(png)], capsys)
    assert code == 0 and f"wrote {png}" in out
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_plot_without_matplotlib_is_a_clear_error(monkeypatch, tmp_path, capsys):
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib now fails
    with pytest.raises(SystemExit) as e:
        bench.main(["--custom", TINY, "--plot", str(tmp_path / "p.png")])
    assert e.value.code == 2
    err = capsys.readouterr().err
    assert "--plot needs matplotlib" in err and "pip install matplotlib" in err


def test_layouts_threads_and_given_peak(capsys):
    code, out, _ = _run([*FAST, "--custom", TINY, "--compare", "none", "--threads", "1,2",
                         "--peak", "200", "--layout", "wide", "--markdown"], capsys)
    assert code == 0
    # one section per thread count; one value of --peak is the largest count's, shared out
    assert "peak 100 GFLOP/s float32 on 1 thread(s) (given with --peak" in out
    assert "peak 200 GFLOP/s float32 on 2 thread(s) (given with --peak" in out
    assert "### Convolution, float32, 1 thread(s)" in out
    assert "### Convolution, float32, 2 thread(s)" in out
    head = ("| shape | pass | direct | im2col | auto (picks) | auto % of peak | "
            "auto / best of direct, im2col |")
    assert out.count(head) == 2
    assert out.count("| custom | bwd_weight |") == 2
    code, out, _ = _run([*FAST, "--custom", TINY, "--compare", "none", "--peak", "100",
                         "--algorithms", "im2col", "--passes", "backward_input"], capsys)
    assert code == 0
    assert "custom  bwd_input  im2col" in out and "fwd" not in out.split("strategy")[1]


def test_measured_peak_and_its_clock(capsys):
    code, out, _ = _run([*FAST, "--custom", TINY, "--compare", "none", "--passes", "fwd",
                         "--algorithms", "direct"], capsys)
    assert code == 0 and "measured by the FMA probe" in out
    isa = fastconv.get_config()["isa"]
    if isa in ("avx512", "avx2"):
        assert "GHz clock at two" in out
    # 550 GFLOP/s on 2 cores of 16 float32 lanes, 2 FMAs of 2 FLOPs a cycle: 4.30 GHz
    assert bench.clock_ghz(550, 2, np.float32, "avx512") == pytest.approx(550 / 2 / 64)
    assert bench.clock_ghz(275, 2, np.float64, "avx512") == pytest.approx(275 / 2 / 32)
    assert bench.clock_ghz(100, 1, np.float32, "avx2") == pytest.approx(100 / 32)
    assert bench.clock_ghz(100, 1, np.float32, "generic") is None


def test_custom_layers(capsys):
    s = bench.parse_custom("8,32,28,28,64,3,3,2,1")
    assert s == ConvShape("custom", 8, 32, 28, 28, 64, 3, 3, 2, 1, 1, 1)
    s = bench.parse_custom("8, 32, 28, 28, 32, 3, 3, 1, 2, 2, 32", 2)
    assert (s.name, s.dilation, s.groups) == ("custom2", 2, 32)
    # the custom layer runs alone unless --shapes names standard shapes too
    code, out, _ = _run([*FAST, "--custom", TINY, "--custom", "1,8,9,9,8,3,3,1,1,1,8",
                         "--compare", "none", "--peak", "100", "--passes", "fwd"], capsys)
    assert code == 0 and "custom2" in out and "lenet" not in out and "Pooling" not in out


def test_interrupted_run_keeps_what_was_measured(monkeypatch, tmp_path, capsys):
    calls = []
    real = bench.time_contenders

    def stop_second(*a, **k):
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(*a, **k)

    monkeypatch.setattr(bench, "time_contenders", stop_second)
    js = tmp_path / "r.json"
    code, out, _ = _run([*FAST, "--custom", TINY, "--compare", "none", "--peak", "100",
                         "--json", str(js)], capsys)
    assert code == 130 and "interrupted" in out
    report = json.loads(js.read_text())
    assert report["complete"] is False
    assert {r["pass"] for r in report["results"]} == {"fwd"}


BAD = [
    (["--threads", "0"], "--threads takes positive integers"),
    (["--threads", "two"], "--threads takes positive integers"),
    (["--dtype", "float16"], "--dtype must be float32 or float64"),
    (["--compare", "tensorflow"], "--compare: unknown contender 'tensorflow'"),
    (["--shapes", "resnet50"], "--shapes: unknown shape 'resnet50'; choose from conv, pool"),
    (["--passes", "sideways"], "--passes: unknown pass 'sideways'"),
    (["--algorithms", "winograd"], "--algorithms: unknown strategy 'winograd'"),
    (["--custom", "1,2,3"], "--custom takes 9 to 11 comma-separated integers"),
    (["--custom", "1,4,8,8,8,3,3,1,x"], "--custom takes integers"),
    (["--custom", "1,4,8,8,6,3,3,1,1,1,4"], "groups=4 must divide"),
    (["--custom", "1,4,8,8,8,11,11,1,0"], "is not a valid layer"),
    (["--custom", "1,4,8,8,8,3,3,0,1"], "must be positive"),
    (["--custom", "100000000,64,224,224,64,3,3,1,1"], "more than half of this machine's"),
    (["--peak", "-5"], "--peak takes positive GFLOP/s values"),
    (["--peak", "1,2", "--threads", "1,2,3"], "--peak has 2 values for 3 thread counts"),
    (["--rounds", "0"], "--rounds must be at least 1"),
    (["--settle", "-1"], "--settle must be between 0 and 60"),
    (["--layout", "tall"], "--layout must be long or wide"),
    (["--json", "/no/such/folder/r.json"], "--json /no/such/folder/r.json: the folder"),
    (["--shapes", "pool_2x2s2", "--passes", "bwd_weight"], "nothing to run"),
]


@pytest.mark.parametrize("argv,message", BAD, ids=lambda v: " ".join(v) if isinstance(v, list)
                         else None)
def test_bad_options_give_clear_errors(argv, message, capsys):
    with pytest.raises(SystemExit) as e:
        bench.main(argv)
    assert e.value.code == 2
    err = capsys.readouterr().err
    assert message in err, err
    assert err.startswith("usage:")


def test_compare_torch_without_torch_is_a_clear_error(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "torch", None)
    monkeypatch.setattr(bench, "_installed_version", lambda dist: None)
    with pytest.raises(SystemExit):
        bench.main(["--compare", "torch"])
    assert "PyTorch is not installed" in capsys.readouterr().err
    # by default, without torch, there is simply no torch column
    code, out, _ = _run([*FAST, "--custom", TINY, "--peak", "100", "--passes", "fwd"], capsys)
    assert code == 0 and "torch not installed" in out and "vs torch" not in out
    assert re.search(r"^\s*torch\s+[\d.]+", out, re.M) is None


def test_main_help_lists_bench():
    out = subprocess.run([sys.executable, "-m", "fastconv", "--help"], capture_output=True,
                         text=True, check=True, env=dict(os.environ)).stdout
    assert "bench" in out and "info" in out
