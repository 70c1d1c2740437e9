"""Command line: `python -m fastconv info` prints the build and run-time configuration."""
import argparse
import sys


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m fastconv", description=__doc__)
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("info", help="version, compiler, OpenMP, CPU features, kernel set, threads")
    args = parser.parse_args(argv)
    if args.command in (None, "info"):
        import fastconv
        fastconv.show_config()
        return 0
    parser.error(f"unknown command {args.command!r}")


if __name__ == "__main__":
    sys.exit(main())
