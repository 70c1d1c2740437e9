"""Command line: `python -m fastconv info` prints the build and run-time configuration;
`python -m fastconv bench` times the convolution's strategies beside PyTorch and NumPy
(`python -m fastconv bench --help`)."""
import argparse
import sys


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m fastconv", description=__doc__)
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("info", help="version, compiler, OpenMP, CPU features, kernel set, threads")
    bench_parser = sub.add_parser(
        "bench", help="time direct, im2col and auto beside PyTorch and NumPy on the standard "
                      "layers and pooling; a table, --json, --plot")
    from .bench import build_parser, run_args
    build_parser(bench_parser)
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parser.parse_args(argv)
    if args.command in (None, "info"):
        import fastconv
        fastconv.show_config()
        return 0
    if args.command == "bench":
        return run_args(args, bench_parser, argv[1:])
    parser.error(f"unknown command {args.command!r}")


if __name__ == "__main__":
    sys.exit(main())
