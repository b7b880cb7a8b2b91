"""The ``fpsphere sweep`` subcommand: parse, validate, one call to :func:`run_config_sweep`.

``fpsphere sweep CONFIG.toml -o OUTDIR [--scheduler ADDRESS] [--workers N] [--quiet]``
runs (or resumes) the sweep of a run configuration with a ``[sweep]`` table.
:func:`add_sweep_parser` adds it to the ``fpsphere`` command's subparsers.
"""

from __future__ import annotations

import argparse

__all__ = ["add_sweep_parser", "cmd_sweep"]

EPILOG = """\
Without --workers or --scheduler the points run in this process.  --workers N runs
them on N local processes; --scheduler ADDRESS (tcp://host:8786) on a Dask cluster,
--scheduler local on a Dask LocalCluster of --workers processes.  Finished points are
checkpointed in OUTDIR/results.jsonl as they arrive: rerun the same command to
resume.  The table is written to OUTDIR/results.csv and OUTDIR/results.npz.
"""


def cmd_sweep(args: argparse.Namespace) -> int:
    """Run the sweep of ``args.config`` into ``args.output``; print a summary."""
    from fpsphere.sweep.configured import run_config_sweep

    outcome = run_config_sweep(args.config, args.output, scheduler=args.scheduler,
                               workers=args.workers, progress=not args.quiet,
                               max_points=args.max_points, retry_errors=args.retry_errors)
    if not args.quiet:
        state = "complete" if outcome.complete else f"{outcome.remaining} points left"
        print(f"sweep {state}: {outcome.computed} computed, {outcome.skipped} already done, "
              f"{outcome.failed} failed; table in {outcome.outdir / 'results.csv'}")
    return 0


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected an integer >= 1, got {text}")
    return value


def add_sweep_parser(subparsers) -> argparse.ArgumentParser:
    """Add ``sweep`` to an ``argparse`` subparsers object; returns its parser.

    The parser sets ``func=cmd_sweep`` (the ``fpsphere`` CLI calls ``args.func(args)``).
    """
    parser = subparsers.add_parser(
        "sweep", help="run a parameter sweep of a config with a [sweep] table (resumable)",
        description="Run a parameter sweep: a run configuration with a [sweep] table.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("config", help="TOML run configuration with a [sweep] table")
    parser.add_argument("-o", "--output", required=True, metavar="OUTDIR",
                        help="output directory (reuse it to resume)")
    parser.add_argument("--scheduler", metavar="ADDRESS",
                        help="Dask scheduler address, or 'local' for a LocalCluster")
    parser.add_argument("--workers", type=_positive, metavar="N",
                        help="worker processes (default: run in this process)")
    parser.add_argument("--max-points", type=int, default=None, metavar="K",
                        help="stop after K new points (resume later)")
    parser.add_argument("--retry-errors", action="store_true",
                        help="recompute points that failed in an earlier run")
    parser.add_argument("-q", "--quiet", action="store_true",
                        help="no progress bar, no summary")
    parser.set_defaults(func=cmd_sweep)
    return parser
