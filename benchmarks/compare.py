"""Side-by-side medians in one process, as markdown tables: fastconv's GEMM against numpy.matmul
(OpenBLAS); the convolution (every pass; direct, im2col and auto) against PyTorch when installed
and, with --numpy, the best plain NumPy formulation (the table of `python -m fastconv bench
--layout wide --markdown`, whose code it runs); pooling, ReLU and the dense layer against PyTorch
(--pool, hot loop or --cold caches).

    python benchmarks/compare.py [--gemm] [--conv] [--threads 2] [--rounds 5] [--dtype float64]
                                 [--algorithms direct,im2col,auto] [--numpy] [--shapes a,b] [--wait-idle]
    python benchmarks/compare.py --pool [--cold]   # pooling, ReLU, linear vs PyTorch, in GB/s
    python benchmarks/compare.py --nn [--dtype float64]  # a whole training step vs PyTorch
"""
import argparse
import time

import numpy as np

import fastconv
from fastconv import _benchlib, _ext, bench
from fastconv._benchlib import (STANDARD_POOL_SHAPES, STEP_MODELS, alternating_medians,
                                pool_bytes, step_contenders, step_flops)

try:
    import torch
    import torch.nn.functional as F
except ImportError:
    torch = None


def gemm_table(threads, rounds, peak):
    print(f"\n### GEMM, {threads} thread(s): fastconv.matmul vs numpy.matmul (OpenBLAS)\n")
    print("| dtype | n | fastconv ms | GFLOP/s | % of peak | numpy ms | GFLOP/s | "
          "fastconv / numpy speed |")
    print("|---|---|---|---|---|---|---|---|")
    for dtype in (np.float32, np.float64):
        for n in (256, 512, 1024, 2048):
            rng = np.random.default_rng(0)
            a = rng.standard_normal((n, n)).astype(dtype)
            b = rng.standard_normal((n, n)).astype(dtype)
            c = np.empty((n, n), dtype)
            with fastconv.num_threads(threads):
                t = alternating_medians({"fc": lambda: fastconv.matmul(a, b, out=c),
                                         "np": lambda: np.matmul(a, b, out=c)},
                                        rounds=rounds, block=3 if n < 2048 else 2)
            f = 2.0 * n ** 3
            pk = peak[np.dtype(dtype).name]
            print(f"| {np.dtype(dtype).name} | {n} | {t['fc'] * 1e3:.2f} | {f / t['fc'] / 1e9:.1f} | "
                  f"{100 * f / t['fc'] / 1e9 / pk:.0f}% | "
                  f"{t['np'] * 1e3:.2f} | {f / t['np'] / 1e9:.1f} | {t['np'] / t['fc']:.2f} |")


def conv_table(threads, rounds, dtype, algorithms, with_numpy, shapes, wait_idle):
    """Every pass of the standard shapes: the bench command's wide markdown table (its code)."""
    argv = ["--layout", "wide", "--markdown", "--threads", str(threads), "--rounds", str(rounds),
            "--dtype", dtype, "--algorithms", algorithms, "--shapes", shapes or "conv",
            "--compare", ",".join((["torch"] if torch is not None else [])
                                  + (["numpy"] if with_numpy else [])) or "none"]
    print()
    bench.main(argv + (["--wait-idle"] if wait_idle else []))


# ---- pooling, ReLU and the dense layer (--pool) ----

def cold_medians(contenders, rounds, evict):
    """Like alternating_medians, but each timed call runs after `evict` (untimed) has pushed the
    operands out of the caches: DRAM-resident timings."""
    times = {name: [] for name in contenders}
    for _ in range(rounds):
        for name, fn in contenders.items():
            for _ in range(3):
                evict()
                t0 = time.perf_counter()
                fn()
                times[name].append(time.perf_counter() - t0)
    return {name: sorted(ts)[len(ts) // 2] for name, ts in times.items()}


def pool_table(threads, rounds, cold):
    """Pooling and ReLU in GB/s (bytes read + written, each array once) against a plain parallel
    copy of the input's size in the same run, and against PyTorch: the bench command's wide
    pooling table (its contenders and code), hot or cold."""
    mode = "cold caches (operands evicted before each call: DRAM-resident)" if cold else \
        "hot loop (repeated calls: operands partly cache-resident)"
    print(f"\n### Pooling and ReLU, {threads} thread(s), float32, {mode}"
          + (" vs PyTorch " + torch.__version__ if torch else " (PyTorch not installed)") + "\n")
    big = np.ones(1 << 28, np.uint8)  # 256 MiB, far beyond the 32 MiB L3
    big_dst = np.empty_like(big)

    def evict():
        _ext.stream_copy(big, big_dst, threads)

    def medians(contenders):
        with fastconv.num_threads(threads):
            if cold:
                return cold_medians(contenders, rounds, evict)
            return alternating_medians(contenders, rounds=rounds, block=5, settle=0.15)

    t = medians({"copy": lambda: _ext.stream_copy(big, big_dst, threads)})
    dram = 2 * big.nbytes / t["copy"] / 1e9
    print(f"Copy yardstick (fastconv._ext.stream_copy: ordinary loads and stores, {threads} "
          f"thread(s)): 256 MiB -> 256 MiB at {dram:.1f} GB/s (DRAM). Each shape's '% of copy' "
          "is against a copy of its input's size measured beside it (bytes read + written).\n")
    rows = []

    def add(name, dims, op, contenders, nbytes, copy_gbps):
        times = medians(contenders)
        rows.extend(bench.result_row("pool", name, dims, None, op, c, times, threads,
                                     np.float32, nbytes, "GB/s", copy_gbps) for c in times)

    for s in STANDARD_POOL_SHAPES:
        d = bench.pool_data(s)
        copy_gbps = 2 * d.x.nbytes / medians({"copy": bench.copy_call(d.x.nbytes, threads)})[
            "copy"] / 1e9
        for op in bench.POOL_OPS:
            contenders = {"fastconv": bench.pool_call(s, d, op)}
            if torch is not None:
                contenders["torch"] = bench.torch_pool_call(torch, s, d, op)
            add(f"{s.name} ({s.N}x{s.C}x{s.H}x{s.W})", s._asdict(), op, contenders,
                pool_bytes(s, op), copy_gbps)
    # ReLU on the ResNet stem's activation
    shape = (8, 64, 112, 112)
    rng = np.random.default_rng(1)
    x = rng.standard_normal(shape).astype(np.float32)
    g = rng.standard_normal(shape).astype(np.float32)
    out = np.empty_like(x)
    copy_gbps = 2 * x.nbytes / medians({"copy": bench.copy_call(x.nbytes, threads)})[
        "copy"] / 1e9
    for op, fn, nb in (("fwd", lambda: fastconv.relu(x, out=out), 2 * x.nbytes),
                       ("bwd", lambda: fastconv.relu_backward(g, x), 3 * x.nbytes)):
        contenders = {"fastconv": fn}
        if torch is not None:
            tx, tg = torch.from_numpy(x), torch.from_numpy(g)
            contenders["torch"] = ((lambda: torch.relu(tx)) if op == "fwd" else
                                   (lambda: torch.ops.aten.threshold_backward(tg, tx, 0)))
        add(f"relu ({'x'.join(map(str, shape))})", {"shape": shape}, op, contenders, nb,
            copy_gbps)
    print(bench.pool_table_wide(rows, markdown=True), flush=True)


def linear_table(threads, rounds, peak):
    print(f"\n### Dense layer (linear), {threads} thread(s), float32"
          + (" vs PyTorch " + torch.__version__ if torch else "") + "\n")
    print("| layer (batch, in -> out) | pass | fastconv ms | GFLOP/s | % of peak | torch ms | "
          "GFLOP/s | fastconv / torch speed |")
    print("|---|---|---|---|---|---|---|---|")
    for name, batch, fin, fout in (("fc_4096", 64, 4096, 4096), ("fc_1000", 64, 4096, 1000),
                                   ("fc_small", 256, 512, 10)):
        rng = np.random.default_rng(2)
        x = rng.standard_normal((batch, fin)).astype(np.float32)
        w = rng.standard_normal((fout, fin)).astype(np.float32)
        b = rng.standard_normal(fout).astype(np.float32)
        g = rng.standard_normal((batch, fout)).astype(np.float32)
        passes = {"fwd": (lambda: fastconv.linear(x, w, b), 1),
                  "bwd": (lambda: fastconv.linear_backward(g, x, w), 2)}
        if torch is not None:
            tx, tw, tb, tg = (torch.from_numpy(a) for a in (x, w, b, g))
            tpasses = {"fwd": lambda: F.linear(tx, tw, tb),
                       "bwd": lambda: (tg @ tw, tg.t() @ tx, tg.sum(0))}
        for op, (fn, mult) in passes.items():
            flops = 2.0 * batch * fin * fout * mult
            contenders = {"fc": fn}
            if torch is not None:
                contenders["torch"] = tpasses[op]
            with fastconv.num_threads(threads):
                t = alternating_medians(contenders, rounds=rounds, block=3)
            tt = t.get("torch")
            print(f"| {name} ({batch}, {fin} -> {fout}) | {op} | {t['fc'] * 1e3:.3f} | "
                  f"{flops / t['fc'] / 1e9:.1f} | {100 * flops / t['fc'] / 1e9 / peak:.0f}% | "
                  + (f"{tt * 1e3:.3f} | {flops / tt / 1e9:.1f} | {tt / t['fc']:.2f} |" if tt
                     else "- | - | - |"), flush=True)


def nn_table(threads, rounds, dtype=np.float32):
    """One training step (forward, cross-entropy, backward, SGD with momentum) of whole models,
    fastconv.nn against the same model in torch.nn from the same weights, on the same batch:
    with the input as data (no gradient for it, as in training) and with its gradient computed
    by both; then fastconv with every convolution pass forced to algorithm="direct"."""
    dt = np.dtype(dtype).name
    print(f"\n### Training step (fastconv.nn vs torch.nn), {threads} thread(s), {dt}"
          + (", PyTorch " + torch.__version__ if torch else " (PyTorch not installed)") + "\n")
    print("| model (batch) | fastconv convolutions | input gradient | fastconv ms | GFLOP/s | "
          "torch ms | GFLOP/s | fastconv / torch speed |")
    print("|---|---|---|---|---|---|---|---|")
    for spec in STEP_MODELS:
        for algorithm, input_grad in (("auto", False), ("auto", True), ("direct", False)):
            contenders = step_contenders(spec, torch, dtype, input_grad, algorithm=algorithm)
            small = spec.batch * np.prod(spec.input_shape) < 1e5
            with fastconv.num_threads(threads):
                t = alternating_medians(contenders, rounds=rounds, block=5 if small else 2)
            f = step_flops(spec, input_grad)
            fc, tt = t["fastconv"], t.get("torch")
            what = "computed (both)" if input_grad else "none (input is data)"
            print(f"| {spec.name} ({spec.batch}) | {algorithm} | {what} | {fc * 1e3:.3f} | "
                  f"{f / fc / 1e9:.1f} | "
                  + (f"{tt * 1e3:.3f} | {f / tt / 1e9:.1f} | {tt / fc:.2f} |" if tt
                     else "- | - | - |"), flush=True)


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--gemm", action="store_true")
    p.add_argument("--conv", action="store_true")
    p.add_argument("--pool", action="store_true",
                   help="pooling and ReLU (GB/s against a copy) and the dense layer, vs PyTorch")
    p.add_argument("--cold", action="store_true",
                   help="with --pool: evict the caches before every timed call (DRAM-resident)")
    p.add_argument("--nn", action="store_true",
                   help="one training step of whole models (fastconv.nn) vs PyTorch")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--dtype", choices=["float32", "float64"], default="float32",
                   help="dtype of the convolution and training-step tables")
    p.add_argument("--algorithms", default="direct,im2col,auto",
                   help="convolution algorithms to time (comma-separated)")
    p.add_argument("--numpy", action="store_true",
                   help="time the best plain NumPy formulation beside them (slow)")
    p.add_argument("--shapes", help="standard shapes to run (comma-separated names)")
    p.add_argument("--wait-idle", action="store_true",
                   help="start each round of timings only when the CPUs are idle (a shared "
                        "machine: other users' jobs are not timed)")
    args = p.parse_args()
    if args.wait_idle:
        _benchlib.WAIT_IDLE = True
    if torch is not None:
        torch.set_num_threads(args.threads)
    try:  # numpy's BLAS gets the same thread count, where threadpoolctl can set it
        from threadpoolctl import threadpool_limits
        threadpool_limits(args.threads, user_api="blas")
    except ImportError:
        print("(threadpoolctl not installed: numpy's BLAS uses its default thread count)")
    if args.nn:
        nn_table(args.threads, args.rounds, np.dtype(args.dtype))
        return
    if args.pool or args.gemm or not args.conv:
        m = bench.machine_info(torch)
        print(bench.header_line(m, [args.threads]))
        peak = {}
        for dt in ("float32", "float64"):
            g = bench.measure_peak(dt, args.threads)
            peak[dt] = g
            print(bench.peak_line({"gflops": g, "dtype": dt, "threads": args.threads,
                                   "source": "measured",
                                   "clock_ghz": bench.clock_ghz(g, args.threads, dt,
                                                                m["kernel_set"])},
                                  m["kernel_set"]))
    if args.pool:
        pool_table(args.threads, args.rounds, args.cold)
        linear_table(args.threads, args.rounds, peak["float32"])
        return
    if args.gemm or not args.conv:
        gemm_table(args.threads, args.rounds, peak)
    if args.conv or not args.gemm:
        conv_table(args.threads, args.rounds, args.dtype, args.algorithms, args.numpy,
                   args.shapes, args.wait_idle)


if __name__ == "__main__":
    main()
